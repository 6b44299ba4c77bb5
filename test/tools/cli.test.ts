/**
 * Every command-line tool behaves like a tool: `--help` prints usage, options and examples and exits 0 without
 * doing any work; an unknown option or operand is rejected with that usage and exit code 2; and output piped
 * to another program arrives whole.
 */
import * as assert from "assert/strict";
import { spawn, spawnSync } from "child_process";
import { main as bench } from "../../bench";
import { main as start } from "../../local/start";
import { main as buildFunctions } from "../../tools/build/functions";
import { main as buildLayers } from "../../tools/build/layers";
import { CliOutput } from "../../tools/cli";
import { main as mutate } from "../../tools/mutate";
import { REPO_ROOT, TS_REGISTER } from "../../tools/paths";
import { main as policy } from "../../tools/policy";
import { main as preview } from "../../tools/preview";

type Main = (argv: string[], output?: CliOutput) => Promise<number>;

const CLIS: [string, Main, string][] = [
    ["preview", preview, "npm run -s preview --"],
    ["policy", policy, "npm run -s policy --"],
    ["build:functions", buildFunctions, "npm run build:functions --"],
    ["build:layers", buildLayers, "npm run build:layers --"],
    ["start", start, "npm start --"],
    ["bench", bench, "npm run -s bench --"],
    ["mutate", mutate, "npm run mutate --"],
];

async function run(main: Main, argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("command-line tools", () => {
    for (const [name, main, command] of CLIS) {
        it(`${name}: --help prints usage, options and examples, and does nothing else`, async () => {
            const { code, out, err } = await run(main, ["--help"]);
            assert.equal(code, 0);
            assert.equal(err, "");
            assert.ok(out.startsWith(`Usage: ${command} `), out);
            assert.match(out, /\nOptions:\n( {2}--\S+.*\n)* {2}--help +Show this help and exit\.\n/);
            assert.match(out, /\nExamples:\n {2}(npm|\S+=\S+ npm) /);
        });

        it(`${name}: an unknown option is rejected with the usage, exit code 2`, async () => {
            const { code, out, err } = await run(main, ["--no-such-option"]);
            assert.equal(code, 2);
            assert.equal(out, "");
            assert.match(
                err,
                new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}: Unknown option '--no-such-option'`),
            );
            assert.match(err, /\n\nUsage: /);
        });
    }

    it("a misnamed operand is a usage error naming what exists", async () => {
        const functions = await run(buildFunctions, ["no-such-function"]);
        assert.equal(functions.code, 2);
        assert.match(
            functions.err,
            /no function named no-such-function; the functions are report, retrieve-accounts, seed-db, thumbnail/,
        );
        const benchmarks = await run(bench, ["no-such-benchmark"]);
        assert.equal(benchmarks.code, 2);
        assert.match(
            benchmarks.err,
            /no benchmark named "no-such-benchmark"\. Fix: use one of functions, api, local, thumbnails, records\./,
        );
        assert.equal((await run(start, ["--port", "http"])).code, 2);
    });

    it("as scripts: --help through npm's wrappers answers at once, before any install", () => {
        for (const script of ["start.sh", "bench.sh"]) {
            const result = spawnSync("bash", [`scripts/${script}`, "--help"], {
                cwd: REPO_ROOT,
                encoding: "utf8",
                env: { ...process.env, PATH: `/nonexistent:${process.env.PATH}` },
            });
            assert.equal(result.status, 0, result.stderr);
            assert.match(result.stdout, /^Usage: /);
            assert.doesNotMatch(result.stdout, /==> installing/);
        }
    });

    it("prints a whole JSON document into a pipe (prod's preview is several pipe buffers long)", async function () {
        this.timeout(60_000);
        // A real pipe, read slowly by another process: the writer must wait for it to drain before exiting.
        const reader = spawn(
            process.execPath,
            [
                "-e",
                `let t="";process.stdin.setEncoding("utf8");process.stdin.on("data",c=>{t+=c;process.stdin.pause();` +
                    `setTimeout(()=>process.stdin.resume(),2)});process.stdin.on("end",()=>{const d=JSON.parse(t);` +
                    `console.log(t.length, d.resources.length)})`,
            ],
            { stdio: ["pipe", "pipe", "inherit"] },
        );
        const writer = spawn(
            process.execPath,
            ["-r", TS_REGISTER, "tools/preview/index.ts", "--stack", "prod", "--format", "json"],
            { cwd: REPO_ROOT, stdio: ["ignore", reader.stdin, "inherit"] },
        );
        reader.stdin.destroy(); // the writer holds its own end now; the reader sees EOF when the writer exits
        let printed = "";
        reader.stdout.on("data", (chunk: Buffer) => (printed += chunk.toString()));
        const [writerCode, readerCode] = await Promise.all([
            new Promise((resolve) => writer.once("exit", resolve)),
            new Promise((resolve) => reader.once("exit", resolve)),
        ]);
        assert.equal(writerCode, 0);
        assert.equal(readerCode, 0, "the piped document did not parse");
        const [length, resources] = printed.trim().split(" ").map(Number);
        assert.ok(length > 3 * 65_536, `only ${length} characters: not the multi-buffer document this test needs`);
        assert.ok(resources > 100);
    });
});
