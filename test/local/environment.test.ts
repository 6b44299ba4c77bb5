import * as assert from "assert/strict";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { createHandler } from "../../functions/retrieve-accounts";
import { Database } from "../../functions/shared/database";
import { readDatabaseSettings } from "../../functions/shared/settings";
import { createLocalApi } from "../../local/api-gateway";
import {
    LocalEnvironment,
    REPO_ROOT,
    localFunctions,
    localRoutes,
    startLocalEnvironment,
} from "../../local/environment";
import { CLOSED_PORT, TestDatabase, createTestDatabase, testServer, userConnections } from "../support/mysql";
import { request } from "../support/http";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { localS3Client } from "../support/s3";

describe("local environment", () => {
    let env: LocalEnvironment;
    let db: TestDatabase;
    before(async () => {
        db = await createTestDatabase();
        env = await startLocalEnvironment({ port: 0, server: await testServer(), database: db });
    });
    after(async () => {
        await env?.stop();
        await db?.drop();
    });

    it("seeds the database as the deployment does, and serves the accounts page at /<stage>/", async () => {
        assert.deepEqual(env.seedResult, {
            schemaVersion: 1,
            migrationsApplied: [1],
            demoData: { table: "accounts", inserted: 20, unchanged: 0, total: 20 },
        });
        assert.match(env.url, /^http:\/\/127\.0\.0\.1:\d+\/dev\/$/);
        const res = await request(env.url);
        assert.equal(res.status, 200);
        assert.equal(res.headers["content-type"], "text/html");
        assert.match(res.body, /^<!DOCTYPE html>/);
        assert.equal((res.body.match(/<tr><td>\d+<\/td>/g) ?? []).length, 20);
        assert.match(res.body, /<td>O&#39;Brien &amp; Sons &lt;Ltd&gt;<\/td>/);
    });

    it("escapes markup from the database end to end", async () => {
        const row =
            "INSERT INTO `" +
            db.name +
            "`.accounts (id, name, email) VALUES (500, '<script>alert(1)</script>', 'x@example.com')";
        await db.admin.query(row);
        try {
            const res = await request(`${env.url}?offset=20`);
            assert.match(res.body, /<td>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/td>/);
            assert.doesNotMatch(res.body, /<script>/);
        } finally {
            await db.admin.query("DELETE FROM `" + db.name + "`.accounts WHERE id = 500");
        }
    });

    it("answers ?limit=abc with 400 and the function's message, an unknown route with 403", async () => {
        const bad = await request(`${env.url}?limit=abc`);
        assert.equal(bad.status, 400);
        assert.deepEqual(JSON.parse(bad.body), { message: "[400] limit must be an integer between 1 and 1000" });
        const unknown = await request(`${env.url}accounts`);
        assert.equal(unknown.status, 403);
        assert.deepEqual(JSON.parse(unknown.body), { message: "Missing Authentication Token" });
    });

    it("reuses one database connection across requests", async () => {
        await request(env.url);
        const before = await userConnections(db.admin, db.user);
        for (let i = 0; i < 30; i++) assert.equal((await request(`${env.url}?limit=2`)).status, 200);
        assert.equal((await userConnections(db.admin, db.user)) - before, 0);
    });

    it("turns an image uploaded to the local S3 server into a thumbnail, from the real S3 event", async () => {
        const client = localS3Client(env.s3.endpoint);
        const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#884422" } })
            .jpeg()
            .toBuffer();
        await client.send(
            new PutObjectCommand({ Bucket: env.s3.uploadsBucket, Key: "holiday snaps/beach 1.jpg", Body: photo }),
        );
        const deadline = Date.now() + 10_000;
        let body: Buffer | undefined;
        while (!body && Date.now() < deadline) {
            try {
                const object = await client.send(
                    new GetObjectCommand({ Bucket: env.s3.thumbnailsBucket, Key: "resized-holiday snaps/beach 1.jpg" }),
                );
                const bytes = await object.Body!.transformToByteArray();
                // s3rver answers a PUT before the file is written (it does not wait for its write stream):
                // an empty body is one not written yet.
                if (bytes.length > 0) body = Buffer.from(bytes);
                else await new Promise((r) => setTimeout(r, 100));
            } catch {
                await new Promise((r) => setTimeout(r, 100));
            }
        }
        assert.ok(body, `no thumbnail; runs: ${JSON.stringify(env.thumbnailRuns)}`);
        const meta = await sharp(body).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height], ["jpeg", 320, 240]);
    });

    it("answers 503 when the database is down", async () => {
        const functions = localFunctions();
        const down = createHandler(
            new Database(() => readDatabaseSettings({ ...env.database.env, MYSQL_PORT: CLOSED_PORT })),
        );
        const api = createLocalApi({
            stage: "dev",
            routes: localRoutes(env.config, {
                ...functions,
                "retrieve-accounts": { ...functions["retrieve-accounts"], handler: down as never },
            }),
        });
        await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
        try {
            const res = await request(`http://127.0.0.1:${(api.address() as AddressInfo).port}/dev/`);
            assert.equal(res.status, 503);
            assert.deepEqual(JSON.parse(res.body), { message: "[503] database unavailable" });
        } finally {
            await new Promise((r) => api.close(r));
        }
    });
});

describe("npm start", () => {
    it("starts MariaDB, seeds, prints the URL on a line of its own, serves the page, and stops everything on SIGINT", async function () {
        this.timeout(60_000);
        // A temporary folder of its own, so that what the other suites make meanwhile is not counted as left.
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paas-npm-start-"));
        // What `npm start` runs, in an environment without the test run's settings (the SDK's warning switch).
        const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", MYSQL_URL: "", LOG_LEVEL: "SILENT", TMPDIR: tmp };
        delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
        const child: ChildProcess = spawn("bash", [path.join(REPO_ROOT, "scripts", "start.sh")], {
            cwd: REPO_ROOT,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        let stderr = "";
        child.stdout!.on("data", (c) => (output += c));
        child.stderr!.on("data", (c) => ((output += c), (stderr += c)));
        const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
        const url = await new Promise<string>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 45_000);
            child.stdout!.on("data", () => {
                const line = output.split("\n").find((l) => /^http:\/\/127\.0\.0\.1:\d+\/dev\/$/.test(l));
                if (line) {
                    clearTimeout(timer);
                    resolve(line);
                }
            });
            child.once("exit", () => reject(new Error(`npm start exited:\n${output}`)));
        });
        const res = await request(url);
        assert.equal(res.status, 200);
        assert.match(res.body, /Ada Lovelace/);
        assert.match(
            output,
            /^ {2}curl -X PUT --data-binary @photo\.jpg http:\/\/127\.0\.0\.1:\d+\/uploads\/photo\.jpg$/m,
        );
        assert.match(output, /its thumbnail appears at http:\/\/127\.0\.0\.1:\d+\/thumbnails\/resized-photo\.jpg$/m);
        child.kill("SIGINT");
        assert.equal(await exited, 0, output);
        assert.equal(stderr, "", "npm start printed to stderr (a warning?)");
        assert.deepEqual(fs.readdirSync(tmp), [], "the throwaway MariaDB or S3 server was not removed");
        fs.rmdirSync(tmp);
        await assert.rejects(request(url), /ECONNREFUSED/);
    });
});
