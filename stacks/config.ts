// Pure modules only (no Pulumi SDK): the local mode reads stack config too, and loading the SDK would
// slow everything it runs (the SDK's async context tracking taxes every promise).
import { ArgIssue, InvalidArgsError, prefixIssues } from "../components/errors";
import { MYSQL_DEFAULTS, MysqlDatabaseArgs, isMysqlInstanceClass, resolveMysqlArgs } from "../components/database/args";
import { functionConnectionBudget, mysqlMaxConnections } from "../components/database/connections";
import { LAMBDA_DEFAULT_CONCURRENCY, LAMBDA_MIN_UNRESERVED } from "../components/lambda/args";
import { FunctionArgs, checkFunctionArgs } from "../components/lambda/args";
import { NetworkArgs, resolveNetworkArgs } from "../components/network/args";
import { RestApiArgs, UsagePlan, checkStageArgs } from "../components/rest-api/args";
import { ROUTE_AUTH, RouteAuth } from "../components/rest-api/definition";
import { UserPoolArgs, checkUserPoolArgs } from "../components/user-pool/args";
import { RemovalPolicy, checkRemoval } from "../components/removal";
import {
    LogRetentionDays,
    checkInteger,
    checkLogRetention,
    checkOneOf,
    checkUnique,
    show,
} from "../components/validation";
import { ENVIRONMENT_DEFAULTS } from "./defaults";
import { MonitoringConfig, parseMonitoringConfig } from "./monitoring-config";

/** The database settings a stack may configure: every `MysqlDatabaseArgs` field but the wiring. */
export type DatabaseConfig = Omit<
    MysqlDatabaseArgs,
    "network" | "kmsKeyId" | "tags" | "removal" | "logRetentionInDays"
>;
/** The network settings a stack may configure. */
export type NetworkConfig = Omit<NetworkArgs, "tags" | "removal">;

/** Settings every function of the environment shares. */
export interface FunctionsConfig extends Pick<FunctionArgs, "architecture" | "memorySize" | "tracing"> {
    /**
     * Concurrent executions reserved for (and capping) the function behind the API, each holding one
     * database connection. At most, and by default, the database class's connection budget
     * (`functionConnectionBudget`), so a burst is throttled at the API rather than refused by the database.
     */
    reservedConcurrency?: number;
    /**
     * The account's Lambda concurrency quota (AWS's default is 1,000; new accounts may have 10): reservations
     * must leave Lambda's minimum of 100 unreserved, and config is checked against it before any resource.
     */
    accountConcurrencyLimit?: number;
    /**
     * CloudWatch alarms on errors and throttles, and the environment's (`paas:monitoring.alarms`), notifying the
     * environment's alerts topic.
     */
    alarms: boolean;
    /**
     * Addresses the environment's alerts topic emails (each subscription must be confirmed from its mail).
     * With alarms on, this or `alarmTopicArn` is required: alarms that reach nobody are not monitoring.
     */
    alarmEmails?: string[];
    /** An existing SNS topic (e.g. the on-call pager's) the alarms notify instead of a topic of the stack's own. */
    alarmTopicArn?: string;
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
    /** The usage plan of the `auth: "apiKey"` routes, with the environment's defaults applied. */
    usagePlan: UsagePlan;
}

/**
 * The user pool the stack creates for `auth: "cognito"` routes (unless `api.cognitoUserPoolArns` names pools
 * made elsewhere): every `UserPoolArgs` field but the wiring.
 */
export type UsersConfig = Omit<UserPoolArgs, "removal" | "tags">;

