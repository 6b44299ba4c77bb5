/**
 * Local mode's developer loop: the hot-reload delay (a save to the first invocation that runs the new code),
 * for a plain code folder and for a bundle rebuilt from its TypeScript sources; and an `Event` invocation's
 * overhead through the Invoke API, against a `RequestResponse` invocation of the same function in the same
 * run (the baseline).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startLocalEnvironment } from "../local/environment";
import { FunctionHost } from "../local/function-host";
import { ASYNC_DEFAULTS } from "../local/program";
import { bundleFunction } from "../tools/build/functions";
import { REPO_ROOT } from "../tools/paths";
import { fmt, median, msSince, percentile, table } from "./stats";
import * as http from "http";

const RELOADS = 10;
const INVOCATIONS = 200;

export async function benchLocal(): Promise<string> {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "paas-bench-local-"));
    fs.cpSync(path.join(REPO_ROOT, "test", "fixtures", "plain-program"), copy, { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
    const env = await startLocalEnvironment({ dir: copy, stack: "test", port: 0, log: () => undefined });
    try {
        const main = path.join(copy, "app", "main.js");
        const folder = await reloadDelays(
            env.functions.get("hello")!,
            main,
            (n) => fs.readFileSync(main, "utf8").replace(/hello from plain[^"]*/, `hello from plain ${n}`),
            (n) => `plain ${n}"`,
        );
        const bundle = await bundleReloadDelays(copy);

        const invokeUrl = `${env.endpoint}/2015-03-31/functions/hello/invocations`;
        for (let i = 0; i < 50; i++) await post(invokeUrl, "RequestResponse");
        const sync: number[] = [];
        const accepted: number[] = [];
        const completed: number[] = [];
        for (let i = 0; i < INVOCATIONS; i++) {
            let start = process.hrtime.bigint();
            await post(invokeUrl, "RequestResponse");
            sync.push(msSince(start));
            start = process.hrtime.bigint();
            await post(invokeUrl, "Event");
            accepted.push(msSince(start));
            await env.idle();
            completed.push(msSince(start));
        }
        const row = (name: string, samples: number[]) => [name, fmt(median(samples)), fmt(percentile(samples, 99))];
        return (
            `## Local mode\n\nHot reload: a save to the first invocation running the new code, ${RELOADS} saves each, polled every 2 ms.\n\n` +
            table(
                ["code", "p50 ms", "max ms"],
                [
                    [
                        "a plain folder (FileArchive), reloaded in a new worker",
                        fmt(median(folder)),
                        fmt(Math.max(...folder)),
                    ],
                    [
                        "a bundle rebuilt from its TypeScript (esbuild), then a new worker",
                        fmt(median(bundle)),
                        fmt(Math.max(...bundle)),
                    ],
                ],
            ) +
            `\n\nThe Invoke API, ${INVOCATIONS} invocations of a function that returns at once, one at a time:\n\n` +
            table(
                ["invocation", "p50 ms", "p99 ms"],
                [
                    row("RequestResponse: request to result (baseline)", sync),
                    row("Event: request to 202", accepted),
                    row("Event: request to the function's completion", completed),
                ],
            ) +
            `\n\nAn Event invocation's overhead: accepted in ${fmt(median(accepted) / median(sync))}× a RequestResponse round trip; ` +
            `done in ${fmt(median(completed) / median(sync))}× of it.`
        );
    } finally {
        await env.stop();
        fs.rmSync(copy, { recursive: true, force: true });
    }
}

/** Saves `edit(n)` to `file` and times until the function answers with it. */
async function reloadDelays(
    host: FunctionHost,
    file: string,
    edit: (n: number) => string,
    marker: (n: number) => string,
): Promise<number[]> {
    const delays: number[] = [];
    for (let n = 1; n <= RELOADS; n++) {
        const content = edit(n);
        await host.invoke({}); // warm
        const start = process.hrtime.bigint();
        fs.writeFileSync(file, content);
        for (;;) {
            const result = await host.invoke({});
            if (result.ok && JSON.stringify(result.value).includes(marker(n))) break;
            await new Promise((r) => setTimeout(r, 2));
        }
        delays.push(msSince(start));
    }
    return delays;
}

async function bundleReloadDelays(dir: string): Promise<number[]> {
    const src = path.join(dir, "ts");
    fs.mkdirSync(src);
    const entry = path.join(src, "index.ts");
    const source = (n: number) => `export const handler = async (): Promise<string> => "version ${n}";\n`;
    fs.writeFileSync(entry, source(0));
    const bundle = bundleFunction("bench", { entry, outDir: path.join(dir, "out") });
    const host = new FunctionHost(
        {
            name: "bench",
            aliases: [],
            arn: "arn:aws:lambda:us-east-1:000000000000:function:bench",
            code: { directory: bundle.dir, handler: "index.handler" },
            timeout: 3,
            memorySize: 128,
            environment: {},
            async: { ...ASYNC_DEFAULTS },
        },
        { environment: {} },
    );
    try {
        return await reloadDelays(host, entry, source, (n) => `version ${n}"`);
    } finally {
        await host.close();
    }
}

function post(url: string, type: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method: "POST", headers: { "x-amz-invocation-type": type } }, (res) => {
            res.resume();
            res.on("end", resolve);
        });
        req.on("error", reject);
        req.end("{}");
    });
}
