/**
 * The local REST API's overhead: the accounts page through the local API Gateway (routing, request and
 * response templates, Lambda invoke semantics) against the same handler called directly, in the same run,
 * with the same concurrency. The direct calls are measured twice: in-process (no HTTP at all), and behind
 * a bare HTTP server, which isolates the API layer from the HTTP transport both share. The load comes from
 * bench/load.ts in a process of its own, bounded in time, on loopback.
 */
import { execFile } from "child_process";
import * as http from "http";
import { AddressInfo } from "net";
import * as path from "path";
import { promisify } from "util";
import { MysqlServer } from "../local/mariadb";
import { localFunctions, startLocalEnvironment } from "../local/environment";
import { fmt, msSince, percentile, table } from "./stats";

const CONNECTIONS = 8;
const SECONDS = 5;

export async function benchApi(server: MysqlServer): Promise<string> {
    process.env.LOG_LEVEL = "SILENT";
    const env = await startLocalEnvironment({ port: 0, server });
    try {
        const handler = localFunctions()["retrieve-accounts"].handler;
        const context = { awsRequestId: "bench", getRemainingTimeInMillis: () => 10_000 } as never;
        const event = { limit: "100", offset: "" };
        // Warm both paths.
        for (let i = 0; i < 200; i++) await handler(event, context);
        await load(`${env.url}?limit=100`, 1);

        const inProcess = await loop(CONNECTIONS, SECONDS, () => handler(event, context));
        const bare = http.createServer((req, res) => {
            const query = new URL(req.url ?? "/", "http://local").searchParams;
            handler({ limit: query.get("limit") ?? "", offset: query.get("offset") ?? "" }, context).then((html) => {
                res.writeHead(200, { "content-type": "text/html" });
                res.end(html);
            });
        });
        await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
        const direct = await load(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/?limit=100`, SECONDS);
        await new Promise((r) => bare.close(r));
        const api = await load(`${env.url}?limit=100`, SECONDS);
        if (api.non2xx > 0 || direct.non2xx > 0) throw new Error(`non-2xx responses: ${api.non2xx} through the API, ${direct.non2xx} direct`);

        const row = (label: string, r: { perSecond: number; p50: number; p99: number }) => [label, fmt(r.perSecond, 0), fmt(r.p50, 2), fmt(r.p99, 2)];
        const rows = [
            row("handler called in-process (no HTTP)", inProcess),
            row("handler behind a bare HTTP server (baseline)", direct),
            row("through the local API Gateway", api),
        ];
        return `## REST API (local mode)\n\nThe accounts page (100 rows), ${CONNECTIONS} concurrent callers for ${SECONDS} s each, loopback MariaDB\n\n` +
            table(["path", "requests/s", "p50 ms", "p99 ms"], rows) +
            `\n\nAPI layer at p50: ${fmt(api.p50 / direct.p50)}× the handler behind bare HTTP (target ≤ 1.3×); ` +
            `${fmt(api.p50 / inProcess.p50)}× the in-process call, most of it the HTTP round trip itself`;
    } finally {
        await env.stop();
    }
}

/** The load generator in a process of its own, so it does not compete with the API for its event loop. */
async function load(url: string, seconds: number): Promise<{ perSecond: number; p50: number; p99: number; non2xx: number }> {
    const script = path.join(__dirname, "load.ts");
    const { stdout } = await promisify(execFile)(process.execPath, ["-r", "esbuild-register", script, url, String(CONNECTIONS), String(seconds)]);
    return JSON.parse(stdout);
}

/** `concurrency` loops calling `call` for `seconds`: calls per second and latency percentiles. */
async function loop(concurrency: number, seconds: number, call: () => Promise<unknown>): Promise<{ perSecond: number; p50: number; p99: number }> {
    const latencies: number[] = [];
    const end = Date.now() + seconds * 1000;
    await Promise.all([...Array(concurrency)].map(async () => {
        while (Date.now() < end) {
            const start = process.hrtime.bigint();
            await call();
            latencies.push(msSince(start));
        }
    }));
    return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
