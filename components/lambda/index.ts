import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgIssue } from "../errors";
import { NetworkPlacement, ResolvedPlacement, resolvePlacement } from "../network/placement";
import { statefulOptions } from "../removal";
import { Tags, tagsWithName } from "../tags";
import { withDefaults } from "../validation";
import { ownFunctionGroup } from "./security-group";
import { FUNCTION_DEFAULTS, FunctionAlarms, FunctionArgs } from "./args";
import { FunctionChildArgs } from "./children";
import { ChildFactory } from "../transform";
import {
    MANAGED_POLICIES,
    lambdaTrustPolicy,
    managedPolicyArn,
    policyDocument,
    readSecretsStatement,
} from "./policies";

export * from "./args";
export * from "./policies";
export * from "./children";

/** `FunctionArgs` with defaults applied. */
export type ResolvedFunctionArgs = FunctionArgs & typeof FUNCTION_DEFAULTS;

export function withFunctionDefaults<T extends FunctionArgs>(args: T): T & typeof FUNCTION_DEFAULTS {
    return withDefaults(FUNCTION_DEFAULTS, args);
}

const ONE_AZ = "a function in one AZ goes down with it";

/** A function's VPC attachment: a Network's private subnets and function group, or the IDs given. */
export function vpcPlacement(network: NetworkPlacement): ResolvedPlacement | undefined {
    return resolvePlacement("function", network, ONE_AZ).resolved;
}

/** Whether a function's placement names subnets and groups, and the two-AZ rule where the count is known. */
export function checkPlacement(network: NetworkPlacement | undefined): ArgIssue[] {
    return network === undefined ? [] : resolvePlacement("function", network, ONE_AZ).issues;
}

export interface FunctionFoundation {
    role: aws.iam.Role;
    /** The groups the function runs with, as given (so grants can recognise a Network's group); none outside a VPC. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    logGroup: aws.cloudwatch.LogGroup;
    /** Its own security group and rule, made when the VPC placement has no groups (an awsx VPC). */
    ownGroup?: ReturnType<typeof ownFunctionGroup>;
    policyAttachments: aws.iam.RolePolicyAttachment[];
    policy?: aws.iam.RolePolicy;
    /** What the function must wait for: its permissions and its log group. */
    dependencies: pulumi.Resource[];
    /** The `aws.lambda.Function` arguments every function shares. */
    functionArgs: Pick<
        aws.lambda.FunctionArgs,
        | "role"
        | "timeout"
        | "memorySize"
        | "architectures"
        | "environment"
        | "vpcConfig"
        | "replaceSecurityGroupsOnDestroy"
        | "replacementSecurityGroupIds"
        | "tracingConfig"
        | "reservedConcurrentExecutions"
        | "loggingConfig"
        | "tags"
    >;
}

/**
 * What every function needs besides its code: one role of its own (logs, VPC access and tracing when
 * used, and only the secrets it names), its log group with retention, and the shared settings.
 */