/** The thumbnail pipeline's settings. */
export interface ThumbnailsConfig {
    /** The longest side of a thumbnail, in pixels (they are at most half the original anyway). */
    maxDimension: number;
    /**
     * Point-in-time recovery (35 days of continuous backups) of the thumbnail records table.
     * @default true (dev turns it off: its data is disposable)
     */
    pointInTimeRecovery: boolean;
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
    /** What `pulumi destroy` does to the stateful resources (see `RemovalPolicy`): one setting per stack. */
    readonly removal: RemovalPolicy;
    /** Load the demo accounts at deploy time (on in dev; never by default). */
    readonly demoData: boolean;
    /** Create a network, or take one that another stack exports. */
    readonly network:
        | { readonly source: "create"; readonly args: NetworkConfig }
        | { readonly source: "stack"; readonly stackName: string };
    readonly database: DatabaseConfig;
    readonly functions: FunctionsConfig;
    readonly api: ApiConfig;
    readonly users: UsersConfig;
    readonly thumbnails: ThumbnailsConfig;
    /** The scheduled report, its metrics' namespace and the alarms' thresholds. */
    readonly monitoring: MonitoringConfig;
}

/** The keys a stack config may set under the project's namespace, with what each expects. */
const KEYS: Record<string, string> = {
    network: "an object of Network settings (cidrBlock, azCount, natStrategy, ...)",
    networkFromStack: 'a fully-qualified stack name, "<org>/<project>/<stack>", whose outputs include the network',
    database: "an object of MysqlDatabase settings (instanceClass, multiAz, ...)",
    functions: "an object of settings shared by the functions (architecture, memorySize, tracing, alarms, ...)",
    api: "an object of REST API settings (stageName, throttlingRateLimit, loggingLevel, auth, usagePlan, ...)",
    users: "an object of Cognito user pool settings (passwordMinimumLength, mfa, threatProtection, ...)",
    thumbnails: "an object of thumbnail pipeline settings (maxDimension, expireAfterDays, pointInTimeRecovery)",
    monitoring: "an object of operations settings (reportSchedule, alarms: { api5xxPercent, ... })",
    logRetentionInDays: "a CloudWatch Logs retention period in days",
    removal: '"retain" (keep databases, buckets, repositories, queues and log groups on destroy) or "remove"',
    demoData: "true or false: load the demo accounts at deploy time",
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
const FUNCTIONS_KEYS = [
    "architecture",
    "memorySize",
    "tracing",
    "reservedConcurrency",
    "accountConcurrencyLimit",
    "alarms",
    "alarmEmails",
    "alarmTopicArn",
];
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const API_KEYS = [
    "stageName",
    "throttlingRateLimit",
    "throttlingBurstLimit",
    "loggingLevel",
    "tracing",
    "manageAccountLoggingRole",
    "auth",
    "cognitoUserPoolArns",
    "usagePlan",
];
const USERS_KEYS = [
    "passwordMinimumLength",
    "mfa",
    "threatProtection",
    "selfSignUp",
    "idTokenValidityMinutes",
    "accessTokenValidityMinutes",
    "refreshTokenValidityDays",
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

    const removal = (values.removal ?? ENVIRONMENT_DEFAULTS.removal) as RemovalPolicy;
    issues.push(...checkRemoval(`${ns}removal`, removal));

    const demoData = values.demoData ?? ENVIRONMENT_DEFAULTS.demoData;
    if (typeof demoData !== "boolean")
        issues.push({ argument: `${ns}demoData`, problem: `got ${show(demoData)}`, fix: "use true or false" });

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
        issues.push(...prefixIssues(`${ns}network.`, resolveNetworkArgs({ ...args, removal }).issues));
        network = { source: "create", args };
    }

    const database = checkObject(`${ns}database`, values.database ?? {}, issues, DATABASE_KEYS) as DatabaseConfig;
    issues.push(...prefixIssues(`${ns}database.`, resolveMysqlArgs({ ...database, removal }).issues));

    const functions = checkObject(
        `${ns}functions`,
        values.functions ?? {},
        issues,
        FUNCTIONS_KEYS,
    ) as Partial<FunctionsConfig>;
    const { alarms, alarmEmails, alarmTopicArn, accountConcurrencyLimit, ...shared } = functions;
    issues.push(...prefixIssues(`${ns}functions.`, checkFunctionArgs(shared)));
    issues.push(
        ...checkConcurrency(
            ns,
            database.instanceClass ?? MYSQL_DEFAULTS.instanceClass,
            shared,
            accountConcurrencyLimit,
        ),
    );
    if (alarms !== undefined && typeof alarms !== "boolean") {
        issues.push({ argument: `${ns}functions.alarms`, problem: `got ${show(alarms)}`, fix: "use true or false" });
    }
    issues.push(...checkAlarmDestinations(ns, alarms ?? ENVIRONMENT_DEFAULTS.alarms, alarmEmails, alarmTopicArn));

    const apiValues = checkObject(`${ns}api`, values.api ?? {}, issues, API_KEYS) as Partial<ApiConfig>;
    const api: ApiConfig = {
        ...apiValues,
        stageName: apiValues.stageName ?? stack,
        manageAccountLoggingRole:
            apiValues.manageAccountLoggingRole ?? ENVIRONMENT_DEFAULTS.manageApiAccountLoggingRole,
        auth: apiValues.auth ?? "none",
        usagePlan: isObject(apiValues.usagePlan)
            ? { ...ENVIRONMENT_DEFAULTS.usagePlan, ...apiValues.usagePlan }
            : (apiValues.usagePlan ?? ENVIRONMENT_DEFAULTS.usagePlan),
    };
    // The API's own rules for its stage and auth (the routes are code, checked by RestApi itself). A
    // "cognito" route needs no pool ARNs here: without them, the stack creates its own pool.
    issues.push(...prefixIssues(`${ns}api.`, [...checkStageArgs(api), ...checkOneOf("auth", api.auth, ROUTE_AUTH)]));

    const users = checkObject(`${ns}users`, values.users ?? {}, issues, USERS_KEYS) as UsersConfig;
    issues.push(...prefixIssues(`${ns}users.`, checkUserPoolArgs(users)));
    if (values.users !== undefined && api.cognitoUserPoolArns !== undefined) {
        issues.push({
            argument: `${ns}users`,
            problem: `is set together with ${ns}api.cognitoUserPoolArns, which use pools made elsewhere`,
            fix: "set one of the two: users for a pool of this stack's own, cognitoUserPoolArns for others",
        });
    }

    const thumbnailValues = checkObject(`${ns}thumbnails`, values.thumbnails ?? {}, issues, [
        "maxDimension",
        "expireAfterDays",
        "pointInTimeRecovery",
    ]) as Partial<ThumbnailsConfig>;
    const thumbnails: ThumbnailsConfig = {
        maxDimension: thumbnailValues.maxDimension ?? ENVIRONMENT_DEFAULTS.thumbnailMaxDimension,
        pointInTimeRecovery:
            thumbnailValues.pointInTimeRecovery ?? ENVIRONMENT_DEFAULTS.thumbnailRecordsPointInTimeRecovery,
        ...thumbnailValues,
    };
    if (typeof thumbnails.pointInTimeRecovery !== "boolean")
        issues.push({
            argument: `${ns}thumbnails.pointInTimeRecovery`,
            problem: `got ${show(thumbnails.pointInTimeRecovery)}`,
            fix: "use true or false",
        });
    issues.push(...checkInteger(`${ns}thumbnails.maxDimension`, thumbnails.maxDimension, 16, 8192));
    if (thumbnails.expireAfterDays !== undefined)
        issues.push(...checkInteger(`${ns}thumbnails.expireAfterDays`, thumbnails.expireAfterDays, 1, 36500));

    const monitoring = parseMonitoringConfig(
        ns,
        values.monitoring,
        project,
        stack,
        (alarms ?? ENVIRONMENT_DEFAULTS.alarms) === true,
        issues,
    );

    if (issues.length > 0) throw new InvalidArgsError(`Stack config "${stack}" (Pulumi.${stack}.yaml)`, issues);
    return {
        project,
        stack,
        tags: { ...(tags as Record<string, string>), Environment: stack, Project: project },
        logRetentionInDays,
        removal,
        demoData: demoData === true,
        network,
        database,
        functions: {
            ...shared,
            alarms: alarms ?? ENVIRONMENT_DEFAULTS.alarms,
            ...(alarmEmails ? { alarmEmails } : {}),
            ...(alarmTopicArn ? { alarmTopicArn } : {}),
            ...(accountConcurrencyLimit !== undefined ? { accountConcurrencyLimit } : {}),
        },
        api,
        users,
        thumbnails,
        monitoring,
    };
}

