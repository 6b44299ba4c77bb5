/**
 * The dev environment on one machine: a MySQL-compatible server, the functions run in-process with the
 * environment they get in AWS (but a local password), seeding as the deployment does it, and the REST API
 * served from the same route definitions as the deployed one.
 */
import { AddressInfo } from "net";
import { defineRoute } from "../components/rest-api/definition";
import { EnvironmentConfig, parseEnvironmentConfig } from "../stacks/config";
import { TIMEOUTS } from "../stacks/functions";
import { FunctionKey, ROUTES } from "../stacks/routes";
import { readProject, readStackConfig } from "../tools/offline/project";
import { createLocalApi, LocalRoute } from "./api-gateway";
import { Handler, LocalFunction, invoke } from "./lambda";
import { AppDatabase, MysqlServer, createDatabase, startMysqlServer } from "./mariadb";
import * as path from "path";
import { Database } from "../functions/shared/database";

export const REPO_ROOT = path.resolve(__dirname, "..");

export interface LocalEnvironment {
    /** The API's base URL, `http://127.0.0.1:<port>/<stage>/`. */
    url: string;
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
}

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

/** The local API's routes: the deployment's route table and definitions, bound to local functions. */
export function localRoutes(config: EnvironmentConfig, functions: Record<FunctionKey, LocalFunction>): LocalRoute[] {
    return ROUTES.map(({ function: key, ...route }) => ({
        definition: defineRoute({ ...route, auth: route.auth ?? config.api.auth }),
        function: functions[key],
    }));
}

export async function startLocalEnvironment(options: LocalEnvironmentOptions = {}): Promise<LocalEnvironment> {
    const config = loadStackConfig(options.stack ?? "dev");
    const server = options.server ?? await startMysqlServer();
    const stopServer = options.server ? async () => undefined : () => server.stop();
    try {
        const database = await createDatabase(server, { name: config.database.databaseName ?? "accounts", user: "paas_app" });
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

        const seeded = await invoke(functions["seed-db"], { source: "deployment" });
        if (!seeded.ok) throw new Error(`seed-db failed: ${seeded.error.errorMessage}`);

        const api = createLocalApi({ stage: config.api.stageName, routes: localRoutes(config, functions) });
        await new Promise<void>((resolve, reject) => api.once("error", reject).listen(options.port ?? 3000, "127.0.0.1", resolve));
        const { port } = api.address() as AddressInfo;
        return {
            url: `http://127.0.0.1:${port}/${config.api.stageName}/`,
            config,
            database,
            seedResult: JSON.parse(seeded.payload),
            async stop() {
                await new Promise((resolve) => api.close(resolve));
                api.closeAllConnections();
                restoreEnv();
                await stopServer();
            },
        };
    } catch (error) {
        await stopServer();
        throw error;
    }
}
