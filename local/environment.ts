/**
 * A stack on one machine, built from what its program registers (the offline evaluation's record): each
 * Lambda function run from its own code in a worker thread, with its registered environment and local
 * stand-ins for the database, its secret and the buckets; a MariaDB with the registered database name; an
 * S3-compatible server with the registered buckets and notifications; the REST APIs' routes as registered;
 * schedules; Lambda's Invoke API and async semantics; the deploy-time invocations run at start.
 */
import { randomBytes } from "crypto";
import * as http from "http";
import { AddressInfo } from "net";
import { routeAccess } from "./access";
import { LocalUserPools } from "./cognito";
import { UsagePlans } from "./usage-plan";
import { REPO_ROOT } from "../tools/paths";
import { AsyncInvoker, InvocationRecord } from "./async";
import { FunctionHost } from "./function-host";
import { InvokeResult } from "./lambda";
import { AppDatabase, MysqlServer, createDatabase, startMysqlServer } from "./mariadb";
import { planProgram } from "./plan-process";
import { DatabasePlan, FunctionPlan, LocalPlan } from "./program";
import type { RouteDefinition } from "../components/rest-api/definition";
import { startS3Server } from "./s3";
import { LocalDynamoDb, startDynamoDb } from "./dynamodb";
import type { LocalRoute } from "./api-gateway";
import { s3NotificationEvent, scheduledEvent } from "./events";
import { nextFire, parseSchedule } from "./schedule";
import { localRequestListener } from "./server";
import * as fs from "fs";

export { REPO_ROOT };

export interface LocalEnvironment {
    plan: LocalPlan;
    /** `http://127.0.0.1:<port>`: the APIs, the Invoke API, the local views. */
    endpoint: string;
    /** The first API's base URL, `http://127.0.0.1:<port>/<stage>/`. */
    url: string;
    functions: Map<string, FunctionHost>;
    s3: { endpoint: string; buckets: string[] };
    /** The DynamoDB stand-in with the registered tables, when the program has any. */
    dynamodb?: LocalDynamoDb;
    /** The databases, by registered name. */
    databases: Map<string, AppDatabase>;
    /** The deploy-time invocations' results, by invocation name. */
    invocationResults: Record<string, unknown>;
    /** Records delivered to on-failure destinations, by destination ARN. */
    destinations: Map<string, InvocationRecord[]>;
    /** Waits until every accepted event (S3, schedule, Event invoke) has finished its attempts. */
    idle(): Promise<void>;
    /** Runs a schedule now, as when it fires. */
    fireSchedule(name: string): boolean;
    /** The Cognito user pools' local issuer (tokens for `auth: "cognito"` routes), if the program has pools. */
    userPools?: LocalUserPools;
    /** The API keys of the usage plans, with their local values and the secrets holding them. */
    apiKeys: { name: string; value: string; secrets: string[] }[];
    stop(): Promise<void>;
}

export interface LocalEnvironmentOptions {
    /** The Pulumi program's folder. @default this project */
    dir?: string;
    /** @default "dev" */
    stack?: string;
    /** @default 3000; 0 picks a free port */
    port?: number;
    /** A server to use instead of starting one (tests share theirs). */
    server?: MysqlServer;
    /** A database on `server` to use for the program's (first) database (tests give each suite one). */
    database?: AppDatabase;
    /** Lambda's retry backoff is in minutes; locally a minute lasts this long. @default 1000 */
    minuteMs?: number;
    /** Reload functions when their code changes. @default true */
    watch?: boolean;
    /** Where the line per invocation and reload notes go. @default console.log */
    log?: (line: string) => void;
}

/** The functions' settings contract for a local database: plain TCP (RDS requires TLS; MariaDB here has none). */
const LOCAL_DATABASE_ENV = { MYSQL_TLS: "off" };
/** Credentials the local S3 server (s3rver) accepts; they reach nothing else. */
const LOCAL_CREDENTIALS = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" };

