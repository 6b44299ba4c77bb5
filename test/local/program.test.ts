/**
 * Local mode runs whatever a program registers: the project's stack with one more function, route and
 * schedule (a program that composes the stack with an extended manifest), and a program with no component
 * of this library at all, through `npm start -- --dir`. Hot reload is measured on a copy of the latter.
 */
import * as assert from "assert/strict";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { LocalEnvironment, REPO_ROOT, startLocalEnvironment } from "../../local/environment";
import { TS_REGISTER } from "../../tools/paths";
import { request } from "../support/http";
import { createTestDatabase, testServer } from "../support/mysql";
import { localS3Client } from "../support/s3";

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");

describe("local mode: a copy of the stack with one more function, route and schedule", () => {
    it("runs them with no edit to local mode, beside the stack's own", async function () {
        this.timeout(40_000);
        const db = await createTestDatabase();
        const lines: string[] = [];
        let env: LocalEnvironment | undefined;
        try {
            env = await startLocalEnvironment({
                dir: path.join(FIXTURES, "extended-stack"),
                port: 0,
                server: await testServer(),
                database: db,
                watch: false,
                log: (l) => lines.push(l),
            });
            assert.deepEqual(env.plan.functions.map((f) => f.name).sort(), [
                "dev-hello",
                "dev-report",
                "dev-retrieve-accounts",
                "dev-seed-db",
                "dev-thumbnail",
            ]);
            const hello = await request(`${env.url}hello?name=ada`);
            assert.equal(hello.status, 200);
            assert.deepEqual(JSON.parse(hello.body), { greeting: "hello ada" });
            const missing = await request(`${env.url}hello?name=nobody`);
            assert.equal(missing.status, 404);
            assert.deepEqual(JSON.parse(missing.body), { message: "nobody is here" });
            assert.equal((await request(`${env.url}?limit=3`)).status, 200, "the stack's own route still serves");

            const schedule = env.plan.schedules.find((s) => s.function === "dev-hello")!;
            assert.equal(schedule.expression, "rate(1 hour)");
            assert.ok(env.fireSchedule(schedule.name));
            await env.idle();
            assert.ok(
                lines.some((l) => /dev-hello {2}schedule rate\(1 hour\) {2}\d+ ms {2}ok$/.test(l)),
                lines.join("\n"),
            );
        } finally {
            await env?.stop();
            await db.drop();
        }
    });
});