/**
 * The API function's reserved concurrency against what the database accepts (one connection per execution)
 * and what the account leaves: Lambda refuses a reservation that leaves fewer than 100 executions unreserved.
 */
function checkConcurrency(
    ns: string,
    instanceClass: string,
    shared: { reservedConcurrency?: number },
    accountLimit: unknown,
): ArgIssue[] {
    const issues: ArgIssue[] = [];
    const limit = accountLimit ?? LAMBDA_DEFAULT_CONCURRENCY;
    const limitIssues = checkInteger(`${ns}functions.accountConcurrencyLimit`, limit, 10, 1_000_000);
    issues.push(...limitIssues);
    if (!isMysqlInstanceClass(instanceClass)) return issues; // reported with the database
    const budget = functionConnectionBudget(instanceClass);
    const reserved = shared.reservedConcurrency ?? budget;
    if (typeof reserved === "number" && reserved > budget) {
        issues.push({
            argument: `${ns}functions.reservedConcurrency`,
            problem: `is ${reserved}, more connections than ${instanceClass} serves functions (${budget} of its ${mysqlMaxConnections(instanceClass)} max_connections)`,
            fix: `use at most ${budget}, or a larger paas:database.instanceClass`,
        });
    }
    if (
        limitIssues.length === 0 &&
        typeof reserved === "number" &&
        reserved > (limit as number) - LAMBDA_MIN_UNRESERVED
    ) {
        issues.push({
            argument: `${ns}functions.reservedConcurrency`,
            problem: `${shared.reservedConcurrency === undefined ? "defaults to" : "is"} ${reserved}, leaving fewer than Lambda's minimum of ${LAMBDA_MIN_UNRESERVED} unreserved of the account's ${limit as number}`,
            fix: `set it to at most ${(limit as number) - LAMBDA_MIN_UNRESERVED}, or raise the account's quota and set ${ns}functions.accountConcurrencyLimit`,
        });
    }
    return issues;
}

