/**
 * The local REST API's overhead: the accounts page through the local API Gateway (routing, request and
 * response templates, Lambda invoke semantics) against the same handler behind a bare HTTP server, which
 * isolates the API layer from the HTTP transport both share; the handler called in-process (no HTTP at
 * all) for reference. Two loads, both from bench/load.ts in a process of its own, on loopback:
 *
 * - capacity: 8 callers, each sending its next request when the last one is answered, for the most
 *   requests a second each path serves. Latency under such a load is time spent queued (callers divided by
 *   throughput), so it says how much capacity the layer costs, not how much latency it adds.
 * - latency at a fixed load: requests on a fixed schedule at half the API's capacity, the same rate for
 *   every path: the latency a request sees, which is what the target (≤ 1.2× at p50, issue #14) is about.
 *
 * A third path splits the API's added latency in two: the bare server again, its handler run by the local
 * mode's function host (the function's own worker thread, as every local invocation is). Against the bare
 * server, it is what running a function apart (its module scope, process.env and timeout) costs; against it,
 * the API layer's own cost (routing, templates, Lambda's invoke semantics).
 *
 * The paths take turns, several short rounds each, and each figure is the median of its rounds, so that a
 * slow moment of a shared machine does not land on one path only.
 *
 * Each round also records this process's CPU time per request (the servers and the functions' workers run
 * here; the load generator and MariaDB do not): what each path costs, which other users of a shared
 * machine disturb far less than latency.
 */
import { execFile } from "child_process";
import * as http from "http";
import * as os from "os";
import { AddressInfo } from "net";
import * as path from "path";
import { promisify } from "util";
import { MysqlServer } from "../local/mariadb";
import { createHandler } from "../functions/retrieve-accounts";
import { Database } from "../functions/shared/database";
import { LocalEnvironment, startLocalEnvironment } from "../local/environment";
import { Handler } from "../local/lambda";
import { TS_REGISTER } from "../tools/paths";
import { fmt, median, msSince, percentile, table } from "./stats";

const CONNECTIONS = 8;
const ROUNDS = 3;
const ROUND_SECONDS = 3;
/** The paths served over HTTP, as the table names them. */
const PATHS = [
    ["bare", "handler behind a bare HTTP server (baseline)"],
    ["isolated", "the bare server, the handler in its function's worker thread"],
    ["api", "through the local API Gateway"],
] as const;
/** The fixed load, as a share of the API's capacity. */
const LOAD_SHARE = 0.5;

interface LoadResult {
    perSecond: number;
    p50: number;
    p99: number;
    non2xx: number;
    /**
     * This process's CPU time (every thread: the servers, the functions' workers) per request served, in µs:
     * what a path costs, which a shared machine's load disturbs far less than it does latency.
     */
    cpuPerRequest?: number;
}

export async function benchApi(server: MysqlServer): Promise<string> {
    const loadBefore = os.loadavg()[0];
    process.env.LOG_LEVEL = "SILENT";
    const env = await startLocalEnvironment({ port: 0, server, watch: false, log: () => undefined });
    // The same handler in this process, on the same database, for the bare server and the in-process figure.
    Object.assign(process.env, [...env.databases.values()][0].env);
    const handler = createHandler(Database.fromEnvironment()) as Handler;
    const servers: { url: string; close(): Promise<void> }[] = [];
    try {
        const bare = await bareServer(handler);
        servers.push(bare);
        const isolated = await bareServer(hostedHandler(env));
        servers.push(isolated);
        const event = { limit: "100", offset: "" };
        for (let i = 0; i < 200; i++) await handler(event, CONTEXT);
        const urls = {
            bare: `${bare.url}?limit=100`,
            isolated: `${isolated.url}?limit=100`,
            api: `${env.url}?limit=100`,
        };
        for (const url of Object.values(urls)) await load(url, 1);

        const inProcess = await loop(CONNECTIONS, ROUND_SECONDS, () => handler(event, CONTEXT));
        const capacity = await alternate(urls, () => []);
        const rate = Math.max(100, Math.round((capacity.api.perSecond * LOAD_SHARE) / 100) * 100);
        const latency = await alternate(urls, () => [String(rate)]);

        const ms = (n: number) => fmt(n, 2);
        const rows = [
            [
                "handler called in-process (no HTTP)",
                fmt(inProcess.perSecond, 0),
                ms(inProcess.p50),
                ms(inProcess.p99),
                "",
                "",
                "",
            ],
            ...PATHS.map(([key, name]) => [
                name,
                fmt(capacity[key].perSecond, 0),
                ms(capacity[key].p50),
                ms(capacity[key].p99),
                ms(latency[key].p50),
                ms(latency[key].p99),
                fmt(latency[key].cpuPerRequest ?? NaN, 0),
            ]),
        ];
        return (
            `## REST API (local mode)\n\nThe accounts page (100 rows) from loopback MariaDB. Capacity: ${CONNECTIONS} callers back to back; ` +
            `fixed load: ${rate} requests/s on a schedule (half the API's capacity). Medians of ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s.\n\n` +
            table(
                [
                    "path",
                    "capacity req/s",
                    "p50 ms (capacity)",
                    "p99 ms (capacity)",
                    `p50 ms at ${rate}/s`,
                    `p99 ms at ${rate}/s`,
                    `CPU µs/request at ${rate}/s`,
                ],
                rows,
            ) +
            `\n\nLatency the API layer adds at p50, at ${rate} requests/s: ${fmt(latency.api.p50 / latency.bare.p50)}× the handler behind bare HTTP (target ≤ 1.2×). ` +
            `Of it, running the handler apart in its worker thread: ${fmt(latency.isolated.p50 / latency.bare.p50)}×; ` +
            `the API layer over that: ${fmt(latency.api.p50 / latency.isolated.p50)}×. ` +
            `Capacity: the API serves ${fmt(capacity.api.perSecond / capacity.bare.perSecond)}× the bare server's requests/s (target ≥ 0.85×). ` +
            `CPU per request (this process, every thread): the API ${fmt((latency.api.cpuPerRequest ?? NaN) / (latency.bare.cpuPerRequest ?? NaN))}× the bare server's.` +
            `\n\nLoad average (1 min) before and after: ${fmt(loadBefore)}, ${fmt(os.loadavg()[0])} on ${os.cpus().length} cores (figures from a busy machine are not comparable).`
        );
    } finally {
        for (const s of servers) await s.close();
        await env.stop();
    }
}

