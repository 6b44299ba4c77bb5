import * as aws from "../components/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import {
    ContainerFunction,
    Layer,
    LayerFunction,
    MysqlDatabase,
    Network,
    NetworkPlacement,
    PrivateBucket,
} from "../components/index";
import { MYSQL_DEFAULTS } from "../components/database/args";
import { grantRolePolicy } from "../components/grants";
import { functionConnectionBudget } from "../components/database/connections";
import { migrationsDigest } from "../functions/seed-db/migrations";
import { CONTAINER_DOCKERFILE, bundleForDeployment } from "../tools/build/functions";
import { EnvironmentConfig } from "./config";
import { BucketKey, FunctionEntry, FunctionManifest, ScheduleSpec, StackSetting, TableKey } from "./manifest";

/**
 * Where the environment's alarms go, when they are on: the existing topic config names, or a topic of the
 * stack's own emailing each configured address (config guarantees one or the other).
 */
export function createAlertsTopic(config: EnvironmentConfig): pulumi.Output<string> | undefined {
    const { alarms, alarmTopicArn, alarmEmails = [] } = config.functions;
    if (!alarms) return undefined;
    if (alarmTopicArn) return pulumi.output(alarmTopicArn);
    // Not encrypted with aws/sns: CloudWatch alarms cannot publish to topics under that AWS-managed key.
    const topic = new aws.sns.Topic(`${config.stack}-alerts`, { tags: config.tags });
    for (const address of alarmEmails) {
        // Named by the address, so adding or removing one never re-creates (and re-confirms) the others.
        new aws.sns.TopicSubscription(`${config.stack}-alerts-email-${shortDigest(address)}`, {
            topic: topic.arn,
            protocol: "email",
            endpoint: address,
        });
    }
    return topic.arn;
}

function shortDigest(text: string): string {
    return createHash("sha256").update(text.toLowerCase()).digest("hex").slice(0, 8);
}

/** What the manifest's functions are wired to. */
export interface FunctionDependencies {
    network: Network | NetworkPlacement;
    database: MysqlDatabase;
    buckets: Record<BucketKey, PrivateBucket>;
    tables: Record<TableKey, aws.dynamodb.Table>;
    sharp: Layer;
    /** The alerts topic's ARN, when alarms are on. */
    alerts: pulumi.Output<string> | undefined;
}

export type StackFunction = ContainerFunction | LayerFunction;

/**
 * Every function of the manifest, and the deploy-time runs. A function with `runAtDeploy` that uses the
 * database (seed-db: the migrations, and demo rows where `paas:demoData` asks) runs on the first deploy and on
 * every deploy that changes the migrations, the database instance (a replacement is a new, empty database) or
 * the demo setting, and only once it can reach the database; others run again whenever their code changes.
 */
export function createFunctions(config: EnvironmentConfig, manifest: FunctionManifest, deps: FunctionDependencies) {
    const functions: Record<string, StackFunction> = {};
    const runs: Record<string, pulumi.Output<string>> = {};
    for (const [key, entry] of Object.entries(manifest)) {
        const fn =
            entry.kind === "container"
                ? containerFunction(config, key, entry, deps)
                : zipFunction(config, key, entry, deps);
        functions[key] = fn;
        const grants = grantUses(config, entry, fn, deps);
        if (entry.runAtDeploy) {
            const run = entry.uses?.database
                ? migrationRun(config, key, entry, fn, deps, grants)
                : new aws.lambda.Invocation(`${config.stack}-${key}-run`, {
                      functionName: fn.functionName,
                      input: JSON.stringify(entry.runAtDeploy.event),
                      triggers: "imageUri" in fn ? { image: fn.imageUri } : { code: fn.function.sourceCodeHash },
                  });
            runs[key] = run.result;
        }
    }
    return { functions, runs };
}

/**
 * What a function's `uses` grants it, by the components it uses: the database's secret and port, reading and
 * writing buckets' objects, putting items in tables. Returns what the function must wait for before it uses them.
 */
function grantUses(
    config: EnvironmentConfig,
    entry: FunctionEntry,
    fn: StackFunction,
    deps: FunctionDependencies,
): pulumi.Resource[] {
    return [
        ...(entry.uses?.database ? deps.database.grantConnect(fn) : []),
        ...(entry.uses?.reads ?? []).map((b) => deps.buckets[b].grantRead(fn)),
        ...(entry.uses?.writes ?? []).map((b) => deps.buckets[b].grantWrite(fn)),
        ...(entry.uses?.putsItems ?? []).map((t) => grantPutItem(`${config.stack}-${kebab(t)}`, deps.tables[t], fn)),
    ];
}

