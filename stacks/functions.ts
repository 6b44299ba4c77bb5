import * as aws from "../components/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ContainerFunction,
    Layer,
    LayerFunction,
    MysqlDatabase,
    Network,
    PolicyStatementArgs,
    PrivateBucket,
    SubnetPlacement,
} from "../components/index";
import { CONTAINER_DOCKERFILE, bundleForDeployment } from "../tools/build/functions";
import { EnvironmentConfig } from "./config";
import { BucketKey, FunctionEntry, FunctionManifest } from "./manifest";

/** The environment's alerts topic, when alarms are on. */
export function createAlertsTopic(config: EnvironmentConfig): aws.sns.Topic | undefined {
    if (!config.functions.alarms) return undefined;
    // Not encrypted with aws/sns: CloudWatch alarms cannot publish to topics under that AWS-managed key.
    const topic = new aws.sns.Topic(`${config.stack}-alerts`, { tags: config.tags });
    if (config.functions.alarmEmail) {
        new aws.sns.TopicSubscription(`${config.stack}-alerts-email`, {
            topic: topic.arn,
            protocol: "email",
            endpoint: config.functions.alarmEmail,
        });
    }
    return topic;
}

/** What the manifest's functions are wired to. */
export interface FunctionDependencies {
    network: Network | SubnetPlacement;
    database: MysqlDatabase;
    buckets: Record<BucketKey, PrivateBucket>;
    sharp: Layer;
    alerts: aws.sns.Topic | undefined;
}

export type StackFunction = ContainerFunction | LayerFunction;

/**
 * Every function of the manifest, and the deploy-time runs: a function with `runAtDeploy` runs once when
 * created and again whenever its code changes (a new image digest, or a new zip hash).
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
        if (entry.runAtDeploy) {
            const run = new aws.lambda.Invocation(`${config.stack}-${key}-run`, {
                functionName: fn.functionName,
                input: JSON.stringify(entry.runAtDeploy.event),
                // `image` is the key deployed stacks have: renaming it would re-run the invocation.
                triggers: "imageUri" in fn ? { image: fn.imageUri } : { code: fn.function.sourceCodeHash },
            });
            runs[key] = run.result;
        }
    }
    return { functions, runs };
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
    for (const [name, setting] of Object.entries(entry.settings ?? {}))
        if (setting === "thumbnails.maxDimension") environment[name] = String(config.thumbnails.maxDimension);
    return environment;
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
        secretArns: entry.uses?.database ? [deps.database.secretArn] : undefined,
        timeout: entry.timeout,
        architecture: config.functions.architecture,
        memorySize: memorySize(config, entry),
        tracing: config.functions.tracing,
        reservedConcurrency: config.functions.reservedConcurrency,
        logRetentionInDays: config.logRetentionInDays,
        alarms: deps.alerts && { topicArn: deps.alerts.arn },
        tags: config.tags,
    });
}

function zipFunction(config: EnvironmentConfig, key: string, entry: FunctionEntry, deps: FunctionDependencies) {
    const layers = (entry.layers ?? []).map(() => deps.sharp);
    const statements: PolicyStatementArgs[] = [
        ...(entry.uses?.reads ?? []).map((b) => ({
            actions: ["s3:GetObject"],
            resources: [pulumi.interpolate`${deps.buckets[b].arn}/*`],
        })),
        ...(entry.uses?.writes ?? []).map((b) => ({
            actions: ["s3:PutObject"],
            resources: [pulumi.interpolate`${deps.buckets[b].arn}/*`],
        })),
    ];
    return new LayerFunction(`${config.stack}-${key}`, {
        code: {
            directory: bundleForDeployment(
                key,
                layers.flatMap((l) => l.packages),
                entry.entry,
            ).dir,
        },
        layers,
        architecture: config.functions.architecture ?? "x86_64",
        timeout: entry.timeout,
        memorySize: memorySize(config, entry),
        tracing: config.functions.tracing,
        logRetentionInDays: config.logRetentionInDays,
        environment: functionEnvironment(config, entry, deps),
        policyStatements: statements.length > 0 ? statements : undefined,
        triggers: {
            s3: entry.triggers?.s3?.map((t) => ({ bucket: deps.buckets[t.bucket].bucket, events: t.events })),
            schedules: entry.triggers?.schedules,
        },
        alarms: deps.alerts && { topicArn: deps.alerts.arn },
        tags: config.tags,
    });
}
