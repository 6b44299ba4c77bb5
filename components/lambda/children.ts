import { Roles } from "../transform";
import * as aws from "../aws";

/**
 * The arguments of the children every function component has, by role: keys of its `transform` option and of
 * its `nodes`. Each is named `<name>-<role>` as noted.
 */
export interface FunctionChildArgs {
    /** The function's own IAM role, `<name>-role`. */
    role: aws.iam.RoleArgs;
    /** Each AWS-managed policy attached to the role, `<name>-basic-execution`, `-vpc-access`, `-xray`. */
    policyAttachment: aws.iam.RolePolicyAttachmentArgs;
    /** The role's inline policy (secrets and extra statements), `<name>-policy`, when there is one. */
    policy: aws.iam.RolePolicyArgs;
    /** The function's log group, `<name>-logs`. */
    logs: aws.cloudwatch.LogGroupArgs;
    /** The Lambda function, `<name>-function`. */
    function: aws.lambda.FunctionArgs;
    /** Each alarm on errors and throttles, `<name>-errors-alarm`, `<name>-throttles-alarm`, when alarms are on. */
    alarm: aws.cloudwatch.MetricAlarmArgs;
    /** The function's own security group, `<name>-sg`, in a VPC placement given without groups (an awsx VPC). */
    sg: aws.ec2.SecurityGroupArgs;
    /** That group's HTTPS egress rule, `<name>-https-egress`. */
    httpsEgress: aws.vpc.SecurityGroupEgressRuleArgs;
}

/** Every role of Function's children (checked against FunctionChildArgs). */
export const FUNCTION_ROLES: Roles<FunctionChildArgs> = {
    role: true,
    policyAttachment: true,
    policy: true,
    logs: true,
    function: true,
    alarm: true,
    sg: true,
    httpsEgress: true,
};

/** The children every function component has, by role (see `FunctionChildArgs`). */
export interface FunctionNodes {
    /** The function's own IAM role. */
    role: aws.iam.Role;
    /** The AWS-managed policies attached to the role. */
    policyAttachments: aws.iam.RolePolicyAttachment[];
    /** The role's inline policy, when there is one. */
    policy?: aws.iam.RolePolicy;
    /** The function's log group. */
    logs: aws.cloudwatch.LogGroup;
    /** The Lambda function. */
    function: aws.lambda.Function;
    /** The alarms on errors and throttles (none unless alarms are on). */
    alarms: aws.cloudwatch.MetricAlarm[];
    /** Its own security group, in a VPC placement given without groups. */
    sg?: aws.ec2.SecurityGroup;
    /** That group's HTTPS egress rule. */
    httpsEgress?: aws.vpc.SecurityGroupEgressRule;
}
