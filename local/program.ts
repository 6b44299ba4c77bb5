/**
 * What a Pulumi program registered, read as a local environment (the way `sam local` reads a template):
 * its Lambda functions with their code, environment and async settings, the REST APIs' routes exactly as
 * registered, S3 notifications, EventBridge schedules, the database and the deploy-time invocations.
 * Pure: it reads an offline evaluation's records (tools/offline/evaluate.ts) and nothing else.
 */
import type { IntegrationResponse, RouteDefinition } from "../components/rest-api/definition";
import { parseServiceActionUri } from "../components/rest-api/service";
import type { TablePlan } from "./dynamodb";
import type { RecordedResource } from "../tools/offline/evaluate";
import {
    ACCESS_TYPES,
    UsagePlanPlan,
    UserPoolPlan,
    methodUserPools,
    planUsagePlans,
    planUserPools,
} from "./access-plan";

export const TYPES = {
    function: "aws:lambda/function:Function",
    invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    invocation: "aws:lambda/invocation:Invocation",
    restApi: "aws:apigateway/restApi:RestApi",
    resource: "aws:apigateway/resource:Resource",
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    integrationResponse: "aws:apigateway/integrationResponse:IntegrationResponse",
    stage: "aws:apigateway/stage:Stage",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    notification: "aws:s3/bucketNotification:BucketNotification",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    dbInstance: "aws:rds/instance:Instance",
    table: "aws:dynamodb/table:Table",
    image: "docker:index/image:Image",
} as const;

/** Where a function's code is on this machine: a folder and the handler (`file.export`) in it. */
export interface FunctionCode {
    directory: string;
    handler: string;
}

export interface AsyncSettings {
    /** Lambda's default: 2. */
    maximumRetryAttempts: number;
    /** Lambda's default: 6 hours. */
    maximumEventAgeInSeconds: number;
    /** The on-failure destination's ARN, if any. */
    onFailure?: string;
}

export interface FunctionPlan {
    /** The component's name when the function is a component's (`dev-retrieve-accounts`), else its own. */
    name: string;
    /** Other names it answers to: the name without the stack prefix, the physical name, the ARN. */
    aliases: string[];
    arn: string;
    code: FunctionCode;
    timeout: number;
    memorySize: number;
    /** As registered (the values the evaluation resolved; local stand-ins are applied at start). */
    environment: Record<string, string>;
    async: AsyncSettings;
}

export interface RoutePlan {
    definition: RouteDefinition;
    /** The function's plan name, for a Lambda integration. */
    function?: string;
    /** The service action, for an AWS-service integration (DynamoDB's run locally). */
    service?: { service: string; action: string };
    /** For `auth: "cognito"`: the user pools (IDs) whose tokens its authorizer accepts. */
    userPools?: string[];
}

/** The AWS services whose actions a route can call locally. */
export const LOCAL_SERVICES = ["dynamodb"];

export interface ApiPlan {
    name: string;
    stage: string;
    routes: RoutePlan[];
    /** The usage plans of its stage, for `auth: "apiKey"` routes. */
    usagePlans: UsagePlanPlan[];
}

export interface NotificationPlan {
    bucket: string;
    function: string;
    events: string[];
    filterPrefix?: string;
    filterSuffix?: string;
}

export interface SchedulePlan {
    /** The rule's name in the program. */
    name: string;
    expression: string;
    function: string;
    /** The target's constant input, when it has one; else EventBridge's scheduled event. */
    input?: unknown;
}

export interface DatabasePlan {
    name: string;
    /** The values functions were given for it (the evaluation's), replaced by the local server's at start. */
    recorded: { address?: string; port?: string; endpoint?: string; username?: string; secretArn?: string };
}

export interface InvocationPlan {
    name: string;
    function: string;
    input: unknown;
}

