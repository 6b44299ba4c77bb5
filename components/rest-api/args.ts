import * as pulumi from "@pulumi/pulumi";
import { ArgIssue } from "../errors";
import { RemovalPolicy, checkRemoval } from "../removal";
import { LogRetentionDays, checkInteger, checkLogRetention, checkOneOf, checkUnique, show } from "../validation";
import { HTTP_METHODS, RESPONSE_CONTENT_TYPES, ROUTE_AUTH, RouteSpec, pathParameters } from "./definition";
import { AwsServiceTarget, checkServiceTarget } from "./service";

/** API Gateway's own limit on an integration: a function behind the API must answer sooner. */
export const INTEGRATION_TIMEOUT_SECONDS = 29;

/** A Lambda function to integrate: one of this library's function components, or any function by ARN. */
export interface LambdaTarget {
    /** The function's name, which API Gateway is permitted to invoke. */
    functionName: pulumi.Input<string>;
    /** The function's invoke ARN (API Gateway's integration URI). */
    invokeArn: pulumi.Input<string>;
    /** The function's timeout in seconds, checked against API Gateway's 29 s integration limit. */
    timeout: number;
}

/** A route: it invokes a function (`target`) or calls an AWS service's action (`awsService`), exactly one. */
export interface Route extends RouteSpec {
    /**
     * The function the route invokes (a non-proxy Lambda integration).
     * Default: none (give `awsService`).
     * @default none (give `awsService`)
     */
    target?: LambdaTarget;
    /**
     * The AWS service action the route calls, with no function in the path (an `AWS` integration).
     * Default: none (give `target`).
     * @default none (give `target`)
     */
    awsService?: AwsServiceTarget;
}

export const LoggingLevel = { OFF: "OFF", ERROR: "ERROR", INFO: "INFO" } as const;
export type LoggingLevel = (typeof LoggingLevel)[keyof typeof LoggingLevel];
export const LOGGING_LEVELS: readonly LoggingLevel[] = Object.values(LoggingLevel);

/** The period a usage plan's quota counts requests over (API Gateway's `QuotaSettings.period`). */
export const QuotaPeriod = { DAY: "DAY", WEEK: "WEEK", MONTH: "MONTH" } as const;
export type QuotaPeriod = (typeof QuotaPeriod)[keyof typeof QuotaPeriod];
export const QUOTA_PERIODS: readonly QuotaPeriod[] = Object.values(QuotaPeriod);

/** What each API key of `auth: "apiKey"` routes may do: API Gateway's usage plan, applied per key. */
export interface UsagePlan {
    /**
     * Requests a key may make per `quotaPeriod`; past it, API Gateway answers 429 "Limit Exceeded" until the
     * period ends. Without it, no quota.
     * Default: no quota.
     * @default no quota
     */
    quotaLimit?: number;
    /**
     * The period `quotaLimit` counts over (UTC days, weeks from Monday, calendar months).
     * Default: "MONTH".
     * @default "MONTH"
     */
    quotaPeriod?: QuotaPeriod;
    /**
     * Steady-state requests per second per key (a token bucket refilled at this rate); past it, 429 "Too
     * Many Requests".
     * Default: the stage's `throttlingRateLimit`.
     * @default the stage's `throttlingRateLimit`
     */
    throttlingRateLimit?: number;
    /**
     * Burst capacity per key, in requests (the bucket's size).
     * Default: the stage's `throttlingBurstLimit`.
     * @default the stage's `throttlingBurstLimit`
     */
    throttlingBurstLimit?: number;
}