export function createFunctionFoundation(
    parent: pulumi.ComponentResource,
    name: string,
    args: ResolvedFunctionArgs,
    extraStatements: pulumi.Input<{ Effect: "Allow"; Action: string[]; Resource: pulumi.Input<string>[] }>[],
    child: ChildFactory<FunctionChildArgs>,
    /** Policies of the role of its own, made before `<name>-policy`, which waits for them (none lost mid-update). */
    ownPolicies: (role: aws.iam.Role) => pulumi.Resource[] = () => [],
): FunctionFoundation {
    const opts = { parent };
    const tags = (role: string) => tagsWithName(args.tags, `${name}-${role}`);
    const role = new aws.iam.Role(
        ...child("role", `${name}-role`, { assumeRolePolicy: lambdaTrustPolicy(), tags: tags("role") }, opts),
    );
    const partition = aws.getPartitionOutput({}, opts).partition;
    const managed: (keyof typeof MANAGED_POLICIES)[] = ["basicExecution"];
    if (args.network) managed.push("vpcAccess");
    if (args.tracing) managed.push("xray");
    const attachmentRole = { basicExecution: "basic-execution", vpcAccess: "vpc-access", xray: "xray" } as const;
    const policyAttachments = managed.map(
        (key) =>
            new aws.iam.RolePolicyAttachment(
                ...child(
                    "policyAttachment",
                    `${name}-${attachmentRole[key]}`,
                    {
                        role: role.name,
                        policyArn: partition.apply((p) => managedPolicyArn(p, MANAGED_POLICIES[key])),
                    },
                    opts,
                ),
            ),
    );
    const dependencies: pulumi.Resource[] = [...policyAttachments];

    const own = ownPolicies(role);
    dependencies.push(...own);
    const statements: pulumi.Input<object>[] = [...extraStatements];
    if (args.secretArns && args.secretArns.length > 0) {
        statements.push(pulumi.all(args.secretArns).apply((arns) => readSecretsStatement(arns)));
    }
    const policy =
        statements.length > 0
            ? new aws.iam.RolePolicy(
                  ...child(
                      "policy",
                      `${name}-policy`,
                      {
                          role: role.id,
                          policy: pulumi.all(statements).apply((s) => policyDocument(s as never)),
                      },
                      { ...opts, dependsOn: own },
                  ),
              )
            : undefined;
    if (policy) dependencies.push(policy);

    const logGroup = new aws.cloudwatch.LogGroup(
        ...child(
            "logs",
            `${name}-logs`,
            {
                name: `/aws/lambda/${name}`,
                retentionInDays: args.logRetentionInDays,
                tags: tags("logs"),
            },
            statefulOptions(args.removal, opts),
        ),
    );
    dependencies.push(logGroup);

    const placement = args.network ? vpcPlacement(args.network) : undefined;
    const ownGroup =
        placement && !placement.securityGroupIds
            ? ownFunctionGroup(parent, name, placement.ownGroupVpcId!, args.tags, child)
            : undefined;
    const securityGroupIds = ownGroup ? [ownGroup.securityGroup.id] : (placement?.securityGroupIds ?? []);
    const environment =
        args.environment && Object.keys(args.environment).length > 0
            ? { variables: refuseSecretValues(args.environment) }
            : undefined;
    return {
        role,
        securityGroupIds,
        ownGroup,
        logGroup,
        policyAttachments,
        policy,
        dependencies,
        functionArgs: {
            role: role.arn,
            timeout: args.timeout,
            memorySize: args.memorySize,
            architectures: [args.architecture],
            environment,
            vpcConfig: placement && { subnetIds: placement.subnetIds, securityGroupIds },
            replaceSecurityGroupsOnDestroy: placement ? true : undefined,
            replacementSecurityGroupIds: placement?.replacementSecurityGroupIds,
            tracingConfig: { mode: args.tracing ? "Active" : "PassThrough" },
            reservedConcurrentExecutions: args.reservedConcurrency,
            loggingConfig: {
                logFormat: "JSON",
                logGroup: logGroup.name,
                applicationLogLevel: "INFO",
                systemLogLevel: "WARN",
            },
            tags: tagsWithName(args.tags, name),
        },
    };
}

/**
 * The environment, failing the deployment if a value is a Pulumi secret: Lambda would store and show it
 * in plain text, and Pulumi would lose track of it being secret.
 */
function refuseSecretValues(environment: Record<string, pulumi.Input<string>>): pulumi.Output<Record<string, string>> {
    const checked = Object.entries(environment).map(([key, value]) => {
        const output = pulumi.output(value);
        return pulumi.all([output, pulumi.isSecret(output)]).apply(([v, secret]) => {
            if (secret) {
                throw new Error(
                    `environment variable ${key} holds a Pulumi secret, which Lambda would store in plain text. ` +
                        `Fix: keep it in Secrets Manager, pass its ARN (${key}_ARN) and grant it with secretArns.`,
                );
            }
            return [key, v] as const;
        });
    });
    return pulumi.all(checked).apply((entries) => Object.fromEntries(entries));
}

/** Alarms on any error and any throttle within a minute, notifying (and recovering to) the topic. */
export function createFunctionAlarms(
    parent: pulumi.ComponentResource,
    name: string,
    functionName: pulumi.Input<string>,
    alarms: FunctionAlarms,
    tags: Tags | undefined,
    child: ChildFactory<FunctionChildArgs>,
): aws.cloudwatch.MetricAlarm[] {
    return (["Errors", "Throttles"] as const).map(
        (metric) =>
            new aws.cloudwatch.MetricAlarm(
                ...child(
                    "alarm",
                    `${name}-${metric.toLowerCase()}-alarm`,
                    {
                        alarmDescription: `${metric} of the ${name} function`,
                        namespace: "AWS/Lambda",
                        metricName: metric,
                        dimensions: { FunctionName: functionName },
                        statistic: "Sum",
                        period: 60,
                        evaluationPeriods: 1,
                        threshold: 1,
                        comparisonOperator: "GreaterThanOrEqualToThreshold",
                        treatMissingData: "notBreaching",
                        alarmActions: [alarms.topicArn],
                        okActions: [alarms.topicArn],
                        tags: tagsWithName(tags, `${name}-${metric.toLowerCase()}-alarm`),
                    },
                    { parent },
                ),
            ),
    );
}
