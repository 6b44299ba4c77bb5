import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgIssue, throwIfInvalid } from "../errors";
import {
    Architecture,
    FunctionArgs,
    checkFunctionArgs,
    checkPlacement,
    createFunctionAlarms,
    createFunctionFoundation,
    withFunctionDefaults,
} from "../lambda";
import { NODE_RUNTIMES, NodeRuntime } from "../layer";
import { statefulOptions } from "../removal";
import { NAME_RULES, checkPhysicalNames } from "../naming";
import { scheduleExpressionProblem } from "../schedule";
import { tagsWithName } from "../tags";
import { checkInteger, checkOneOf, show } from "../validation";
import { componentType, withPreviousType } from "../component-type";
import { FunctionChildArgs } from "../lambda/children";
import { ComponentOptions, childFactory, forRoles } from "../transform";
import { LAYER_FUNCTION_ROLES, LayerFunctionChildArgs, LayerFunctionNodes } from "./children";

export * from "./children";
import { InvokeGrantOptions, grantInvoke } from "../grants";
import { dlqSendPolicy } from "./grants";

/** A bucket to trigger on: an `aws.s3.Bucket` (a `PrivateBucket`'s `bucket`) as it is, or its ARN and name. */
export interface BucketRef {
    /** The bucket's ARN. */
    arn: pulumi.Input<string>;
    /** The bucket's name. */
    bucket: pulumi.Input<string>;
}

/** A layer to use: this library's `Layer` as it is, or any layer version as `{ arn }`. */
export interface LayerRef {
    /** The layer version's ARN. */
    arn: pulumi.Input<string>;
    /**
     * The architecture the layer is built for, checked against the function's.
     * Default: not checked.
     * @default not checked
     */
    architecture?: Architecture;
}

/** What invokes the function. */
export interface FunctionTriggers {
    /**
     * Object events of S3 buckets.
     * Default: [].
     * @default []
     */
    s3?: S3Trigger[];
    /**
     * EventBridge schedules.
     * Default: [].
     * @default []
     */
    schedules?: ScheduleTrigger[];
}

/** Asynchronous invocations (S3, schedules): retries and how old an event may get before it goes to the DLQ. */
export interface AsyncInvocation {
    /**
     * Retries after a failed invocation, 0 to 2.
     * Default: 2.
     * @default 2
     */
    maximumRetryAttempts?: number;
    /**
     * How old an event may get before it goes to the dead-letter queue, 60 to 21,600 seconds.
     * Default: 3600.
     * @default 3600
     */
    maximumEventAgeInSeconds?: number;
}

/** Object events of an S3 bucket that invoke the function. */
export interface S3Trigger {
    /** The bucket whose events invoke the function; this function owns its notification configuration. */
    bucket: BucketRef;
    /**
     * The S3 event types.
     * Default: ["s3:ObjectCreated:*"].
     * @default ["s3:ObjectCreated:*"]
     */
    events?: string[];
    /**
     * Only objects whose key starts with this.
     * Default: none.
     * @default none
     */
    filterPrefix?: string;
    /**
     * Only objects whose key ends with this.
     * Default: none.
     * @default none
     */
    filterSuffix?: string;
}