export interface LocalPlan {
    project: string;
    stack: string;
    functions: FunctionPlan[];
    apis: ApiPlan[];
    notifications: NotificationPlan[];
    schedules: SchedulePlan[];
    buckets: string[];
    databases: DatabasePlan[];
    /** DynamoDB tables, created empty on the local server. */
    tables: TablePlan[];
    invocations: InvocationPlan[];
    /** Cognito user pools, whose tokens the local issuer signs (local/cognito.ts). */
    userPools: UserPoolPlan[];
    /** What the program registered that local mode does not run (printed, so nothing is silently dropped). */
    skipped: string[];
}

/** Lambda's async defaults, used when a function has no FunctionEventInvokeConfig. */
export const ASYNC_DEFAULTS = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600 } as const;

/** A resource the plan could not run, with the input at fault and the fix. */
export class PlanError extends Error {
    constructor(problems: string[]) {
        super(`the program cannot run locally:\n  - ${problems.join("\n  - ")}`);
        this.name = "PlanError";
    }
}

/**
 * The local environment a program's registrations describe. `code` gives each function's code location
 * (see {@link functionCode}, which reads archives and image bundles; kept apart because archives resolve
 * asynchronously).
 */
export function planLocalEnvironment(
    evaluation: { project: string; stack: string; resources: RecordedResource[] },
    code: Map<string, FunctionCode>,
): LocalPlan {
    const resources = evaluation.resources;
    const byType = (type: string) => resources.filter((r) => r.type === type);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const problems: string[] = [];
    const prefix = `${evaluation.stack}-`;

    const functions: FunctionPlan[] = [];
    const functionByRef = new Map<string, string>();
    for (const fn of byType(TYPES.function)) {
        const parent = fn.parent ? byUrn.get(fn.parent) : undefined;
        const owned = parent && !parent.custom && fn.name === `${parent.name}-function`;
        const name = owned ? parent.name : fn.name;
        const physical = String(fn.outputs.name ?? fn.inputs.name ?? fn.name);
        const arn = String(fn.outputs.arn ?? "");
        const located = code.get(fn.urn);
        if (!located) {
            problems.push(`function ${name}: no code this machine can run (${describeCode(fn)})`);
            continue;
        }
        const aliases = [name.startsWith(prefix) ? name.slice(prefix.length) : undefined, physical, arn].filter(
            (a): a is string => Boolean(a) && a !== name,
        );
        functions.push({
            name,
            aliases: [...new Set(aliases)],
            arn,
            code: located,
            timeout: Number(fn.inputs.timeout ?? 3),
            memorySize: Number(fn.inputs.memorySize ?? 128),
            environment: { ...((at(fn.inputs, "environment", "variables") ?? {}) as Record<string, string>) },
            async: { ...ASYNC_DEFAULTS },
        });
        for (const ref of [name, physical, arn, fn.outputs.invokeArn, fn.outputs.qualifiedArn])
            if (ref) functionByRef.set(String(ref), name);
    }
    /** The function a name, ARN or invoke ARN refers to. */
    const functionFor = (ref: unknown): string | undefined => {
        const text = typeof ref === "string" ? ref : "";
        return functionByRef.get(text) ?? functionByRef.get(text.replace(/:\$LATEST$/, ""));
    };

    for (const config of byType(TYPES.invokeConfig)) {
        const target = functions.find((f) => f.name === functionFor(config.inputs.functionName));
        if (!target) continue;
        target.async = {
            maximumRetryAttempts: Number(config.inputs.maximumRetryAttempts ?? ASYNC_DEFAULTS.maximumRetryAttempts),
            maximumEventAgeInSeconds: Number(
                config.inputs.maximumEventAgeInSeconds ?? ASYNC_DEFAULTS.maximumEventAgeInSeconds,
            ),
            onFailure: text(at(config.inputs, "destinationConfig", "onFailure", "destination")),
        };
    }

    const userPools = planUserPools(resources);
    const apis = planApis(resources, functionFor, problems, userPools);

    const buckets = [...byType(TYPES.bucket), ...byType(TYPES.bucketV2)].map((b) =>
        String(b.outputs.bucket ?? b.inputs.bucket),
    );
    const notifications: NotificationPlan[] = [];
    for (const n of byType(TYPES.notification)) {
        const targets = (n.inputs.lambdaFunctions ?? []) as Record<string, unknown>[];
        for (const target of targets) {
            const fn = functionFor(target.lambdaFunctionArn);
            if (!fn) {
                problems.push(`bucket notification ${n.name}: no function with ARN ${text(target.lambdaFunctionArn)}`);
                continue;
            }
            notifications.push({
                bucket: String(n.inputs.bucket),
                function: fn,
                events: (target.events ?? []) as string[],
                filterPrefix: text(target.filterPrefix) || undefined,
                filterSuffix: text(target.filterSuffix) || undefined,
            });
        }
    }

    const schedules: SchedulePlan[] = [];
    for (const target of byType(TYPES.target)) {
        const rule = byType(TYPES.rule).find((r) => (r.outputs.name ?? r.name) === target.inputs.rule);
        const fn = functionFor(target.inputs.arn);
        if (!rule?.inputs.scheduleExpression || !fn) continue;
        schedules.push({
            name: rule.name,
            expression: String(rule.inputs.scheduleExpression),
            function: fn,
            input: target.inputs.input === undefined ? undefined : (JSON.parse(String(target.inputs.input)) as unknown),
        });
    }

    const databases: DatabasePlan[] = byType(TYPES.dbInstance).map((db) => ({
        name: text(db.inputs.dbName) ?? "app",
        recorded: {
            address: text(db.outputs.address),
            port: text(db.outputs.port),
            endpoint: text(db.outputs.endpoint),
            username: text(db.inputs.username),
            secretArn: text(at(db.outputs, "masterUserSecrets", 0, "secretArn")),
        },
    }));

    const tables: TablePlan[] = byType(TYPES.table).map((t) => ({
        name: String(t.outputs.name ?? t.inputs.name),
        hashKey: String(t.inputs.hashKey),
        rangeKey: text(t.inputs.rangeKey),
        attributes: ((t.inputs.attributes ?? []) as { name: string; type: string }[]).map(({ name, type }) => ({
            name,
            type,
        })),
    }));

    const invocations: InvocationPlan[] = [];
    for (const inv of byType(TYPES.invocation)) {
        const fn = functionFor(inv.inputs.functionName);
        if (!fn) problems.push(`invocation ${inv.name}: no function named ${inv.inputs.functionName}`);
        else invocations.push({ name: inv.name, function: fn, input: JSON.parse(String(inv.inputs.input ?? "{}")) });
    }

    if (problems.length > 0) throw new PlanError(problems);
    const handled = new Set<string>([...Object.values(TYPES), ...Object.values(ACCESS_TYPES)]);
    const skipped = [
        ...new Set(
            resources.filter((r) => r.custom && r.type.startsWith("aws:") && !handled.has(r.type)).map((r) => r.type),
        ),
    ];
    return {
        project: evaluation.project,
        stack: evaluation.stack,
        functions,
        apis,
        notifications,
        schedules,
        buckets,
        databases,
        tables,
        invocations,
        userPools,
        skipped,
    };
}