export interface RestApiArgs {
    /** The routes, each a non-proxy Lambda integration or an AWS-service integration. */
    routes: Route[];
    /** The stage name, which is part of the invoke URL (`.../<stageName>/`). */
    stageName: string;
    /**
     * Steady-state requests per second across the stage.
     * Default: 100.
     * @default 100
     */
    throttlingRateLimit?: number;
    /**
     * Burst capacity, in requests.
     * Default: 200.
     * @default 200
     */
    throttlingBurstLimit?: number;
    /**
     * Execution logging level (needs the account's API Gateway CloudWatch role).
     * Default: "ERROR".
     * @default "ERROR"
     */
    loggingLevel?: LoggingLevel;
    /**
     * X-Ray tracing of the stage.
     * Default: false.
     * @default false
     */
    tracing?: boolean;
    /**
     * Retention of the JSON access logs.
     * Default: 30.
     * @default 30
     */
    accessLogRetentionInDays?: LogRetentionDays;
    /**
     * What a destroy does to the API's log groups and its API key's secret: `retain` protects and keeps them
     * (see `RemovalPolicy`), `remove` deletes them (the secret without a recovery window).
     * Default: "retain".
     * @default "retain"
     */
    removal?: RemovalPolicy;
    /**
     * Set the account-level role API Gateway logs through (`aws.apigateway.Account`). There is one per
     * account and region: let exactly one stack manage it. What it creates is kept on destroy (deleting it
     * would turn API logging off for every other stack in the account); with `loggingLevel` other than
     * "OFF", some stack in the account must have set it before this API's stage is created.
     * Default: false.
     * @default false
     */
    manageAccountLoggingRole?: boolean;
    /**
     * The usage plan of `auth: "apiKey"` routes: a quota and a throttle per key. The key's value is copied
     * into a Secrets Manager secret (the component's `apiKeySecretArn`), never into an output.
     * Default: throttled as the stage, no quota.
     * @default throttled as the stage, no quota
     */
    usagePlan?: UsagePlan;
    /**
     * The Cognito user pools whose users may call `auth: "cognito"` routes.
     * Default: [].
     * @default []
     */
    cognitoUserPoolArns?: pulumi.Input<string>[];
    /**
     * Tags for every taggable resource of the API.
     * Default: {}.
     * @default {}
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export type ResolvedRestApiArgs = RestApiArgs &
    Required<
        Pick<
            RestApiArgs,
            | "throttlingRateLimit"
            | "throttlingBurstLimit"
            | "loggingLevel"
            | "tracing"
            | "accessLogRetentionInDays"
            | "manageAccountLoggingRole"
        >
    >;

export const REST_API_DEFAULTS: Omit<ResolvedRestApiArgs, "routes" | "stageName"> = {
    throttlingRateLimit: 100,
    throttlingBurstLimit: 200,
    loggingLevel: "ERROR",
    tracing: false,
    accessLogRetentionInDays: 30,
    manageAccountLoggingRole: false,
};

/** The usage plan's own default (its throttle defaults to the stage's). */
export const USAGE_PLAN_DEFAULTS: Required<Pick<UsagePlan, "quotaPeriod">> = { quotaPeriod: "MONTH" };

const PATH = /^\/$|^(\/([A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\+?\}))+$/;
const STAGE = /^[A-Za-z0-9_-]{1,128}$/;
const QUERY_PARAMETER = /^[A-Za-z0-9_.-]+$/;

/** Checks the stage-level settings: everything but the routes. */
export function checkStageArgs(args: Omit<RestApiArgs, "routes">): ArgIssue[] {
    const issues: ArgIssue[] = [];
    if (typeof args.stageName !== "string" || !STAGE.test(args.stageName)) {
        issues.push({
            argument: "stageName",
            problem: `got ${show(args.stageName)}`,
            fix: "use 1 to 128 letters, digits, hyphens or underscores",
        });
    }
    if (args.throttlingRateLimit !== undefined)
        issues.push(...checkInteger("throttlingRateLimit", args.throttlingRateLimit, 1, 10_000));
    if (args.throttlingBurstLimit !== undefined)
        issues.push(...checkInteger("throttlingBurstLimit", args.throttlingBurstLimit, 1, 5_000));
    if (args.loggingLevel !== undefined) issues.push(...checkOneOf("loggingLevel", args.loggingLevel, LOGGING_LEVELS));
    if (args.accessLogRetentionInDays !== undefined)
        issues.push(...checkLogRetention("accessLogRetentionInDays", args.accessLogRetentionInDays));
    if (args.usagePlan !== undefined) issues.push(...checkUsagePlanArgs("usagePlan", args.usagePlan));
    return issues;
}

/** Checks a usage plan: API Gateway's bounds on its quota and throttle. */
export function checkUsagePlanArgs(argument: string, plan: UsagePlan): ArgIssue[] {
    if (typeof plan !== "object" || plan === null || Array.isArray(plan))
        return [{ argument, problem: `got ${show(plan)}`, fix: "give an object (quotaLimit, quotaPeriod, ...)" }];
    const issues: ArgIssue[] = [];
    const known = ["quotaLimit", "quotaPeriod", "throttlingRateLimit", "throttlingBurstLimit"];
    for (const key of Object.keys(plan).filter((k) => !known.includes(k)))
        issues.push({ argument: `${argument}.${key}`, problem: "is not a setting", fix: `use ${known.join(", ")}` });
    if (plan.quotaLimit !== undefined)
        issues.push(...checkInteger(`${argument}.quotaLimit`, plan.quotaLimit, 1, 2_147_483_647));
    if (plan.quotaPeriod !== undefined)
        issues.push(...checkOneOf(`${argument}.quotaPeriod`, plan.quotaPeriod, QUOTA_PERIODS));
    if (plan.throttlingRateLimit !== undefined)
        issues.push(...checkInteger(`${argument}.throttlingRateLimit`, plan.throttlingRateLimit, 1, 10_000));
    if (plan.throttlingBurstLimit !== undefined)
        issues.push(...checkInteger(`${argument}.throttlingBurstLimit`, plan.throttlingBurstLimit, 1, 5_000));
    return issues;
}

/** Checks who may call a route: a known mode, and user pools when it is Cognito. */
export function checkRouteAuth(
    argument: string,
    auth: unknown,
    cognitoUserPoolArns: unknown[] | undefined,
): ArgIssue[] {
    const issues = checkOneOf(argument, auth, ROUTE_AUTH);
    if (auth === "cognito" && (cognitoUserPoolArns ?? []).length === 0) {
        issues.push({
            argument,
            problem: 'is "cognito" but no cognitoUserPoolArns are given',
            fix: "give the user pools whose users may call it",
        });
    }
    return issues;
}

/** Checks the API's arguments, including AWS's rules (the 29 s integration limit, stage names, paths). */
export function checkRestApiArgs(args: RestApiArgs): ArgIssue[] {
    const issues = [...checkStageArgs(args), ...checkRemoval("removal", args.removal)];
    if (!Array.isArray(args.routes) || args.routes.length === 0) {
        issues.push({ argument: "routes", problem: "is empty", fix: "declare at least one route" });
        return issues;
    }
    issues.push(
        ...checkUnique(
            "routes (method and path)",
            args.routes.map((r) => `${r.method} ${r.path}`),
        ),
    );
    args.routes.forEach((route, i) => {
        const at = `routes[${i}]`;
        issues.push(...checkOneOf(`${at}.method`, route.method, HTTP_METHODS));
        if (typeof route.path !== "string" || !PATH.test(route.path)) {
            issues.push({
                argument: `${at}.path`,
                problem: `got ${show(route.path)}`,
                fix: 'use "/" or segments such as "/accounts/{id}"',
            });
        } else {
            issues.push(...checkUnique(`${at}.path parameters`, pathParameters(route.path)));
        }
        if (route.auth !== undefined)
            issues.push(...checkRouteAuth(`${at}.auth`, route.auth, args.cognitoUserPoolArns));
        if (route.contentType !== undefined)
            issues.push(...checkOneOf(`${at}.contentType`, route.contentType, RESPONSE_CONTENT_TYPES));
        for (const q of route.queryParameters ?? []) {
            if (!QUERY_PARAMETER.test(q))
                issues.push({
                    argument: `${at}.queryParameters`,
                    problem: `has ${show(q)}`,
                    fix: "use letters, digits, dots, hyphens and underscores",
                });
        }
        const targets = (route.target === undefined ? 0 : 1) + (route.awsService === undefined ? 0 : 1);
        if (targets !== 1) {
            issues.push({
                argument: `${at}.target`,
                problem: targets === 0 ? "and awsService are both missing" : "and awsService are both given",
                fix: "give the function the route invokes (target) or the AWS service action it calls (awsService)",
            });
            return;
        }
        if (route.awsService) {
            issues.push(...checkServiceTarget(at, route, route.awsService));
            return;
        }
        const timeout = route.target?.timeout;
        if (typeof timeout !== "number" || timeout >= INTEGRATION_TIMEOUT_SECONDS) {
            issues.push({
                argument: `${at}.target`,
                problem: `times out after ${show(timeout)} s, but API Gateway gives up on an integration after ${INTEGRATION_TIMEOUT_SECONDS} s`,
                fix: `give the function a timeout under ${INTEGRATION_TIMEOUT_SECONDS} seconds`,
            });
        }
    });
    return issues;
}
