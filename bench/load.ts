/**
 * A bounded HTTP load against one URL on loopback, run as a process of its own so it does not compete
 * with the server for its event loop:
 *
 *   node -r ./tools/register.js bench/load.ts <url> <connections> <seconds> [rate]
 *
 * Without a rate, `connections` callers each send their next request as soon as the last one answers: the
 * server's capacity (at that point, latency is mostly time spent queued: callers / throughput). With a rate,
 * requests start on a fixed schedule whatever the answers (an open load, as real clients arrive), over at
 * most `connections` sockets: latency at a given load. Prints JSON: requests per second, latency percentiles
 * (ms, microsecond precision, from the moment each request was sent), non-2xx count.
 */
import * as http from "http";
import { msSince, percentile } from "./stats";

interface LoadResult {
    perSecond: number;
    p50: number;
    p99: number;
    non2xx: number;
}

async function main(): Promise<void> {
    const [url, connections = "8", seconds = "5", rate] = process.argv.slice(2);
    if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url ?? ""))
        throw new Error("the load only targets loopback URLs");
    const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
    const latencies: number[] = [];
    let non2xx = 0;
    const get = async (): Promise<void> => {
        const start = process.hrtime.bigint();
        const status = await new Promise<number>((resolve, reject) => {
            http.get(url, { agent }, (res) => {
                res.resume();
                res.on("end", () => resolve(res.statusCode ?? 0));
            }).on("error", reject);
        });
        latencies.push(msSince(start));
        if (status < 200 || status >= 300) non2xx++;
    };
    const durationMs = Number(seconds) * 1000;
    await (rate === undefined
        ? closedLoad(Number(connections), durationMs, get)
        : openLoad(Number(rate), durationMs, get));
    agent.destroy();
    const result: LoadResult = {
        perSecond: latencies.length / Number(seconds),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        non2xx,
    };
    process.stdout.write(JSON.stringify(result));
}

/** `callers` loops, each sending its next request when the last one is answered. */
async function closedLoad(callers: number, durationMs: number, get: () => Promise<void>): Promise<void> {
    const end = Date.now() + durationMs;
    await Promise.all(
        [...Array(callers)].map(async () => {
            while (Date.now() < end) await get();
        }),
    );
}

/** `rate` requests a second on a fixed schedule, each started on time whether or not the last one has answered. */
async function openLoad(rate: number, durationMs: number, get: () => Promise<void>): Promise<void> {
    const inFlight: Promise<void>[] = [];
    const start = performance.now();
    const total = Math.floor((rate * durationMs) / 1000);
    let sent = 0;
    await new Promise<void>((resolve) => {
        const tick = () => {
            const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
            while (sent < due) {
                inFlight.push(get());
                sent++;
            }
            if (sent >= total) resolve();
            else setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
        };
        tick();
    });
    await Promise.all(inFlight);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