export interface ScheduleTrigger {
    /** An EventBridge schedule: `rate(1 hour)` or `cron(0 3 * * ? *)`. */
    expression: string;
    /**
     * The event the function receives.
     * Default: EventBridge's scheduled event.
     * @default EventBridge's scheduled event
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any JSON: `unknown` has no schema type
    input?: Record<string, any>;
}

/** An extra permission of the function's role. */
export interface IamStatement {
    /** Exact IAM actions, e.g. `s3:GetObject` (no wildcards). */
    actions: string[];
    /** The ARNs the actions are allowed on. */
    resources: pulumi.Input<string>[];
}

/** Where a function's code is. */
export interface FunctionCode {
    /** A folder with the function's code (e.g. an esbuild bundle, `index.js`), zipped as the package. */
    directory: string;
}

export interface LayerFunctionArgs extends FunctionArgs {
    /** A folder with the function's code (e.g. an esbuild bundle, `index.js`), zipped as the package. */
    code: FunctionCode;
    /**
     * The handler: file and exported function.
     * Default: "index.handler".
     * @default "index.handler"
     */
    handler?: string;
    /**
     * The Node.js runtime.
     * Default: "nodejs22.x".
     * @default "nodejs22.x"
     */
    runtime?: NodeRuntime;
    /**
     * Layers, at most 5: this library's Layer components as they are (their architecture must match), or any
     * layer version as `{ arn }`.
     * Default: [].
     * @default []
     */
    layers?: LayerRef[];
    /**
     * What invokes the function.
     * Default: none.
     * @default none
     */
    triggers?: FunctionTriggers;
    /**
     * Asynchronous invocations (S3, schedules): retries and how old an event may get before it goes to the DLQ.
     * Default: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 }.
     * @default { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 }
     */
    asyncInvocation?: AsyncInvocation;
    /**
     * Extra permissions, least privilege: exact actions (no wildcards) on exact resources.
     * Default: [].
     * @default []
     */
    policyStatements?: IamStatement[];
}

export function checkLayerFunctionArgs(args: LayerFunctionArgs): ArgIssue[] {
    const issues = [...checkFunctionArgs(args), ...checkPlacement(args.network)];
    if (args.runtime !== undefined) issues.push(...checkOneOf("runtime", args.runtime, NODE_RUNTIMES));
    if ((args.layers ?? []).length > 5)
        issues.push({
            argument: "layers",
            problem: `lists ${args.layers!.length}`,
            fix: "use at most 5 layers (Lambda's limit)",
        });
    for (const [i, layer] of (args.layers ?? []).entries()) {
        if (layer.architecture !== undefined && layer.architecture !== (args.architecture ?? "x86_64")) {
            issues.push({
                argument: `layers[${i}]`,
                problem: `is built for ${layer.architecture}, the function runs on ${args.architecture ?? "x86_64"}`,
                fix: "build the layer for the function's architecture",
            });
        }
    }
    for (const [i, schedule] of (args.triggers?.schedules ?? []).entries()) {
        const problem = scheduleExpressionProblem(schedule.expression);
        if (problem)
            issues.push({
                argument: `triggers.schedules[${i}].expression`,
                problem: `${show(schedule.expression)} ${problem}`,
                fix: 'use "rate(1 hour)" or "cron(0 3 * * ? *)"',
            });
    }
    const retry = args.asyncInvocation?.maximumRetryAttempts;
    if (retry !== undefined) issues.push(...checkInteger("asyncInvocation.maximumRetryAttempts", retry, 0, 2));
    const age = args.asyncInvocation?.maximumEventAgeInSeconds;
    if (age !== undefined) issues.push(...checkInteger("asyncInvocation.maximumEventAgeInSeconds", age, 60, 21600));
    for (const [i, statement] of (args.policyStatements ?? []).entries()) {
        const wild = statement.actions.filter((a) => a === "*" || a.endsWith(":*"));
        if (wild.length > 0)
            issues.push({
                argument: `policyStatements[${i}].actions`,
                problem: `has ${wild.join(", ")}`,
                fix: "name the exact actions the function needs",
            });
    }
    return issues;
}

/**
 * A zip-packaged Node.js function with its layers: one least-privilege role, a log group with retention,
 * S3 and schedule triggers with permissions scoped to their source, and asynchronous failures retried, then
 * kept in an SQS dead-letter queue with an alarm on its depth.
 */
export class LayerFunction extends pulumi.ComponentResource {
    public readonly function: aws.lambda.Function;
    public readonly functionName: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    public readonly invokeArn: pulumi.Output<string>;
    public readonly deadLetterQueueUrl: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    public readonly timeout: number;
    /** Every child resource, typed, by role (the roles of the transform option). */
    public readonly nodes: LayerFunctionNodes;
    /** The name the function was created with: it names the resources of grants to and from it. */
    public readonly name: string;
    /** The function's IAM role, by name: grants add inline policies to it. */
    public readonly roleName: pulumi.Output<string>;
    /**
     * The security groups the function runs with, as given to it (none outside a VPC): a database's
     * `grantConnect` opens its port to them.
     */
    public readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;

