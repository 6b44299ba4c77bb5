// Pure modules only (no Pulumi SDK): the local mode reads stack config too, and loading the SDK would
// slow everything it runs (the SDK's async context tracking taxes every promise).
import { ArgIssue, InvalidArgsError, prefixIssues } from "../components/errors";
import { MysqlDatabaseArgs, resolveMysqlArgs } from "../components/database/args";
import { FunctionArgs, checkFunctionArgs } from "../components/lambda/args";
import { NetworkArgs, resolveNetworkArgs } from "../components/network/args";
import { RestApiArgs, checkRouteAuth, checkStageArgs } from "../components/rest-api/args";
import { RouteAuth } from "../components/rest-api/definition";
import { LogRetentionDays, checkInteger, checkLogRetention, show } from "../components/validation";
import { ENVIRONMENT_DEFAULTS } from "./defaults";

/** The database settings a stack may configure: every `MysqlDatabaseArgs` field but the wiring. */
export type DatabaseConfig = Omit<MysqlDatabaseArgs, "network" | "kmsKeyId" | "tags">;
/** The network settings a stack may configure. */
export type NetworkConfig = Omit<NetworkArgs, "tags">;

/** Settings every function of the environment shares. */
export interface FunctionsConfig extends Pick<
    FunctionArgs,
    "architecture" | "memorySize" | "tracing" | "reservedConcurrency"
> {
    /** CloudWatch alarms on errors and throttles, notifying the environment's alerts topic. */
    alarms: boolean;
    /** An address the alerts topic emails (the subscription must be confirmed from the mail). */
    alarmEmail?: string;
}

/** The REST API's settings. */
export interface ApiConfig extends Pick<
    RestApiArgs,
    | "stageName"
    | "throttlingRateLimit"
    | "throttlingBurstLimit"
    | "loggingLevel"
    | "tracing"
    | "manageAccountLoggingRole"
    | "cognitoUserPoolArns"
> {
    /** Who may call the routes that do not set their own. */
    auth: RouteAuth;
}

/** The thumbnail pipeline's settings. */
export interface ThumbnailsConfig {
    /** The longest side of a thumbnail, in pixels (they are at most half the original anyway). */
    maxDimension: number;
    /** Delete thumbnails this many days after they are made. */
    expireAfterDays?: number;
}

/** One environment (stack), validated and with defaults applied. */
export interface EnvironmentConfig {
    readonly project: string;
    readonly stack: string;
    /** Tags for every taggable resource; always includes `Environment` and `Project`. */
    readonly tags: Record<string, string>;
    readonly logRetentionInDays: LogRetentionDays;
    /** Create a network, or take one that another stack exports. */
    readonly network:
        | { readonly source: "create"; readonly args: NetworkConfig }
        | { readonly source: "stack"; readonly stackName: string };
    readonly database: DatabaseConfig;
    readonly functions: FunctionsConfig;
    readonly api: ApiConfig;
    readonly thumbnails: ThumbnailsConfig;
}

/** The keys a stack config may set under the project's namespace, with what each expects. */
const KEYS: Record<string, string> = {
    network: "an object of Network settings (cidrBlock, azCount, natStrategy, ...)",
    networkFromStack: 'a fully-qualified stack name, "<org>/<project>/<stack>", whose outputs include the network',
    database: "an object of MysqlDatabase settings (instanceClass, multiAz, ...)",
    functions: "an object of settings shared by the functions (architecture, memorySize, tracing, alarms, ...)",
    api: "an object of REST API settings (stageName, throttlingRateLimit, loggingLevel, auth, ...)",
    thumbnails: "an object of thumbnail pipeline settings (maxDimension, expireAfterDays)",
    logRetentionInDays: "a CloudWatch Logs retention period in days",
    tags: "an object of extra tags, { key: value }",
};
const NETWORK_KEYS = [
    "cidrBlock",
    "azCount",
    "availabilityZones",
    "natStrategy",
    "interfaceEndpoints",
    "flowLogs",
    "subnetCidrs",
];
const DATABASE_KEYS = [
    "engineVersion",
    "instanceClass",
    "allocatedStorage",
    "maxAllocatedStorage",
    "databaseName",
    "username",
    "multiAz",
    "deletionProtection",
    "backupRetentionDays",
    "finalSnapshot",
    "logExports",
    "applyImmediately",
];
const FUNCTIONS_KEYS = ["architecture", "memorySize", "tracing", "reservedConcurrency", "alarms", "alarmEmail"];
const API_KEYS = [
    "stageName",
    "throttlingRateLimit",
    "throttlingBurstLimit",
    "loggingLevel",
    "tracing",
    "manageAccountLoggingRole",
    "auth",
    "cognitoUserPoolArns",
];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const RESERVED_TAGS = ["Environment", "Project"];
const STACK_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * Parses and validates a stack's config, as the Pulumi runtime holds it: a flat map from `namespace:key`
 * to a string (objects as JSON). Every problem is reported at once, naming the config key and the form it
 * expects; nothing is created before this passes.
 */