const CONTEXT = { awsRequestId: "bench", getRemainingTimeInMillis: () => 10_000 } as never;

/** The accounts page's function as the local mode runs it (its worker thread), called as a handler. */
function hostedHandler(env: LocalEnvironment): Handler {
    const route = env.plan.apis[0].routes.find((r) => r.definition.method === "GET" && r.definition.path === "/");
    const host = route?.function === undefined ? undefined : env.functions.get(route.function);
    if (!host) throw new Error("the benchmark expects the stack's API to serve GET / from a function");
    return async (event) => {
        const result = await host.invoke(event);
        if (!result.ok) throw new Error(`${result.error.errorType}: ${result.error.errorMessage}`);
        return result.value;
    };
}

/** The handler behind the least HTTP server that can serve it: the query string in, the page out. */
async function bareServer(handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
        const query = new URL(req.url ?? "/", "http://local").searchParams;
        void handler({ limit: query.get("limit") ?? "", offset: query.get("offset") ?? "" }, CONTEXT)
            .then((html) => {
                res.writeHead(200, {
                    "content-type": "text/html",
                    "content-length": Buffer.byteLength(html as string),
                });
                res.end(html);
            })
            // A failure counts as a non-2xx answer, which fails the benchmark.
            .catch((error: Error) => res.writeHead(500).end(error.message));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: () => new Promise((r) => server.close(() => r())),
    };
}

/** Rounds of the same load on each URL in turn; per URL, the median of each figure over its rounds. */
async function alternate<K extends string>(
    urls: Record<K, string>,
    extraArgs: () => string[],
): Promise<Record<K, LoadResult>> {
    const rounds = {} as Record<K, LoadResult[]>;
    for (let round = 0; round < ROUNDS; round++) {
        for (const key of Object.keys(urls) as K[]) {
            const cpu = process.cpuUsage();
            const result = await load(urls[key], ROUND_SECONDS, ...extraArgs());
            const { user, system } = process.cpuUsage(cpu);
            result.cpuPerRequest = (user + system) / (result.perSecond * ROUND_SECONDS);
            (rounds[key] ??= []).push(result);
        }
    }
    const result = {} as Record<K, LoadResult>;
    for (const key of Object.keys(urls) as K[]) {
        const runs = rounds[key];
        const non2xx = runs.reduce((sum, r) => sum + r.non2xx, 0);
        if (non2xx > 0) throw new Error(`${non2xx} non-2xx responses from ${urls[key]}`);
        result[key] = {
            perSecond: median(runs.map((r) => r.perSecond)),
            p50: median(runs.map((r) => r.p50)),
            p99: median(runs.map((r) => r.p99)),
            non2xx,
            cpuPerRequest: median(runs.map((r) => r.cpuPerRequest ?? NaN)),
        };
    }
    return result;
}

/** bench/load.ts in a process of its own, so it does not compete with the servers for their event loop. */
async function load(url: string, seconds: number, ...rate: string[]): Promise<LoadResult> {
    const script = path.join(__dirname, "load.ts");
    const { stdout } = await promisify(execFile)(process.execPath, [
        "-r",
        TS_REGISTER,
        script,
        url,
        String(CONNECTIONS),
        String(seconds),
        ...rate,
    ]);
    return JSON.parse(stdout) as LoadResult;
}

/** `concurrency` loops calling `call` for `seconds`: calls per second and latency percentiles. */
async function loop(
    concurrency: number,
    seconds: number,
    call: () => Promise<unknown>,
): Promise<{ perSecond: number; p50: number; p99: number }> {
    const latencies: number[] = [];
    const end = Date.now() + seconds * 1000;
    await Promise.all(
        [...Array(concurrency)].map(async () => {
            while (Date.now() < end) {
                const start = process.hrtime.bigint();
                await call();
                latencies.push(msSince(start));
            }
        }),
    );
    return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