    /**
     * @param opts Pulumi's options, and `transform`: changes to any child before it is registered, by role
     * (see `LayerFunctionChildArgs`).
     */
    constructor(name: string, args: LayerFunctionArgs, opts?: ComponentOptions<LayerFunctionChildArgs>) {
        const { componentOpts, child, issues: transformIssues } = childFactory(opts, LAYER_FUNCTION_ROLES);
        throwIfInvalid(`LayerFunction "${name}"`, [
            ...checkLayerFunctionArgs(args),
            ...checkPhysicalNames(name, [NAME_RULES.lambdaFunction, NAME_RULES.iamRole, NAME_RULES.sqsQueue]),
            ...transformIssues,
        ]);
        const functionChild = forRoles<FunctionChildArgs, LayerFunctionChildArgs>(child);
        super(
            componentType("LayerFunction"),
            name,
            {},
            withPreviousType("paas:layer-function:LayerFunction", componentOpts),
        );
        const resolved = withFunctionDefaults(args);
        const parent = { parent: this };
        this.timeout = resolved.timeout;

        const dlq = new aws.sqs.Queue(
            ...child(
                "dlq",
                `${name}-dlq`,
                {
                    sqsManagedSseEnabled: true,
                    messageRetentionSeconds: 14 * 24 * 3600,
                    tags: tagsWithName(args.tags, `${name}-dlq`),
                },
                statefulOptions(args.removal, parent),
            ), // failed events wait here for a human
        );
        const statements = (args.policyStatements ?? []).map((s) =>
            pulumi
                .all(s.resources)
                .apply((resources) => ({ Effect: "Allow" as const, Action: s.actions, Resource: resources })),
        );
        let dlqSend: aws.iam.RolePolicy | undefined;
        const foundation = createFunctionFoundation(this, name, resolved, statements, functionChild, (role) => [
            (dlqSend = dlqSendPolicy(
                this,
                name,
                role,
                dlq,
                forRoles<Pick<LayerFunctionChildArgs, "dlqSend">, LayerFunctionChildArgs>(child),
            )),
        ]);
        this.name = name;
        this.roleName = foundation.role.name;
        this.securityGroupIds = foundation.securityGroupIds;

        this.function = new aws.lambda.Function(
            ...child(
                "function",
                `${name}-function`,
                {
                    ...foundation.functionArgs,
                    packageType: "Zip",
                    runtime: args.runtime ?? "nodejs22.x",
                    handler: args.handler ?? "index.handler",
                    code: new pulumi.asset.FileArchive(args.code.directory),
                    layers: (args.layers ?? []).map((l) => l.arn),
                },
                { parent: this, dependsOn: foundation.dependencies },
            ),
        );
        this.functionName = this.function.name;
        this.arn = this.function.arn;
        this.invokeArn = this.function.invokeArn;
        this.logGroupName = foundation.logGroup.name;
        this.deadLetterQueueUrl = dlq.url;

        const asyncConfig = new aws.lambda.FunctionEventInvokeConfig(
            ...child(
                "async",
                `${name}-async`,
                {
                    functionName: this.function.name,
                    maximumRetryAttempts: args.asyncInvocation?.maximumRetryAttempts ?? 2,
                    maximumEventAgeInSeconds: args.asyncInvocation?.maximumEventAgeInSeconds ?? 3600,
                    destinationConfig: { onFailure: { destination: dlq.arn } },
                },
                parent,
            ),
        );
        const dlqAlarm = new aws.cloudwatch.MetricAlarm(
            ...child(
                "dlqAlarm",
                `${name}-dlq-alarm`,
                {
                    alarmDescription: `Failed events of the ${name} function are waiting in its dead-letter queue`,
                    namespace: "AWS/SQS",
                    metricName: "ApproximateNumberOfMessagesVisible",
                    dimensions: { QueueName: dlq.name },
                    statistic: "Maximum",
                    period: 300,
                    evaluationPeriods: 1,
                    threshold: 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions: resolved.alarms ? [resolved.alarms.topicArn] : [],
                    okActions: resolved.alarms ? [resolved.alarms.topicArn] : [],
                    tags: tagsWithName(args.tags, `${name}-dlq-alarm`),
                },
                parent,
            ),
        );
        const alarms = resolved.alarms
            ? createFunctionAlarms(this, name, this.function.name, resolved.alarms, args.tags, functionChild)
            : [];
        const triggers: Pick<
            LayerFunctionNodes,
            "s3Permissions" | "s3Notifications" | "schedules" | "schedulePermissions" | "scheduleTargets"
        > = { s3Permissions: [], s3Notifications: [], schedules: [], schedulePermissions: [], scheduleTargets: [] };

        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        (args.triggers?.s3 ?? []).forEach((trigger, i) => {
            const permission = new aws.lambda.Permission(
                ...child(
                    "s3Permission",
                    `${name}-s3-permission-${i + 1}`,
                    {
                        action: "lambda:InvokeFunction",
                        function: this.function.name,
                        principal: "s3.amazonaws.com",
                        sourceArn: trigger.bucket.arn,
                        sourceAccount: accountId,
                    },
                    parent,
                ),
            );
            // A bucket has one notification configuration: this function owns that of the bucket.
            const notification = new aws.s3.BucketNotification(
                ...child(
                    "s3Notification",
                    `${name}-s3-notification-${i + 1}`,
                    {
                        bucket: trigger.bucket.bucket,
                        lambdaFunctions: [
                            {
                                lambdaFunctionArn: this.function.arn,
                                events: trigger.events ?? ["s3:ObjectCreated:*"],
                                filterPrefix: trigger.filterPrefix,
                                filterSuffix: trigger.filterSuffix,
                            },
                        ],
                    },
                    { parent: this, dependsOn: [permission] },
                ),
            );
            triggers.s3Permissions.push(permission);
            triggers.s3Notifications.push(notification);
        });
        (args.triggers?.schedules ?? []).forEach((schedule, i) => {
            const rule = new aws.cloudwatch.EventRule(
                ...child(
                    "schedule",
                    `${name}-schedule-${i + 1}`,
                    {
                        scheduleExpression: schedule.expression,
                        description: `${schedule.expression} → ${name}`,
                        tags: tagsWithName(args.tags, `${name}-schedule-${i + 1}`),
                    },
                    parent,
                ),
            );
            const permission = new aws.lambda.Permission(
                ...child(
                    "schedulePermission",
                    `${name}-schedule-${i + 1}-permission`,
                    {
                        action: "lambda:InvokeFunction",
                        function: this.function.name,
                        principal: "events.amazonaws.com",
                        sourceArn: rule.arn,
                    },
                    parent,
                ),
            );
            const target = new aws.cloudwatch.EventTarget(
                ...child(
                    "scheduleTarget",
                    `${name}-schedule-${i + 1}-target`,
                    {
                        rule: rule.name,
                        arn: this.function.arn,
                        input: schedule.input ? JSON.stringify(schedule.input) : undefined,
                    },
                    parent,
                ),
            );
            triggers.schedules.push(rule);
            triggers.schedulePermissions.push(permission);
            triggers.scheduleTargets.push(target);
        });
        this.nodes = {
            dlq,
            dlqSend: dlqSend!,
            role: foundation.role,
            policyAttachments: foundation.policyAttachments,
            policy: foundation.policy,
            logs: foundation.logGroup,
            function: this.function,
            sg: foundation.ownGroup?.securityGroup,
            httpsEgress: foundation.ownGroup?.httpsEgress,
            async: asyncConfig,
            dlqAlarm,
            alarms,
            ...triggers,
        };

        this.registerOutputs({
            functionName: this.functionName,
            arn: this.arn,
            deadLetterQueueUrl: this.deadLetterQueueUrl,
            logGroupName: this.logGroupName,
        });
    }

    /**
     * Lets `principal` (a service such as `s3.amazonaws.com` or `events.amazonaws.com`) invoke the function
     * from `sourceArn` only: a `lambda.Permission` named `<name>-invoke-<id>`.
     */
    grantInvoke(principal: string, sourceArn: pulumi.Input<string>, options?: InvokeGrantOptions): pulumi.Resource {
        return grantInvoke(this, this.name, this.function.name, principal, sourceArn, options);
    }
}
