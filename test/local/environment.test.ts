import * as assert from "assert/strict";
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from "@aws-sdk/client-lambda";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { spawn } from "child_process";
import * as fs from "fs";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import sharp from "sharp";
import { createHandler } from "../../functions/retrieve-accounts";
import { Database } from "../../functions/shared/database";
import { readDatabaseSettings } from "../../functions/shared/settings";
import { createLocalApi } from "../../local/api-gateway";
import { LocalEnvironment, REPO_ROOT, startLocalEnvironment } from "../../local/environment";
import { request } from "../support/http";
import { CLOSED_PORT, TestDatabase, createTestDatabase, testServer, userConnections } from "../support/mysql";
import { localS3Client } from "../support/s3";

describe("local environment, from the dev stack's registered resources", () => {
    let env: LocalEnvironment;
    let db: TestDatabase;
    const lines: string[] = [];
    before(async function () {
        this.timeout(40_000);
        db = await createTestDatabase();
        env = await startLocalEnvironment({
            port: 0,
            server: await testServer(),
            database: db,
            minuteMs: 10,
            watch: false,
            log: (line) => lines.push(line),
        });
    });
    after(async () => {
        await env?.stop();
        await db?.drop();
    });
    const bucketTriggering = () => env.plan.notifications[0].bucket;
    const otherBucket = () => env.s3.buckets.find((b) => b !== bucketTriggering())!;

    it("runs the deploy-time seeding and serves the accounts page at /<stage>/", async () => {
        assert.deepEqual(env.invocationResults["dev-seed-db-run"], {
            schemaVersion: 1,
            migrationsApplied: [1],
            demoData: { table: "accounts", inserted: 20, unchanged: 0, total: 20 },
        });
        assert.match(env.url, /^http:\/\/127\.0\.0\.1:\d+\/dev\/$/);
        const res = await request(env.url);
        assert.equal(res.status, 200);
        assert.equal(res.headers["content-type"], "text/html");
        assert.equal((res.body.match(/<tr><td>\d+<\/td>/g) ?? []).length, 20);
        assert.match(res.body, /<td>O&#39;Brien &amp; Sons &lt;Ltd&gt;<\/td>/);
        assert.ok(
            lines.some((l) => /dev-retrieve-accounts {2}GET \/dev\/ {2}\d+ ms {2}ok$/.test(l)),
            lines.join("\n"),
        );
    });

    it("escapes markup from the database end to end", async () => {
        const row = `INSERT INTO \`${db.name}\`.accounts (id, name, email) VALUES (500, '<script>alert(1)</script>', 'x@example.com')`;
        await db.admin.query(row);
        try {
            const res = await request(`${env.url}?offset=20`);
            assert.match(res.body, /<td>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/td>/);
        } finally {
            await db.admin.query(`DELETE FROM \`${db.name}\`.accounts WHERE id = 500`);
        }
    });

    it("answers ?limit=abc with 400 and the message without its [400] prefix, an unknown route with 403", async () => {
        const bad = await request(`${env.url}?limit=abc`);
        assert.equal(bad.status, 400);
        assert.deepEqual(JSON.parse(bad.body), { message: "limit must be an integer between 1 and 1000" });
        assert.ok(
            lines.some(
                (l) =>
                    l.includes("GET /dev/") && l.endsWith("Error: [400] limit must be an integer between 1 and 1000"),
            ),
        );
        const unknown = await request(`${env.url}no-such-page`);
        assert.equal(unknown.status, 403);
        assert.deepEqual(JSON.parse(unknown.body), { message: "Missing Authentication Token" });
    });

    it("reuses one database connection across requests (one worker per function, module scope kept)", async () => {
        await request(env.url);
        const before = await userConnections(db.admin, db.user);
        for (let i = 0; i < 20; i++) assert.equal((await request(`${env.url}?limit=2`)).status, 200);
        assert.equal((await userConnections(db.admin, db.user)) - before, 0);
    });

    it("serves Lambda's Invoke API to the AWS SDK: RequestResponse, a function error, Event, DryRun, an unknown name", async () => {
        const lambda = new LambdaClient({
            endpoint: env.endpoint,
            region: "eu-west-1",
            credentials: { accessKeyId: "local", secretAccessKey: "local" },
        });
        const decode = (payload?: Uint8Array) => JSON.parse(Buffer.from(payload ?? []).toString("utf8")) as unknown;
        const ok = await lambda.send(
            new InvokeCommand({
                FunctionName: "retrieve-accounts",
                Payload: JSON.stringify({ limit: "2", offset: "" }),
            }),
        );
        assert.equal(ok.StatusCode, 200);
        assert.equal(ok.FunctionError, undefined);
        assert.equal(((decode(ok.Payload) as string).match(/<tr><td>/g) ?? []).length, 2);

        const failed = await lambda.send(
            new InvokeCommand({ FunctionName: "dev-retrieve-accounts", Payload: JSON.stringify({ limit: "abc" }) }),
        );
        assert.equal(failed.StatusCode, 200);
        assert.equal(failed.FunctionError, "Unhandled");
        assert.equal(
            (decode(failed.Payload) as { errorMessage: string }).errorMessage,
            "[400] limit must be an integer between 1 and 1000",
        );

        const queued = await lambda.send(
            new InvokeCommand({ FunctionName: "retrieve-accounts", InvocationType: "Event", Payload: "{}" }),
        );
        assert.equal(queued.StatusCode, 202);
        const dry = await lambda.send(new InvokeCommand({ FunctionName: "seed-db", InvocationType: "DryRun" }));
        assert.equal(dry.StatusCode, 204);
        await assert.rejects(
            lambda.send(new InvokeCommand({ FunctionName: "no-such-function" })),
            (e: unknown) => e instanceof ResourceNotFoundException,
        );
        await env.idle();
    });

    it("turns an upload into a thumbnail from S3's event (the key URL-encoded as S3 sends it), listed by GET /thumbnails", async () => {
        const client = localS3Client(env.s3.endpoint);
        const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#884422" } })
            .jpeg()
            .toBuffer();
        const key = "holiday snaps/beach+1 100%.jpg";
        await client.send(new PutObjectCommand({ Bucket: bucketTriggering(), Key: key, Body: photo }));
        await new Promise((r) => setTimeout(r, 50)); // the server emits its event after answering
        await env.idle();
        const deadline = Date.now() + 10_000;
        let body: Buffer | undefined;
        while (!body && Date.now() < deadline) {
            try {
                const object = await client.send(
                    new GetObjectCommand({ Bucket: otherBucket(), Key: `resized-${key}` }),
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
        assert.ok(body, `no thumbnail; lines: ${lines.join("\n")}`);
        const meta = await sharp(body).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height], ["jpeg", 320, 240]);

        // Its record, read through the API's DynamoDB integration with the registered templates (no function).
        const list = await request(`${env.url}thumbnails`);
        assert.equal(list.status, 200, list.body);
        const listed = JSON.parse(list.body) as { thumbnails: Record<string, unknown>[] };
        const record = listed.thumbnails.find((t) => t.source === key);
        assert.deepEqual(record && { ...record, createdAt: typeof record.createdAt }, {
            source: key,
            thumbnail: `resized-${key}`,
            format: "jpeg",
            width: 320,
            height: 240,
            size: body.length,
            createdAt: "string",
        });
        const one = await request(`${env.url}thumbnails/${encodeURIComponent(key)}`);
        assert.deepEqual([one.status, JSON.parse(one.body)], [200, record]);
        const missing = await request(`${env.url}thumbnails/nothing.jpg`);
        assert.deepEqual([missing.status, JSON.parse(missing.body)], [404, { message: "Not found" }]);
        assert.ok(
            lines.some((l) => / dynamodb:Query {2}GET \/thumbnails {2}\d+ ms {2}200$/.test(l)),
            lines.join("\n"),
        );
    });

    it("retries a failed S3 event as its async config says, then sends Lambda's record to the on-failure destination", async () => {
        const client = localS3Client(env.s3.endpoint);
        await client.send(new PutObjectCommand({ Bucket: bucketTriggering(), Key: "notes.txt", Body: "not an image" }));
        await new Promise((r) => setTimeout(r, 50));
        await env.idle();
        const [destination, records] = [...env.destinations].find(([arn]) => arn.includes("dev-thumbnail-dlq"))!;
        assert.match(destination, /^arn:aws:sqs:/);
        const record = records.at(-1)!;
        assert.equal(record.requestContext.condition, "RetriesExhausted");
        assert.equal(record.requestContext.approximateInvokeCount, 3);
        assert.match(record.requestContext.functionArn, /:function:dev-thumbnail-function-\w+:\$LATEST$/);
        assert.equal(
            (record.requestPayload as { Records: { s3: { object: { key: string } } }[] }).Records[0].s3.object.key,
            "notes.txt",
        );
        assert.equal(record.responseContext.functionError, "Unhandled");
        assert.match(record.responsePayload!.errorMessage, /notes\.txt/);
        assert.equal(lines.filter((l) => l.includes("s3://") && l.includes("notes.txt")).length, 3);
        const view = await request(`${env.endpoint}/_local/destinations`);
        assert.equal((JSON.parse(view.body) as Record<string, unknown[]>)[destination].length, records.length);
    });

    it("protects GET /accounts with the stack's user pool: a local ID token passes, anything else is API Gateway's 401", async () => {
        const pool = env.plan.userPools[0].id;
        const jwks = await request(`${env.endpoint}/_local/cognito/${pool}/.well-known/jwks.json`);
        assert.equal((JSON.parse(jwks.body) as { keys: unknown[] }).keys.length, 1);
        const signIn = async (body: object) => {
            const res = await request(`${env.endpoint}/_local/cognito/${pool}/token`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(body),
            });
            assert.equal(res.status, 200, res.body);
            return (JSON.parse(res.body) as { AuthenticationResult: { IdToken: string; AccessToken: string } })
                .AuthenticationResult;
        };
        const tokens = await signIn({ username: "ada@example.com" });
        const accounts = (authorization?: string) =>
            request(`${env.url}accounts?limit=3`, { headers: authorization ? { authorization } : {} });
        const [head, body] = tokens.IdToken.split(".");
        const forged = `${head}.${body}.${tokens.AccessToken.split(".")[2]}`;
        const expired = (await signIn({ username: "ada@example.com", expiresIn: -60 })).IdToken;
        for (const [label, authorization] of [
            ["no token", undefined],
            ["a bad signature", forged],
            ["an expired token", expired],
            ["an access token", tokens.AccessToken],
        ] as const) {
            const res = await accounts(authorization);
            assert.equal(res.status, 401, label);
            assert.equal(res.body, '{"message":"Unauthorized"}', label);
            assert.equal(res.headers["x-amzn-errortype"], "UnauthorizedException", label);
        }
        const ok = await accounts(tokens.IdToken);
        assert.equal(ok.status, 200, ok.body);
        assert.equal((ok.body.match(/<tr><td>\d+<\/td>/g) ?? []).length, 3);
        assert.equal((await accounts(`Bearer ${tokens.IdToken}`)).status, 200);
    });

    it("requires the usage plan's key on GET /partner/accounts, its value read from the local Secrets Manager", async () => {
        const [key] = env.apiKeys;
        const secrets = new SecretsManagerClient({
            endpoint: env.endpoint,
            region: "eu-west-1",
            credentials: { accessKeyId: "local", secretAccessKey: "local" },
        });
        const secret = await secrets.send(new GetSecretValueCommand({ SecretId: key.secrets[0] }));
        assert.match(key.secrets[0], /^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:dev-api-api-key-secret-/);
        assert.equal(secret.SecretString, key.value);
        const partner = (apiKey?: string) =>
            request(`${env.url}partner/accounts?limit=2`, { headers: apiKey ? { "x-api-key": apiKey } : {} });
        for (const apiKey of [undefined, "not-the-key"]) {
            const res = await partner(apiKey);
            assert.equal(res.status, 403);
            assert.equal(res.body, '{"message":"Forbidden"}');
        }
        const ok = await partner(secret.SecretString);
        assert.equal(ok.status, 200, ok.body);
        assert.equal((ok.body.match(/<tr><td>\d+<\/td>/g) ?? []).length, 2);
    });

    it("fires the report's schedule on demand: its metrics reach the terminal as one EMF line, in the stack's namespace", async () => {
        // The function writes its metric line to stdout itself (as in Lambda), from its worker thread.
        const written: string[] = [];
        const stdout = Object.getOwnPropertyDescriptor(process.stdout, "write");
        process.stdout.write = (chunk: string | Uint8Array) => written.push(String(chunk)) > 0;
        try {
            const fired = await request(`${env.endpoint}/_local/schedules/dev-report-schedule-1`, { method: "POST" });
            assert.equal(fired.status, 200);
            await env.idle();
            for (let i = 0; i < 50 && !written.join("").includes('"_aws"'); i++)
                await new Promise((r) => setTimeout(r, 20));
        } finally {
            if (stdout) Object.defineProperty(process.stdout, "write", stdout);
            else delete (process.stdout as { write?: unknown }).write; // the prototype's again
        }
        const line = written
            .join("")
            .split("\n")
            .find((l) => l.includes('"_aws"'));
        assert.ok(line, `no metric line in ${JSON.stringify(written)}`);
        const emf = JSON.parse(line) as Record<string, unknown> & {
            _aws: { CloudWatchMetrics: { Namespace: string }[] };
        };
        assert.equal(emf._aws.CloudWatchMetrics[0].Namespace, "paas/dev");
        assert.equal(emf.Report, "accounts");
        assert.ok(Number(emf.AccountsTotal) >= 20, `AccountsTotal ${String(emf.AccountsTotal)}`);
        assert.ok(
            lines.some((l) => /dev-report +schedule rate\(1 hour\) .* ok$/.test(l)),
            lines.join("\n"),
        );
    });

    it("answers 503 when the database is down, from the registered route definition", async () => {
        const down = createHandler(new Database(() => readDatabaseSettings({ ...db.env, MYSQL_PORT: CLOSED_PORT })));
        const route = env.plan.apis[0].routes[0];
        const api = createLocalApi({
            stage: "dev",
            routes: [{ definition: route.definition, function: { name: "down", timeout: 10, handler: down as never } }],
        });
        await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
        try {
            const res = await request(`http://127.0.0.1:${(api.address() as AddressInfo).port}/dev/`);
            assert.equal(res.status, 503);
            assert.deepEqual(JSON.parse(res.body), { message: "database unavailable" });
        } finally {
            await new Promise((r) => api.close(r));
        }
    });
});

describe("npm start", () => {
    it("starts MariaDB, seeds, prints the URL, the functions and the upload command, and stops everything on SIGTERM", async function () {
        this.timeout(60_000);
        // A temporary folder of its own, so that what the other suites make meanwhile is not counted as left.
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paas-npm-start-"));
        // What `npm start` runs, in an environment without the test run's settings (the SDK's warning switch).
        const env: NodeJS.ProcessEnv = { ...process.env, MYSQL_URL: "", LOG_LEVEL: "SILENT", TMPDIR: tmp };
        delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
        const child = spawn("bash", [path.join(REPO_ROOT, "scripts", "start.sh"), "--port", "0", "--quiet"], {
            cwd: REPO_ROOT,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        let output = "";
        child.stdout.on("data", (c) => (output += c));
        child.stderr.on("data", (c) => ((output += c), (stderr += c)));
        const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
        const ready = new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`not ready:\n${output}`)), 55_000);
            child.stdout.on("data", () => {
                if (output.includes("Ctrl-C stops everything.")) {
                    clearTimeout(timer);
                    resolve();
                }
            });
            child.once("exit", () => reject(new Error(`npm start exited:\n${output}`)));
        });
        // A failed start is stopped here, so that what it started does not outlive the test.
        await ready.catch((error: Error) => {
            child.kill("SIGTERM");
            throw error;
        });
        const url = output.split("\n").find((l) => /^http:\/\/127\.0\.0\.1:\d+\/dev\/$/.test(l))!;
        assert.ok(url, output);
        const res = await request(url);
        assert.equal(res.status, 200);
        assert.match(res.body, /Ada Lovelace/);
        assert.match(output, /^ {2}dev-retrieve-accounts, retrieve-accounts, /m);
        assert.match(
            output,
            /^ {2}curl -X PUT --data-binary @photo\.jpg http:\/\/127\.0\.0\.1:\d+\/dev-uploads-bucket-\w+\/photo\.jpg$/m,
        );
        assert.match(
            output,
            /^and what dev-thumbnail writes appears in http:\/\/127\.0\.0\.1:\d+\/dev-thumbnails-bucket-\w+\/$/m,
        );
        assert.match(output, /^DynamoDB tables dev-thumbnail-records-\w+ at http:\/\/127\.0\.0\.1:\d+, e\.g\.$/m);
        assert.match(
            output,
            /^ {2}TOKEN=\$\(curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/_local\/cognito\/eu-west-1_\w+\/token /m,
        );
        const key =
            /^API key dev-api-api-key \(5000 requests per month, 100\/s, bursts of 200\), sent as x-api-key: (\S+)$/m.exec(
                output,
            );
        assert.ok(key, output);
        assert.equal((await request(`${url}partner/accounts`, { headers: { "x-api-key": key[1] } })).status, 200);
        assert.doesNotMatch(output, / ms {2}ok$/m, "--quiet prints no line per invocation");
        assert.equal(stderr, "", "npm start printed to stderr (a warning?)");
        child.kill("SIGTERM");
        assert.equal(await exited, 0, output);
        assert.deepEqual(fs.readdirSync(tmp), [], "the throwaway MariaDB or S3 server was not removed");
        fs.rmdirSync(tmp);
        await assert.rejects(request(url), /ECONNREFUSED/);
    });
});
