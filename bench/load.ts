/**
 * A bounded HTTP load against one URL on loopback, run as a process of its own so it does not compete
 * with the server for its event loop: `node -r esbuild-register bench/load.ts <url> <connections> <seconds>`.
 * Prints JSON: requests per second, latency percentiles (ms, microsecond precision), non-2xx count.
 */
import * as http from "http";
import { percentile } from "./stats";

async function main(): Promise<void> {
    const [url, connections = "8", seconds = "5"] = process.argv.slice(2);
    if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url ?? "")) throw new Error("the load only targets loopback URLs");
    const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
    const latencies: number[] = [];
    let non2xx = 0;
    const end = Date.now() + Number(seconds) * 1000;
    const get = () => new Promise<number>((resolve, reject) => {
        http.get(url, { agent }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
        }).on("error", reject);
    });
    await Promise.all([...Array(Number(connections))].map(async () => {
        while (Date.now() < end) {
            const start = process.hrtime.bigint();
            const status = await get();
            latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
            if (status < 200 || status >= 300) non2xx++;
        }
    }));
    agent.destroy();
    process.stdout.write(JSON.stringify({
        perSecond: latencies.length / Number(seconds), p50: percentile(latencies, 50), p99: percentile(latencies, 99), non2xx,
    }));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