/**
 * Where alarms go: with alarms on, at least one email address or an existing topic, each well formed; with
 * alarms off, neither (a destination that is never used hides a misconfiguration).
 */
function checkAlarmDestinations(ns: string, alarms: unknown, emails: unknown, topicArn: unknown): ArgIssue[] {
    const issues: ArgIssue[] = [];
    const key = (k: string) => `${ns}functions.${k}`;
    if (emails !== undefined) {
        if (!Array.isArray(emails) || emails.some((e) => typeof e !== "string" || !EMAIL.test(e))) {
            issues.push({ argument: key("alarmEmails"), problem: `got ${show(emails)}`, fix: "list email addresses" });
        } else {
            issues.push(...checkUnique(key("alarmEmails"), emails));
        }
    }
    if (topicArn !== undefined && (typeof topicArn !== "string" || !SNS_TOPIC_ARN.test(topicArn))) {
        issues.push({
            argument: key("alarmTopicArn"),
            problem: `got ${show(topicArn)}`,
            fix: "give an SNS topic's ARN",
        });
    }
    const hasEmails = Array.isArray(emails) && emails.length > 0;
    if (alarms === true && !hasEmails && topicArn === undefined) {
        issues.push({
            argument: key("alarmEmails"),
            problem: "is not set, nor alarmTopicArn, so the alarms would notify nobody",
            fix: `list who is told (${key("alarmEmails")}: ["oncall@example.com"]), give an existing topic (${key("alarmTopicArn")}), or turn alarms off`,
        });
    }
    if (alarms === false && (emails !== undefined || topicArn !== undefined)) {
        issues.push({
            argument: key(emails !== undefined ? "alarmEmails" : "alarmTopicArn"),
            problem: "is set but alarms are off",
            fix: "turn alarms on or drop it",
        });
    }
    return issues;
}

function isObject(value: unknown): value is object {
    return typeof value === "object" && value !== null && !Array.isArray(value);
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