export function parseEnvironmentConfig(raw: Record<string, string>, project: string, stack: string): EnvironmentConfig {
    const issues: ArgIssue[] = [];
    const ns = `${project}:`;
    const values: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(raw)) {
        if (!fullKey.startsWith(ns)) continue;
        const key = fullKey.slice(ns.length);
        const head = key.split(".")[0];
        if (!(key in KEYS) && key !== head && head in KEYS) {
            // `pulumi config set paas:network.azCount 3` sets a key with a dot in its name, not a nested value.
            issues.push({
                argument: fullKey,
                problem: `is a flat key with a dot in its name, not ${key.slice(head.length + 1)} inside ${ns}${head}`,
                fix: `set it with --path: pulumi config set --path '${fullKey}' <value>, and remove the flat key (pulumi config rm '${fullKey}')`,
            });
            continue;
        }
        if (!(key in KEYS)) {
            issues.push({
                argument: fullKey,
                problem: "is not a setting of this program",
                fix: `use one of ${Object.keys(KEYS)
                    .map((k) => ns + k)
                    .join(", ")}`,
            });
            continue;
        }
        values[key] = parseValue(text);
    }
    if (!raw["aws:region"]) {
        issues.push({
            argument: "aws:region",
            problem: "is not set",
            fix: "set it in Pulumi.<stack>.yaml, e.g. `pulumi config set aws:region eu-west-1`",
        });
    }

    let logRetentionInDays = (values.logRetentionInDays ?? ENVIRONMENT_DEFAULTS.logRetentionInDays) as LogRetentionDays;
    const retentionIssues = checkLogRetention(`${ns}logRetentionInDays`, logRetentionInDays);
    issues.push(...retentionIssues);
    // Reported once, above.
    if (retentionIssues.length > 0) logRetentionInDays = ENVIRONMENT_DEFAULTS.logRetentionInDays;

    const tags = checkObject(`${ns}tags`, values.tags ?? {}, issues);
    for (const [key, value] of Object.entries(tags)) {
        const where = `${ns}tags.${key}`;
        if (RESERVED_TAGS.includes(key)) {
            issues.push({
                argument: where,
                problem: "is set by the program from the project and stack names",
                fix: "remove it",
            });
        } else if (
            key.length > 128 ||
            key.toLowerCase().startsWith("aws:") ||
            typeof value !== "string" ||
            value.length > 256
        ) {
            issues.push({
                argument: where,
                problem: `got ${show(value)}`,
                fix: "use a key of 1 to 128 characters not starting with aws: and a string value of up to 256",
            });
        }
    }

    let network: EnvironmentConfig["network"];
    if (values.networkFromStack !== undefined) {
        const stackName = values.networkFromStack;
        if (typeof stackName !== "string" || !STACK_NAME.test(stackName)) {
            issues.push({
                argument: `${ns}networkFromStack`,
                problem: `got ${show(stackName)}`,
                fix: `use ${KEYS.networkFromStack}`,
            });
        }
        if (values.network !== undefined) {
            issues.push({
                argument: `${ns}network`,
                problem: `is set together with ${ns}networkFromStack`,
                fix: "set one of the two",
            });
        }
        network = { source: "stack", stackName: stackName as string };
    } else {
        const args = checkObject(`${ns}network`, values.network ?? {}, issues, NETWORK_KEYS) as NetworkConfig;
        // Flow logs follow the environment's retention unless the stack sets their own; config's `true` and
        // `false` are the component's `{ enabled }`.
        const flowLogs: unknown = args.flowLogs;
        if (flowLogs === undefined || flowLogs === true) args.flowLogs = { retentionInDays: logRetentionInDays };
        else if (flowLogs === false) args.flowLogs = { enabled: false };
        issues.push(...prefixIssues(`${ns}network.`, resolveNetworkArgs(args).issues));
        network = { source: "create", args };
    }

    const database = checkObject(`${ns}database`, values.database ?? {}, issues, DATABASE_KEYS) as DatabaseConfig;
    issues.push(...prefixIssues(`${ns}database.`, resolveMysqlArgs(database).issues));

    const functions = checkObject(
        `${ns}functions`,
        values.functions ?? {},
        issues,
        FUNCTIONS_KEYS,
    ) as Partial<FunctionsConfig>;
    const { alarms, alarmEmail, ...shared } = functions;
    issues.push(...prefixIssues(`${ns}functions.`, checkFunctionArgs(shared)));
    if (alarms !== undefined && typeof alarms !== "boolean") {
        issues.push({ argument: `${ns}functions.alarms`, problem: `got ${show(alarms)}`, fix: "use true or false" });
    }
    if (alarmEmail !== undefined && (typeof alarmEmail !== "string" || !EMAIL.test(alarmEmail))) {
        issues.push({
            argument: `${ns}functions.alarmEmail`,
            problem: `got ${show(alarmEmail)}`,
            fix: "use an email address",
        });
    }
    if (alarmEmail !== undefined && alarms === false) {
        issues.push({
            argument: `${ns}functions.alarmEmail`,
            problem: "is set but alarms are off",
            fix: "turn alarms on or drop alarmEmail",
        });
    }

    const apiValues = checkObject(`${ns}api`, values.api ?? {}, issues, API_KEYS) as Partial<ApiConfig>;
    const api: ApiConfig = {
        ...apiValues,
        stageName: apiValues.stageName ?? stack,
        manageAccountLoggingRole:
            apiValues.manageAccountLoggingRole ?? ENVIRONMENT_DEFAULTS.manageApiAccountLoggingRole,
        auth: apiValues.auth ?? "none",
    };
    // The API's own rules for its stage and auth (the routes are code, checked by RestApi itself).
    issues.push(
        ...prefixIssues(`${ns}api.`, [
            ...checkStageArgs(api),
            ...checkRouteAuth("auth", api.auth, api.cognitoUserPoolArns),
        ]),
    );

    const thumbnailValues = checkObject(`${ns}thumbnails`, values.thumbnails ?? {}, issues, [
        "maxDimension",
        "expireAfterDays",
    ]) as Partial<ThumbnailsConfig>;
    const thumbnails: ThumbnailsConfig = {
        maxDimension: thumbnailValues.maxDimension ?? ENVIRONMENT_DEFAULTS.thumbnailMaxDimension,
        ...thumbnailValues,
    };
    issues.push(...checkInteger(`${ns}thumbnails.maxDimension`, thumbnails.maxDimension, 16, 8192));
    if (thumbnails.expireAfterDays !== undefined)
        issues.push(...checkInteger(`${ns}thumbnails.expireAfterDays`, thumbnails.expireAfterDays, 1, 36500));

    if (issues.length > 0) throw new InvalidArgsError(`Stack config "${stack}" (Pulumi.${stack}.yaml)`, issues);
    return {
        project,
        stack,
        tags: { ...(tags as Record<string, string>), Environment: stack, Project: project },
        logRetentionInDays,
        network,
        database,
        functions: { ...shared, alarms: alarms ?? ENVIRONMENT_DEFAULTS.alarms, ...(alarmEmail ? { alarmEmail } : {}) },
        api,
        thumbnails,
    };
}

/** Config values arrive as strings; structured ones are JSON. */
function parseValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** Checks that `value` is an object whose keys are all in `allowed` (when given); returns a copy. */
function checkObject(key: string, value: unknown, issues: ArgIssue[], allowed?: string[]): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        issues.push({
            argument: key,
            problem: `got ${show(value)}`,
            fix: `use ${KEYS[key.split(":")[1]] ?? "an object"}`,
        });
        return {};
    }
    for (const k of Object.keys(value)) {
        if (allowed && !allowed.includes(k)) {
            issues.push({
                argument: `${key}.${k}`,
                problem: "is not a known setting",
                fix: `use one of ${allowed.join(", ")}`,
            });
        }
    }
    return { ...value };
}
