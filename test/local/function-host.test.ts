/**
 * A function built by this project's bundler reloads from its TypeScript sources: an edit to the entry or to
 * a file it imports is rebuilt and served on the next invocation; an edit that does not build is reported
 * (file and line) and the previous state comes back with the fix.
 */
import * as assert from "assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FunctionHost } from "../../local/function-host";
import { ASYNC_DEFAULTS } from "../../local/program";
import { bundleFunction } from "../../tools/build/functions";

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

describe("FunctionHost (hot reload of a bundled function, timeouts)", () => {
    let dir: string;
    let host: FunctionHost | undefined;
    const reports: string[] = [];
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-host-"));
        fs.mkdirSync(path.join(dir, "src"));
        fs.writeFileSync(path.join(dir, "src", "word.ts"), 'export const word: string = "one";\n');
        fs.writeFileSync(
            path.join(dir, "src", "index.ts"),
            'import { word } from "./word";\nexport const handler = async (e: { wait?: number }) => {\n' +
                "    if (e.wait) await new Promise((r) => setTimeout(r, e.wait));\n    return { word, env: process.env.GREETING };\n};\n",
        );
    });
    afterEach(async () => {
        await host?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    function start(timeout = 3): FunctionHost {
        const bundle = bundleFunction("fn", {
            entry: path.join(dir, "src", "index.ts"),
            outDir: path.join(dir, "out"),
        });
        return (host = new FunctionHost(
            {
                name: "fn",
                aliases: [],
                arn: "arn:aws:lambda:us-east-1:123456789012:function:fn",
                code: { directory: bundle.dir, handler: "index.handler" },
                timeout,
                memorySize: 128,
                environment: {},
                async: { ...ASYNC_DEFAULTS },
            },
            { environment: { GREETING: "hi" }, report: (m) => reports.push(m) },
        ));
    }
    const call = async (event: object = {}) => {
        const r = await host!.invoke(event);
        return (r.ok ? r.value : r.error) as { word?: string; env?: string; errorType?: string; errorMessage?: string };
    };

    it("runs with its own environment, and serves an edit to an imported file on the next invocation", async () => {
        start();
        assert.deepEqual(await call(), { word: "one", env: "hi" });
        assert.equal(process.env.GREETING, undefined, "the function's environment stays in its worker");
        fs.writeFileSync(path.join(dir, "src", "word.ts"), 'export const word: string = "two";\n');
        await until(async () => (await call()).word === "two", 5000);
        assert.deepEqual(await call(), { word: "two", env: "hi" });
    });

    it("reports an edit that does not build, with file and line, and recovers with the fix", async () => {
        start();
        assert.equal((await call()).word, "one");
        fs.writeFileSync(path.join(dir, "src", "word.ts"), 'export const word: string = "three;\n');
        await until(async () => "errorType" in (await call()), 5000);
        const error = await call();
        assert.equal(error.errorType, "Runtime.UserCodeSyntaxError");
        assert.match(error.errorMessage ?? "", /word\.ts:1:\d+: Unterminated string literal/);
        assert.ok(reports.some((r) => r.includes("does not build")));
        fs.writeFileSync(path.join(dir, "src", "word.ts"), 'export const word: string = "four";\n');
        await until(async () => (await call()).word === "four", 5000);
        assert.equal((await call()).word, "four");
    });

    it("reports a type error in the edit, in the response and to the terminal, until it is fixed", async function () {
        this.timeout(60_000); // a type check takes a second or two; a machine shared by many runs may take far longer
        start();
        assert.equal((await call()).word, "one");
        fs.writeFileSync(path.join(dir, "src", "word.ts"), "export const word: string = 3;\n");
        await until(async () => "errorType" in (await call()), 55_000);
        const error = await call();
        assert.equal(error.errorType, "Runtime.UserCodeSyntaxError");
        assert.match(error.errorMessage ?? "", /word\.ts:1:14: Type 'number' is not assignable to type 'string'/);
        assert.ok(reports.some((r) => r.includes("has type errors")));
        fs.writeFileSync(path.join(dir, "src", "word.ts"), 'export const word: string = "five";\n');
        await until(async () => (await call()).word === "five", 5000);
        assert.equal((await call()).word, "five");
    });

    it("times out as Lambda does, and the next invocation gets a fresh runtime", async () => {
        start(0.2);
        const timedOut = await call({ wait: 1000 });
        assert.equal(timedOut.errorType, "Sandbox.Timedout");
        assert.match(timedOut.errorMessage ?? "", /Task timed out after 0\.20 seconds$/);
        assert.equal((await call()).word, "one");
    });
});
