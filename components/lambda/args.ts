import * as pulumi from "@pulumi/pulumi";
import { ArgIssue } from "../errors";
import type { NetworkPlacement } from "../network/placement";
import { RemovalPolicy, checkRemoval } from "../removal";
import { LogRetentionDays, checkInteger, checkLogRetention, checkOneOf, show } from "../validation";

export const Architecture = { x86_64: "x86_64", arm64: "arm64" } as const;
export type Architecture = (typeof Architecture)[keyof typeof Architecture];
export const ARCHITECTURES: readonly Architecture[] = Object.values(Architecture);

/** CloudWatch alarms on the function's errors and throttles. */
export interface FunctionAlarms {
    /** The SNS topic alarms and recoveries notify. */
    topicArn: pulumi.Input<string>;
}

/** The settings every Lambda function component shares. */
export interface FunctionArgs {
    /**
     * Seconds before Lambda stops an invocation, 1 to 900. A function behind API Gateway must stay under 29.
     * Default: 10.
     * @default 10
     */
    timeout?: number;
    /**
     * Memory in MB, 128 to 10,240 (CPU grows with it).
     * Default: 512.
     * @default 512
     */
    memorySize?: number;
    /**
     * The instruction set; `arm64` (Graviton) costs about 20% less per GB-second.
     * Default: "x86_64".
     * @default "x86_64"
     */
    architecture?: Architecture;
    /**
     * X-Ray active tracing.
     * Default: false.
     * @default false
     */
    tracing?: boolean;
    /**
     * Concurrent executions reserved for (and capping) this function.
     * Default: unreserved: the account's shared pool.
     * @default unreserved: the account's shared pool
     */
    reservedConcurrency?: number;
    /**
     * Retention of the function's log group, `/aws/lambda/<name>`.
     * Default: 30.
     * @default 30
     */
    logRetentionInDays?: LogRetentionDays;
    /**
     * Environment variables. They are visible to anyone who can read the function's configuration, so
     * names that look like secrets (PASSWORD, TOKEN, ...) and Pulumi secret values are refused: pass a
     * secret's ARN instead and grant it with `secretArns`.
     * Default: {}.
     * @default {}
     */
    environment?: Record<string, pulumi.Input<string>>;
    /**
     * Secrets Manager secrets the function may read (`secretsmanager:GetSecretValue` on exactly these).
     * Default: [].
     * @default []
     */
    secretArns?: pulumi.Input<string>[];
    /**
     * Run inside a VPC: a `Network` (private subnets, function security group) or explicit IDs,
     * with subnets in at least two AZs.
     * Default: not in a VPC.
     * @default not in a VPC
     */
    network?: NetworkPlacement;
    /**
     * Alarms on errors and throttles, notifying an SNS topic.
     * Default: no alarms.
     * @default no alarms
     */
    alarms?: FunctionAlarms;
    /**
     * What a destroy does to the function's stateful children (log group; image repository; dead-letter
     * queue): `retain` protects and keeps them (see `RemovalPolicy`), `remove` deletes them with their contents.
     * Default: "retain".
     * @default "retain"
     */
    removal?: RemovalPolicy;
    /**
     * Tags for every taggable resource of the function.
     * Default: {}.
     * @default {}
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export const FUNCTION_DEFAULTS = {
    timeout: 10,
    memorySize: 512,
    architecture: "x86_64",
    tracing: false,
    logRetentionInDays: 30,
} as const satisfies Partial<FunctionArgs>;

/** Variables Lambda sets itself and refuses in a function's configuration. */
export const RESERVED_ENVIRONMENT = [
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
];
const ENV_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const SECRET_LIKE = /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|CREDENTIAL)/i;
const SECRET_REFERENCE = /_(ARN|ID|NAME)$/i;

/**
 * Whether an environment variable's name suggests it holds a secret, unless it names where the secret is
 * (an ARN, ID or name). One rule for the components and the policy pack.
 */
export function looksLikeSecretName(name: string): boolean {
    return SECRET_LIKE.test(name) && !SECRET_REFERENCE.test(name);
}
/** The account concurrency quota AWS starts accounts with (Service Quotas; new accounts may get less). */
export const LAMBDA_DEFAULT_CONCURRENCY = 1000;
/** Lambda refuses reservations that leave fewer unreserved executions than this in the account. */
export const LAMBDA_MIN_UNRESERVED = 100;

/** Lambda's limit on the total size of a function's environment variables. */
export const ENVIRONMENT_MAX_BYTES = 4096;

/** Checks the settings every function shares; the caller adds its own. */
export function checkFunctionArgs(args: FunctionArgs): ArgIssue[] {
    const issues: ArgIssue[] = [];
    if (args.timeout !== undefined)
        issues.push(...checkInteger("timeout", args.timeout, 1, 900, "Lambda runs for 1 to 900 seconds"));
    if (args.memorySize !== undefined) issues.push(...checkInteger("memorySize", args.memorySize, 128, 10240));
    if (args.architecture !== undefined) issues.push(...checkOneOf("architecture", args.architecture, ARCHITECTURES));
    if (args.reservedConcurrency !== undefined)
        issues.push(...checkInteger("reservedConcurrency", args.reservedConcurrency, 0, 100_000));
    if (args.logRetentionInDays !== undefined)
        issues.push(...checkLogRetention("logRetentionInDays", args.logRetentionInDays));
    issues.push(...checkRemoval("removal", args.removal));
    issues.push(...checkEnvironment(args.environment ?? {}));
    for (const [i, arn] of (args.secretArns ?? []).entries()) {
        if (
            typeof arn === "string" &&
            (!/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(arn) || arn.includes("*"))
        ) {
            issues.push({
                argument: `secretArns[${i}]`,
                problem: `got ${show(arn)}`,
                fix: "give the full ARN of one Secrets Manager secret, without wildcards",
            });
        }
    }
    return issues;
}

/** Environment variable rules: valid names, none Lambda reserves, none that looks like a secret, within 4 KB. */
export function checkEnvironment(environment: Record<string, unknown>): ArgIssue[] {
    const issues: ArgIssue[] = [];
    let bytes = 0;
    let allKnown = true;
    for (const [name, value] of Object.entries(environment)) {
        const argument = `environment.${name}`;
        if (!ENV_NAME.test(name)) {
            issues.push({
                argument,
                problem: "is not a valid variable name",
                fix: "use letters, digits and underscores, starting with a letter",
            });
        } else if (RESERVED_ENVIRONMENT.includes(name)) {
            issues.push({ argument, problem: "is reserved by Lambda", fix: "use another name" });
        } else if (looksLikeSecretName(name)) {
            issues.push({
                argument,
                problem: "looks like a secret, and environment variables are stored and shown in plain text",
                fix: `keep the value in Secrets Manager, pass its ARN (e.g. ${name}_ARN) and grant it with secretArns`,
            });
        }
        if (typeof value === "string") bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
        else allKnown = false;
    }
    if (allKnown && bytes > ENVIRONMENT_MAX_BYTES) {
        issues.push({
            argument: "environment",
            problem: `totals ${bytes} bytes`,
            fix: `keep it under Lambda's ${ENVIRONMENT_MAX_BYTES} bytes; move large values to SSM or S3`,
        });
    }
    return issues;
}