/** The REST APIs: each method's path from the resource tree, its integration and responses as registered. */
function planApis(
    resources: RecordedResource[],
    functionFor: (ref: unknown) => string | undefined,
    problems: string[],
    userPools: UserPoolPlan[],
): ApiPlan[] {
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const apis: ApiPlan[] = [];
    for (const api of ofType(TYPES.restApi)) {
        const mine = (r: RecordedResource) => r.inputs.restApi === api.id;
        const paths = new Map<string, string>([[String(api.outputs.rootResourceId), "/"]]);
        const tree = ofType(TYPES.resource).filter(mine);
        // Parents first: repeat until every resource whose parent is known has its path.
        for (let changed = true; changed;) {
            changed = false;
            for (const r of tree) {
                const parentPath = paths.get(String(r.inputs.parentId));
                if (parentPath === undefined || paths.has(r.id)) continue;
                paths.set(r.id, `${parentPath === "/" ? "" : parentPath}/${r.inputs.pathPart}`);
                changed = true;
            }
        }
        const methodKey = (r: RecordedResource) => `${String(r.inputs.resourceId)} ${String(r.inputs.httpMethod)}`;
        const integrations = new Map(
            ofType(TYPES.integration)
                .filter(mine)
                .map((i) => [methodKey(i), i]),
        );
        const responses = ofType(TYPES.integrationResponse).filter(mine);
        const routes: RoutePlan[] = [];
        for (const method of ofType(TYPES.method).filter(mine)) {
            const path = paths.get(String(method.inputs.resourceId));
            const integration = integrations.get(methodKey(method));
            if (path === undefined || !integration) continue;
            const uri = text(integration.inputs.uri) ?? "";
            const fn = functionFor(lambdaArnOfUri(uri));
            const service = parseServiceActionUri(uri);
            const runs = fn ?? (service && LOCAL_SERVICES.includes(service.service));
            if (!runs || integration.inputs.type !== "AWS") {
                problems.push(
                    `route ${text(method.inputs.httpMethod)} ${path} (${integration.name}): only non-proxy Lambda ` +
                        `integrations (type AWS) of this program's functions and ${LOCAL_SERVICES.join(", ")} actions ` +
                        `run locally, got type ${text(integration.inputs.type)} to ${uri}`,
                );
                continue;
            }
            const integrationResponses: IntegrationResponse[] = responses
                .filter((r) => methodKey(r) === methodKey(method))
                .map((r) => ({
                    statusCode: String(r.inputs.statusCode),
                    selectionPattern: text(r.inputs.selectionPattern) || undefined,
                    responseParameters: (r.inputs.responseParameters ?? {}) as Record<string, string>,
                    responseTemplates: (r.inputs.responseTemplates ?? {}) as Record<string, string>,
                }));
            const pools = methodUserPools(resources, method, userPools);
            routes.push({
                ...(fn ? { function: fn } : { service }),
                ...(pools.length > 0 ? { userPools: pools } : {}),
                definition: {
                    method: method.inputs.httpMethod as RouteDefinition["method"],
                    path,
                    auth:
                        method.inputs.authorization === "COGNITO_USER_POOLS"
                            ? "cognito"
                            : method.inputs.apiKeyRequired
                              ? "apiKey"
                              : "none",
                    requestTemplates: (integration.inputs.requestTemplates ?? {}) as Record<string, string>,
                    passthroughBehavior: (text(integration.inputs.passthroughBehavior) ??
                        "WHEN_NO_MATCH") as RouteDefinition["passthroughBehavior"],
                    methodResponses: [],
                    integrationResponses,
                },
            });
        }
        const stage = resources.find((r) => r.type === TYPES.stage && mine(r));
        if (stage) {
            const stageName = String(stage.inputs.stageName);
            apis.push({
                name: api.name,
                stage: stageName,
                routes,
                usagePlans: planUsagePlans(resources, api.id, stageName),
            });
        }
    }
    return apis;
}

/** A string or number input as text; anything else is absent. */
function text(value: unknown): string | undefined {
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/** A nested input, or undefined where the path runs out. */
function at(value: unknown, ...path: (string | number)[]): unknown {
    let current = value;
    for (const key of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<string | number, unknown>)[key];
    }
    return current;
}

/** `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations` → the function ARN. */
export function lambdaArnOfUri(uri: string): string {
    return /\/functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? uri;
}

function describeCode(fn: RecordedResource): string {
    if (fn.inputs.packageType === "Image")
        return `image ${fn.inputs.imageUri}: the image's component records no bundle`;
    return fn.inputs.s3Bucket ? "code in S3" : "no local archive";
}