describe("local mode: a plain Pulumi program (aws.lambda.Function, API Gateway resources, S3, a schedule)", () => {
    it("npm start -- --dir runs it (route, Invoke API, filtered S3 notification), and it stops when npm is killed", async function () {
        this.timeout(60_000);
        const npm = spawn(
            "npm",
            ["start", "--", "--dir", path.join(FIXTURES, "plain-program"), "--stack", "test", "--port", "0"],
            { cwd: REPO_ROOT, env: { ...process.env, MYSQL_URL: "" }, stdio: ["ignore", "pipe", "pipe"] },
        );
        let output = "";
        npm.stdout.on("data", (c) => (output += c));
        npm.stderr.on("data", (c) => (output += c));
        try {
            await new Promise<void>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`not ready:\n${output}`)), 50_000);
                npm.stdout.on(
                    "data",
                    () => output.includes("Ctrl-C stops everything.") && (clearTimeout(timer), resolve()),
                );
                npm.once("exit", () => reject(new Error(`exited:\n${output}`)));
            });
            const url = /^(http:\/\/127\.0\.0\.1:\d+)\/v1\/$/m.exec(output)?.[1];
            assert.ok(url, output);
            const greet = await request(`${url}/v1/greet?name=x`);
            assert.equal(greet.status, 200);
            assert.equal(greet.body, '"hello from plain"');

            const invoked = await request(`${url}/2015-03-31/functions/hello/invocations`, {
                method: "POST",
                body: '{"name":"sdk"}',
            });
            assert.equal(invoked.status, 200);
            assert.equal((JSON.parse(invoked.body) as { name: string }).name, "sdk");

            const s3 = /--endpoint-url (http:\/\/127\.0\.0\.1:\d+) s3 cp/.exec(output)![1];
            const bucket = /Bucket "(inbox-\w+)" triggers hello \(suffix \.txt\)/.exec(output)?.[1];
            assert.ok(bucket, output);
            const client = localS3Client(s3);
            await client.send(new PutObjectCommand({ Bucket: bucket, Key: "skipped.jpg", Body: "x" }));
            await client.send(new PutObjectCommand({ Bucket: bucket, Key: "note.txt", Body: "x" }));
            const deadline = Date.now() + 5000;
            while (!/hello {2}s3:\/\/inbox-\w+\/note\.txt {2}\d+ ms {2}ok/.test(output) && Date.now() < deadline)
                await new Promise((r) => setTimeout(r, 50));
            assert.match(output, /hello {2}s3:\/\/inbox-\w+\/note\.txt {2}\d+ ms {2}ok/);
            assert.doesNotMatch(output, /skipped\.jpg/, "the suffix filter lets only .txt through");
            assert.match(output, /^Schedule nightly: cron\(0 3 \* \* \? \*\) → hello/m);

            // The worst case: npm killed, forwarding nothing to its script.
            npm.kill("SIGKILL");
            const stopBy = Date.now() + 5000;
            let stopped = false;
            while (!stopped && Date.now() < stopBy) {
                await new Promise((r) => setTimeout(r, 100));
                stopped = await request(`${url}/v1/greet`).then(
                    () => false,
                    () => true,
                );
            }
            assert.ok(stopped, `still serving after npm was killed:\n${output}`);
        } finally {
            npm.kill("SIGKILL");
        }
    });

    it("hot reloads an edited handler on the next invocation, and reports an edit that does not load", async function () {
        this.timeout(30_000);
        // A copy to edit; its dependencies are this project's.
        const copy = fs.mkdtempSync(path.join(os.tmpdir(), "paas-plain-"));
        fs.cpSync(path.join(FIXTURES, "plain-program"), copy, { recursive: true });
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
        const lines: string[] = [];
        let env: LocalEnvironment | undefined;
        try {
            env = await startLocalEnvironment({ dir: copy, stack: "test", port: 0, log: (l) => lines.push(l) });
            const host = env.functions.get("hello")!;
            const call = async () => {
                const result = await host.invoke({ name: "r" });
                return result.ok
                    ? (result.value as { message: string }).message
                    : `error ${result.error.errorType}: ${result.error.errorMessage}`;
            };
            assert.equal(await call(), "hello from plain");
            const file = path.join(copy, "app", "main.js");
            const original = fs.readFileSync(file, "utf8");
            const savedAt = Date.now();
            fs.writeFileSync(file, original.replace("hello from plain", "hello again"));
            let answer = await call();
            while (answer !== "hello again" && Date.now() - savedAt < 5000) {
                await new Promise((r) => setTimeout(r, 5));
                answer = await call();
            }
            assert.equal(answer, "hello again");
            const delay = Date.now() - savedAt;
            assert.ok(delay < 2000, `reloaded after ${delay} ms`);

            fs.writeFileSync(file, "exports.handler = async () => {;");
            let broken = await call();
            while (!broken.startsWith("error") && Date.now() - savedAt < 10_000) {
                await new Promise((r) => setTimeout(r, 5));
                broken = await call();
            }
            assert.match(broken, /^error Runtime\.UserCodeSyntaxError: /);
            fs.writeFileSync(file, original);
            let fixed = await call();
            while (fixed !== "hello from plain" && Date.now() - savedAt < 10_000) {
                await new Promise((r) => setTimeout(r, 5));
                fixed = await call();
            }
            assert.equal(fixed, "hello from plain", "the environment kept running and took the fix");
        } finally {
            await env?.stop();
            fs.rmSync(copy, { recursive: true, force: true });
        }
    });
});

describe("npm start: a busy port", () => {
    it("is a clear error that leaves nothing behind", async function () {
        this.timeout(30_000);
        const blocker = net.createServer();
        await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
        const port = (blocker.address() as net.AddressInfo).port;
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paas-busy-"));
        try {
            const child = spawn(
                process.execPath,
                ["-r", TS_REGISTER, path.join(REPO_ROOT, "local", "start.ts"), "--port", String(port)],
                {
                    cwd: REPO_ROOT,
                    env: { ...process.env, MYSQL_URL: "", TMPDIR: tmp },
                    stdio: ["ignore", "pipe", "pipe"],
                },
            );
            let output = "";
            child.stdout.on("data", (c) => (output += c));
            child.stderr.on("data", (c) => (output += c));
            const code = await new Promise<number | null>((r) => child.once("exit", r));
            assert.equal(code, 1, output);
            assert.match(
                output,
                new RegExp(`^port ${port} on 127\\.0\\.0\\.1 is in use\\. Fix: .*--port or PORT`, "m"),
            );
            assert.deepEqual(fs.readdirSync(tmp), [], "nothing started before the port was found busy");
        } finally {
            blocker.close();
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});