export async function startLocalEnvironment(options: LocalEnvironmentOptions = {}): Promise<LocalEnvironment> {
    const stack = options.stack ?? "dev";
    const log = options.log ?? ((line: string) => console.log(line));
    // The endpoint first: a busy port fails before anything else is done or started.
    const port = options.port ?? 3000;
    const server = http.createServer();
    await new Promise<void>((resolve, reject) =>
        server
            .once("error", (error: NodeJS.ErrnoException) =>
                reject(
                    error.code === "EADDRINUSE"
                        ? new Error(
                              `port ${port} on 127.0.0.1 is in use. Fix: stop what uses it, or choose another port (--port or PORT; 0 picks a free one).`,
                          )
                        : error,
                ),
            )
            .listen(port, "127.0.0.1", resolve),
    );
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cleanups: (() => Promise<void> | void)[] = [];
    const stopAll = async () => {
        // The endpoint first, connections kept alive included: nothing is served by a stopping environment.
        const closed = new Promise((resolve) => server.close(resolve));
        server.closeAllConnections();
        await closed;
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    };
    try {
        const { plan, temporary } = await planProgram(options.dir, stack);
        cleanups.push(() => temporary.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
        const hosts = new Map<string, FunctionHost>();
        const asyncInvoker = new AsyncInvoker({
            minuteMs: options.minuteMs,
            onAttempt: (fn, trigger, result, ms, attempt) =>
                log(invocationLine(fn, attempt > 1 ? `${trigger} (retry ${attempt - 1})` : trigger, result, ms)),
            onDelivered: (destination, record) =>
                log(
                    `${clock()} ${record.requestContext.functionArn}: ${record.requestContext.condition}, record sent to ${destination} (GET ${endpoint}/_local/destinations)`,
                ),
        });
        cleanups.push(() => asyncInvoker.stop());
        const secrets = new Map<string, string>();
        const schedules = new Map<string, () => void>();
        const userPools = plan.userPools.length > 0 ? new LocalUserPools(plan.userPools, endpoint) : undefined;
        // API Gateway generates a key's value unless the program gives one: here, a fresh one per start, put
        // in the secrets the program copies it into (read through the local Secrets Manager, as deployed).
        const apiKeys = plan.apis.flatMap((api) =>
            api.usagePlans.flatMap((p) =>
                p.keys.map((key) => ({ ...key, value: key.value ?? randomBytes(30).toString("base64url") })),
            ),
        );
        for (const key of apiKeys) for (const secret of key.secrets) secrets.set(secret, key.value);
        const keyValues = new Map(apiKeys.map((k) => [k.id, k.value]));
        const byName = (name: string) => {
            const fn = plan.functions.find(
                (f) =>
                    f.name === name || f.aliases.includes(name) || f.aliases.includes(name.replace(/:\$LATEST$/, "")),
            );
            return fn && hosts.get(fn.name);
        };
        const timed = async (host: FunctionHost, trigger: string, event: unknown, requestId?: string) => {
            const started = process.hrtime.bigint();
            const result = await host.invoke(event, requestId);
            log(invocationLine(host.name, trigger, result, Number(process.hrtime.bigint() - started) / 1e6));
            return result;
        };
        const submit = (host: FunctionHost, event: unknown, trigger: string) =>
            asyncInvoker.submit({ plan: host.plan, invoke: (e, id) => host.invoke(e, id) }, event, trigger);

        // Started before the routes are served: an AWS-service route calls it.
        const dynamodb = plan.tables.length > 0 ? await startDynamoDb(plan.tables) : undefined;
        if (dynamodb) cleanups.push(() => dynamodb.stop());
        const listener = localRequestListener({
            apis: plan.apis.map((api) => ({
                stage: api.stage,
                access: routeAccess(userPools, new UsagePlans(api.usagePlans, keyValues), (line) =>
                    log(`${clock()} ${line}`),
                ),
                routes: api.routes.map((route): LocalRoute => {
                    if (route.service)
                        return {
                            ...serviceRoute(route.definition, route.service, dynamodb, log),
                            userPools: route.userPools,
                        };
                    const fnName = route.function!;
                    const host = () => hosts.get(fnName)!;
                    const trigger = `${route.definition.method} /${api.stage}${route.definition.path}`;
                    return {
                        definition: route.definition,
                        userPools: route.userPools,
                        function: {
                            name: fnName,
                            timeout: plan.functions.find((f) => f.name === fnName)!.timeout,
                            invoke: (e: unknown) => timed(host(), trigger, e),
                        },
                    };
                }),
            })),
            functionNamed: (name) => {
                const host = byName(name);
                return (
                    host && {
                        invoke: (event, requestId) => timed(host, "invoke", event, requestId),
                        submit: (event) => submit(host, event, "invoke (Event)"),
                    }
                );
            },
            secrets,
            userPools,
            destinations: asyncInvoker.destinations,
            fireSchedule: (name) => {
                const fire = schedules.get(name);
                fire?.();
                return Boolean(fire);
            },
        });
        server.on("request", listener);

        const databases = await startDatabases(plan.databases, options, cleanups);
        const s3 = await startS3Server(plan.buckets, 0);
        cleanups.push(() => s3.stop());

        for (const fn of plan.functions) {
            const environment = {
                ...functionEnvironment(fn, plan.databases, databases, secrets),
                ...LOCAL_CREDENTIALS,
                AWS_REGION: regionOf(fn.arn),
                AWS_DEFAULT_REGION: regionOf(fn.arn),
                AWS_ENDPOINT_URL_S3: s3.endpoint,
                ...(dynamodb ? { AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint } : {}),
                AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
                AWS_ENDPOINT_URL_LAMBDA: endpoint,
                AWS_LAMBDA_FUNCTION_NAME: fn.name,
                AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
                AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
            };
            hosts.set(
                fn.name,
                new FunctionHost(fn, { environment, watch: options.watch, report: (m) => log(`${clock()} ${m}`) }),
            );
        }
        cleanups.push(() => Promise.all([...hosts.values()].map((h) => h.close())).then(() => undefined));

        // As S3 does: each object created is an event for the functions whose notification matches it.
        s3.onObjectCreated((event) => {
            for (const record of (event as { Records: S3Record[] }).Records) {
                for (const n of plan.notifications) {
                    const key = record.s3.object.key;
                    if (n.bucket !== record.s3.bucket.name || !n.events.some((e) => eventMatches(e, record.eventName)))
                        continue;
                    if (
                        (n.filterPrefix && !key.startsWith(n.filterPrefix)) ||
                        (n.filterSuffix && !key.endsWith(n.filterSuffix))
                    )
                        continue;
                    submit(hosts.get(n.function)!, s3NotificationEvent(record), `s3://${n.bucket}/${key}`);
                }
            }
        });

        // The deploy-time invocations, as `pulumi up` runs them: a failure fails the start.
        const invocationResults: Record<string, unknown> = {};
        for (const inv of plan.invocations) {
            const result = await timed(hosts.get(inv.function)!, `deployment (${inv.name})`, inv.input);
            if (!result.ok) throw new Error(`${inv.name}: ${inv.function} failed: ${result.error.errorMessage}`);
            invocationResults[inv.name] = result.value;
        }

        for (const s of plan.schedules) {
            const schedule = parseSchedule(s.expression);
            const host = hosts.get(s.function)!;
            const fire = () =>
                submit(host, s.input ?? scheduledEvent(s.name, regionOf(host.plan.arn)), `schedule ${s.expression}`);
            schedules.set(s.name, fire);
            const startedAt = Date.now();
            let timer: NodeJS.Timeout | undefined;
            const arm = (after: number) => {
                const at = nextFire(schedule, after, startedAt);
                if (at !== undefined)
                    timer = setTimeout(() => {
                        fire();
                        arm(at);
                    }, at - Date.now());
            };
            arm(startedAt);
            cleanups.push(() => clearTimeout(timer));
        }

        const firstApi = plan.apis[0];
        return {
            plan,
            endpoint,
            url: firstApi ? `${endpoint}/${firstApi.stage}/` : `${endpoint}/`,
            functions: hosts,
            s3: { endpoint: s3.endpoint, buckets: plan.buckets },
            dynamodb,
            databases,
            invocationResults,
            destinations: asyncInvoker.destinations,
            idle: () => asyncInvoker.idle(),
            fireSchedule: (name) => {
                const fire = schedules.get(name);
                fire?.();
                return Boolean(fire);
            },
            userPools,
            apiKeys: apiKeys.map(({ name, value, secrets: held }) => ({ name, value, secrets: held })),
            stop: stopAll,
        };
    } catch (error) {
        await stopAll();
        throw error;
    }
}

/** A route calling a DynamoDB action on the local server, logged as a function's invocation is. */
function serviceRoute(
    definition: RouteDefinition,
    service: { service: string; action: string },
    dynamodb: LocalDynamoDb | undefined,
    log: (line: string) => void,
): LocalRoute {
    const name = `${service.service}:${service.action}`;
    return {
        definition,
        service: {
            name,
            async call(body) {
                const started = process.hrtime.bigint();
                // A program without tables has nothing to call: DynamoDB's answer for an unknown table.
                const answer = dynamodb
                    ? await dynamodb.call(service.action, body)
                    : { status: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"}' };
                const ms = Number(process.hrtime.bigint() - started) / 1e6;
                log(
                    `${clock()} ${name}  ${definition.method} ${definition.path}  ${ms.toFixed(0)} ms  ${answer.status}`,
                );
                return answer;
            },
        },
    };
}

async function startDatabases(
    plans: DatabasePlan[],
    options: LocalEnvironmentOptions,
    cleanups: (() => Promise<void> | void)[],
): Promise<Map<string, AppDatabase>> {
    const databases = new Map<string, AppDatabase>();
    if (plans.length === 0) return databases;
    const server = options.server ?? (await startMysqlServer());
    if (!options.server) cleanups.push(() => server.stop());
    for (const [i, db] of plans.entries()) {
        const given = i === 0 ? options.database : undefined;
        databases.set(db.name, given ?? (await createDatabase(server, { name: db.name, user: "paas_app" })));
    }
    return databases;
}

/**
 * The registered environment with local stand-ins: a value that is a database's address, port, endpoint,
 * name or user becomes the local server's; its secret's ARN stays, served by the local Secrets Manager.
 */
function functionEnvironment(
    fn: FunctionPlan,
    plans: DatabasePlan[],
    databases: Map<string, AppDatabase>,
    secrets: Map<string, string>,
): Record<string, string> {
    const env = { ...fn.environment };
    for (const plan of plans) {
        const local = databases.get(plan.name)!;
        const { address, port, endpoint, username, secretArn } = plan.recorded;
        const standIns = new Map<string | undefined, string>([
            [address, local.host],
            [port, String(local.port)],
            [endpoint, `${local.host}:${local.port}`],
            [username, local.user],
            [plan.name, local.name],
        ]);
        let uses = false;
        for (const [key, value] of Object.entries(env)) {
            const standIn = standIns.get(value);
            if (standIn !== undefined) [env[key], uses] = [standIn, true];
            if (secretArn && value === secretArn) uses = true;
        }
        if (secretArn) secrets.set(secretArn, JSON.stringify({ username: local.user, password: local.password }));
        if (uses) Object.assign(env, LOCAL_DATABASE_ENV);
    }
    return env;
}

interface S3Record {
    eventName: string;
    s3: { bucket: { name: string }; object: { key: string } };
}

/** `s3:ObjectCreated:*` against a record's `ObjectCreated:Put`. */
function eventMatches(configured: string, eventName: string): boolean {
    const wanted = configured.replace(/^s3:/, "");
    return wanted.endsWith(":*") ? eventName.startsWith(wanted.slice(0, -1)) : wanted === eventName;
}

function regionOf(arn: string): string {
    return arn.split(":")[3] || "us-east-1";
}

function clock(): string {
    return new Date().toISOString().slice(11, 23);
}

/** One line per invocation: when, function, trigger, duration, outcome (and the error's message). */
export function invocationLine(fn: string, trigger: string, result: InvokeResult, ms: number): string {
    const outcome = result.ok ? "ok" : `${result.error.errorType}: ${result.error.errorMessage.split("\n")[0]}`;
    return `${clock()} ${fn}  ${trigger}  ${ms.toFixed(0)} ms  ${outcome}`;
}
