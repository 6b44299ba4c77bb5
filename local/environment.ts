/**
 * The dev environment on one machine: a MySQL-compatible server, the functions run in-process with the
 * environment they get in AWS (but a local password), seeding as the deployment does it, and the REST API
 * served from the same route definitions as the deployed one.
 */
import { AddressInfo } from "net";
import { defineRoute } from "../components/rest-api/definition";
import { EnvironmentConfig, parseEnvironmentConfig } from "../stacks/config";
import { seedEvent } from "../stacks/seeding";
import { TIMEOUTS } from "../stacks/timeouts";
import { FunctionKey, ROUTES } from "../stacks/routes";
import { readProject, readStackConfig } from "../tools/offline/project";
import { createLocalApi, LocalRoute } from "./api-gateway";
import { Handler, InvokeResult, LocalFunction, invoke } from "./lambda";
import { startS3Server } from "./s3";
import { AppDatabase, MysqlServer, createDatabase, startMysqlServer } from "./mariadb";
import * as path from "path";
import { Database } from "../functions/shared/database";

export const REPO_ROOT = path.resolve(__dirname, "..");

export interface LocalEnvironment {
    /** The API's base URL, `http://127.0.0.1:<port>/<stage>/`. */
    url: string;
    /** The local S3-compatible server, with the uploads and thumbnails buckets. */
    s3: { endpoint: string; uploadsBucket: string; thumbnailsBucket: string };
    /** Thumbnail runs so far (each an S3 event handled). */
    thumbnailRuns: InvokeResult[];
    config: EnvironmentConfig;
    database: AppDatabase;
    seedResult: unknown;
    stop(): Promise<void>;
}

export interface LocalEnvironmentOptions {
    /** The stack whose config shapes the environment. @default "dev" */
    stack?: string;
    /** @default 3000; 0 picks a free port */
    port?: number;
    /** A server to use instead of starting one (tests share theirs). */
    server?: MysqlServer;
    /** A database on `server` to use instead of the stack's own (tests give each suite one of its own). */
    database?: AppDatabase;
    /** The local S3 server's port. @default a free one */
    s3Port?: number;
}

export const UPLOADS_BUCKET = "uploads";
export const THUMBNAILS_BUCKET = "thumbnails";

/** Reads and validates a stack's config, as `pulumi up` would. */
export function loadStackConfig(stack: string): EnvironmentConfig {
    const project = readProject(REPO_ROOT);
    return parseEnvironmentConfig(readStackConfig(project, stack).values, project.name, stack);
}

/**
 * The functions as Lambda would run them: their real handlers, with the deployed timeouts. Each gets a
 * database of its own (read from the environment at its first call), like a fresh Lambda container.
 */
export function localFunctions(): Record<FunctionKey, LocalFunction> {
    const load = (key: FunctionKey): LocalFunction => {
        const module = require(path.join(REPO_ROOT, "functions", key)) as { createHandler(db: Database): Handler };
        return { name: key, handler: module.createHandler(Database.fromEnvironment()), timeout: TIMEOUTS[key] };
    };
    return { "seed-db": load("seed-db"), "retrieve-accounts": load("retrieve-accounts") };
}

/**
 * The thumbnail function with the environment it has in AWS, its S3 client pointed at the local server
 * through the SDK's own AWS_ENDPOINT_URL_S3 (with throwaway credentials the local server accepts).
 */
function thumbnailFunction(
    config: EnvironmentConfig,
    endpoint: string,
    savedEnv: Record<string, string | undefined>,
): LocalFunction {
    const env = {
        AWS_ENDPOINT_URL_S3: endpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        DESTINATION_BUCKET: THUMBNAILS_BUCKET,
        MAX_DIMENSION: String(config.thumbnails.maxDimension),
    };
    for (const key of Object.keys(env)) if (!(key in savedEnv)) savedEnv[key] = process.env[key];
    Object.assign(process.env, env);
    const module = require(path.join(REPO_ROOT, "functions", "thumbnail")) as typeof import("../functions/thumbnail");
    const { S3Client } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    return {
        name: "thumbnail",
        handler: module.createHandler(new S3Client({ forcePathStyle: true })) as Handler,
        timeout: 60,
    };
}

/** The local API's routes: the deployment's route table and definitions, bound to local functions. */
export function localRoutes(config: EnvironmentConfig, functions: Record<FunctionKey, LocalFunction>): LocalRoute[] {
    return ROUTES.map(({ function: key, ...route }) => ({
        definition: defineRoute({ ...route, auth: route.auth ?? config.api.auth }),
        function: functions[key],
    }));
}

export async function startLocalEnvironment(options: LocalEnvironmentOptions = {}): Promise<LocalEnvironment> {
    const config = loadStackConfig(options.stack ?? "dev");
    const server = options.server ?? (await startMysqlServer());
    const stopServer = options.server ? () => Promise.resolve() : () => server.stop();
    try {
        const database =
            options.database ??
            (await createDatabase(server, { name: config.database.databaseName ?? "accounts", user: "paas_app" }));
        // The functions read these at their first call, as in Lambda; a plain password and no TLS locally.
        const savedEnv = Object.fromEntries(Object.keys(database.env).map((k) => [k, process.env[k]]));
        Object.assign(process.env, database.env);
        const restoreEnv = () => {
            for (const [k, v] of Object.entries(savedEnv)) {
                if (v === undefined) delete process.env[k];
                else process.env[k] = v;
            }
        };
        const functions = localFunctions();

        const seeded = await invoke(functions["seed-db"], seedEvent(config));
        if (!seeded.ok) throw new Error(`seed-db failed: ${seeded.error.errorMessage}`);

        const s3 = await startS3Server([UPLOADS_BUCKET, THUMBNAILS_BUCKET], options.s3Port ?? 0);
        const stopS3 = () => s3.stop();
        const thumbnailRuns: InvokeResult[] = [];
        const thumbnail = thumbnailFunction(config, s3.endpoint, savedEnv);
        // As S3 would: each object created in the uploads bucket is an event for the function.
        s3.onObjectCreated((event) => {
            const records = (event as { Records: { s3: { bucket: { name: string } } }[] }).Records.filter(
                (r) => r.s3.bucket.name === UPLOADS_BUCKET,
            );
            if (records.length === 0) return;
            void invoke(thumbnail, { Records: records }).then((result) => {
                thumbnailRuns.push(result);
                if (!result.ok) console.error(`thumbnail failed: ${result.error.errorMessage}`);
            });
        });

        const api = createLocalApi({ stage: config.api.stageName, routes: localRoutes(config, functions) });
        await new Promise<void>((resolve, reject) =>
            api.once("error", reject).listen(options.port ?? 3000, "127.0.0.1", resolve),
        );
        const { port } = api.address() as AddressInfo;
        return {
            url: `http://127.0.0.1:${port}/${config.api.stageName}/`,
            s3: { endpoint: s3.endpoint, uploadsBucket: UPLOADS_BUCKET, thumbnailsBucket: THUMBNAILS_BUCKET },
            thumbnailRuns,
            config,
            database,
            seedResult: JSON.parse(seeded.payload),
            async stop() {
                await new Promise((resolve) => api.close(resolve));
                api.closeAllConnections();
                restoreEnv();
                await stopS3();
                await stopServer();
            },
        };
    } catch (error) {
        await stopServer();
        throw error;
    }
}