/** A table's key as its resource names it: `thumbnailRecords` → `thumbnail-records`. */
function kebab(key: string): string {
    return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * `dynamodb:PutItem` on exactly one table, as a grant of its own (`<stack>-<table>-put-item-<function>`, under the
 * function: the table is a plain resource of the stack, with no component to grant from).
 */
function grantPutItem(tableKey: string, table: aws.dynamodb.Table, fn: StackFunction): pulumi.Resource {
    return grantRolePolicy(fn, tableKey, "put-item", fn, [
        table.arn.apply((arn) => ({ Effect: "Allow" as const, Action: ["dynamodb:PutItem"], Resource: [arn] })),
    ]);
}

/** A deploy-time run against the database: its event says whether to load demo rows. */
function migrationRun(
    config: EnvironmentConfig,
    key: string,
    entry: FunctionEntry,
    fn: StackFunction,
    deps: FunctionDependencies,
    grants: pulumi.Resource[],
): aws.lambda.Invocation {
    return new aws.lambda.Invocation(
        `${config.stack}-${key}-run`,
        {
            functionName: fn.functionName,
            input: JSON.stringify({ ...entry.runAtDeploy!.event, demoData: config.demoData }),
            triggers: {
                migrations: migrationsDigest(),
                // RDS's own ID of the instance: new with every new instance, even under the same identifier.
                database: deps.database.instance.resourceId,
                demoData: String(config.demoData),
            },
        },
        // Everything the function needs to reach the database, not only the function: the instance, its grants
        // (the secret, the port), and the routes, endpoints and security group rules of the network (its role and
        // logs come with the function).
        {
            dependsOn: [
                fn.function,
                deps.database.instance,
                ...grants,
                ...("connectivity" in deps.network ? deps.network.connectivity : []),
            ],
        },
    );
}

/**
 * The reserved concurrency of a function: for one that serves traffic on database connections (one per
 * execution), at most, and by default, the instance class's connection budget, so a burst is throttled at
 * the API rather than refused by the database; deploy-time runs stay unreserved.
 */
function reservedConcurrency(config: EnvironmentConfig, entry: FunctionEntry): number | undefined {
    if (!entry.uses?.database || entry.runAtDeploy) return undefined;
    return (
        config.functions.reservedConcurrency ??
        functionConnectionBudget(config.database.instanceClass ?? MYSQL_DEFAULTS.instanceClass)
    );
}

/** The environment a function's `uses` and `settings` give it (its contract, documented on FunctionEntry). */
function functionEnvironment(config: EnvironmentConfig, entry: FunctionEntry, deps: FunctionDependencies) {
    const environment: Record<string, pulumi.Input<string>> = {};
    if (entry.uses?.database) {
        const db = deps.database;
        Object.assign(environment, {
            MYSQL_HOST: db.address,
            MYSQL_PORT: db.port.apply(String),
            MYSQL_USER: db.username,
            MYSQL_DATABASE: db.databaseName,
            MYSQL_SECRET_ARN: db.secretArn,
        });
    }
    const destination = entry.uses?.writes?.[0];
    if (destination) environment.DESTINATION_BUCKET = deps.buckets[destination].bucketName;
    const table = entry.uses?.putsItems?.[0];
    if (table) environment.RECORDS_TABLE = deps.tables[table].name;
    for (const [name, setting] of Object.entries(entry.settings ?? {})) {
        const value = settingValue(config, setting);
        if (value !== undefined) environment[name] = value;
    }
    return environment;
}

/** A stack config setting a manifest entry refers to, as text; undefined for an optional one left unset. */
export function settingValue(config: EnvironmentConfig, setting: StackSetting): string | undefined {
    switch (setting) {
        case "thumbnails.maxDimension":
            return String(config.thumbnails.maxDimension);
        case "thumbnails.expireAfterDays":
            return config.thumbnails.expireAfterDays === undefined
                ? undefined
                : String(config.thumbnails.expireAfterDays);
        case "monitoring.metricsNamespace":
            return config.monitoring.metricsNamespace;
        case "monitoring.reportSchedule":
            return config.monitoring.reportSchedule;
    }
}

/** A manifest schedule with its expression: fixed, or the stack config's. */
export function resolveSchedule(config: EnvironmentConfig, schedule: ScheduleSpec) {
    const { expression } = schedule;
    return {
        ...schedule,
        // The one setting a schedule may name (ScheduleSpec), always set.
        expression: typeof expression === "string" ? expression : config.monitoring.reportSchedule,
    };
}

function memorySize(config: EnvironmentConfig, entry: FunctionEntry): number | undefined {
    const configured = config.functions.memorySize;
    if (entry.minimumMemorySize === undefined) return configured;
    return Math.max(configured ?? 0, entry.minimumMemorySize);
}

function containerFunction(config: EnvironmentConfig, key: string, entry: FunctionEntry, deps: FunctionDependencies) {
    return new ContainerFunction(`${config.stack}-${key}`, {
        image: { context: bundleForDeployment(key, [], entry.entry).dir, dockerfile: CONTAINER_DOCKERFILE },
        network: deps.network,
        environment: functionEnvironment(config, entry, deps),
        timeout: entry.timeout,
        architecture: config.functions.architecture,
        memorySize: memorySize(config, entry),
        tracing: config.functions.tracing,
        reservedConcurrency: reservedConcurrency(config, entry),
        logRetentionInDays: config.logRetentionInDays,
        removal: config.removal,
        alarms: deps.alerts && { topicArn: deps.alerts },
        tags: config.tags,
    });
}

function zipFunction(config: EnvironmentConfig, key: string, entry: FunctionEntry, deps: FunctionDependencies) {
    const layers = (entry.layers ?? []).map(() => deps.sharp);
    return new LayerFunction(`${config.stack}-${key}`, {
        code: {
            directory: bundleForDeployment(
                key,
                layers.flatMap((l) => l.packages),
                entry.entry,
            ).dir,
        },
        layers,
        // A function that uses the database runs in the VPC, as container ones do (its grant is the database's).
        network: entry.uses?.database ? deps.network : undefined,
        architecture: config.functions.architecture ?? "x86_64",
        timeout: entry.timeout,
        memorySize: memorySize(config, entry),
        tracing: config.functions.tracing,
        logRetentionInDays: config.logRetentionInDays,
        removal: config.removal,
        environment: functionEnvironment(config, entry, deps),
        triggers: {
            s3: entry.triggers?.s3?.map((t) => ({ bucket: deps.buckets[t.bucket].bucket, events: t.events })),
            schedules: entry.triggers?.schedules?.map((s) => resolveSchedule(config, s)),
        },
        alarms: deps.alerts && { topicArn: deps.alerts },
        tags: config.tags,
    });
}
