import * as aws from "../aws";
import { FUNCTION_ROLES, FunctionChildArgs, FunctionNodes } from "../lambda/children";
import { Roles } from "../transform";

/**
 * The arguments of each child of a `LayerFunction`, by role: the keys of its `transform` option and of its
 * `nodes`. Each is named `<name>-<role>` as noted (`<n>` counts triggers from 1); the function's own are in
 * `FunctionChildArgs`.
 */
export interface LayerFunctionChildArgs extends FunctionChildArgs {
    /** The dead-letter queue, `<name>-dlq`. */
    dlq: aws.sqs.QueueArgs;
    /** The role's policy to send to the dead-letter queue, `<name>-dlq-send`. */
    dlqSend: aws.iam.RolePolicyArgs;
    /** The asynchronous invocation settings (retries, the DLQ as failure destination), `<name>-async`. */
    async: aws.lambda.FunctionEventInvokeConfigArgs;
    /** The alarm on the dead-letter queue's depth, `<name>-dlq-alarm`. */
    dlqAlarm: aws.cloudwatch.MetricAlarmArgs;
    /** Each S3 trigger's invoke permission, `<name>-s3-permission-<n>`. */
    s3Permission: aws.lambda.PermissionArgs;
    /** Each S3 trigger's bucket notification, `<name>-s3-notification-<n>`. */
    s3Notification: aws.s3.BucketNotificationArgs;
    /** Each schedule's EventBridge rule, `<name>-schedule-<n>`. */
    schedule: aws.cloudwatch.EventRuleArgs;
    /** Each schedule's invoke permission, `<name>-schedule-<n>-permission`. */
    schedulePermission: aws.lambda.PermissionArgs;
    /** Each schedule's target, `<name>-schedule-<n>-target`. */
    scheduleTarget: aws.cloudwatch.EventTargetArgs;
}

/** Every role of LayerFunction's children (checked against LayerFunctionChildArgs). */
export const LAYER_FUNCTION_ROLES: Roles<LayerFunctionChildArgs> = {
    ...FUNCTION_ROLES,
    dlq: true,
    dlqSend: true,
    async: true,
    dlqAlarm: true,
    s3Permission: true,
    s3Notification: true,
    schedule: true,
    schedulePermission: true,
    scheduleTarget: true,
};

/** Every child of a `LayerFunction`, by role (see `LayerFunctionChildArgs`). */
export interface LayerFunctionNodes extends FunctionNodes {
    /** The dead-letter queue. */
    dlq: aws.sqs.Queue;
    /** The role's policy to send to the dead-letter queue. */
    dlqSend: aws.iam.RolePolicy;
    /** The asynchronous invocation settings. */
    async: aws.lambda.FunctionEventInvokeConfig;
    /** The alarm on the dead-letter queue's depth. */
    dlqAlarm: aws.cloudwatch.MetricAlarm;
    /** The S3 triggers' invoke permissions, in the order of the triggers. */
    s3Permissions: aws.lambda.Permission[];
    /** The S3 triggers' bucket notifications, in the order of the triggers. */
    s3Notifications: aws.s3.BucketNotification[];
    /** The schedules' EventBridge rules, in the order of the schedules. */
    schedules: aws.cloudwatch.EventRule[];
    /** The schedules' invoke permissions. */
    schedulePermissions: aws.lambda.Permission[];
    /** The schedules' targets. */
    scheduleTargets: aws.cloudwatch.EventTarget[];
}
