import * as assert from "assert/strict";
import * as path from "path";
import { Database } from "../../functions/shared/database";
import { readDatabaseSettings } from "../../functions/shared/settings";
import { FakeSecretsManager } from "../support/fake-secrets-manager";
import { fakeContext } from "../support/lambda-context";
import { captureLogs } from "../support/logs";
import { withEnv } from "../support/env";
import { TestDatabase, createTestDatabase, userConnections } from "../support/mysql";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-test-AbCdEf";
const AWS_ENV = {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
};

describe("database access", () => {
    const secrets = new FakeSecretsManager();
    let endpoint: string;
    let db: TestDatabase;
    before(async () => {
        endpoint = await secrets.start();
        db = await createTestDatabase();
    });
    after(async () => {
        await secrets.stop();
        await db.drop();
    });

    describe("the deployed handlers (module scope, password from Secrets Manager)", () => {
        // As in AWS: no MYSQL_PASSWORD, a secret ARN, the SDK's endpoint override pointing at the fake.
        withEnv(() => {
            const { MYSQL_PASSWORD: _plain, ...env } = db.env;
            return { ...env, ...AWS_ENV, MYSQL_SECRET_ARN: SECRET_ARN, AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint };
        });
        let seed: (event: unknown, context: unknown) => Promise<unknown>;
        let retrieve: (event: unknown, context: unknown) => Promise<string>;
        before(() => {
            secrets.secrets.set(SECRET_ARN, JSON.stringify({ username: db.user, password: db.password }));
            // Fresh copies of the function modules, so their module-scope state starts empty here.
            for (const key of Object.keys(require.cache))
                if (key.includes(`${path.sep}functions${path.sep}`)) delete require.cache[key];
            seed = require("../../functions/seed-db").handler;
            retrieve = require("../../functions/retrieve-accounts").handler;
        });

        it("fetches the secret once and reuses one connection for 30 warm calls", async () => {
            await seed({ demoData: true }, fakeContext("seed-db"));
            await retrieve({}, fakeContext("retrieve-accounts")); // warm
            const callsBefore = secrets.calls.length;
            const before = await userConnections(db.admin, db.user);
            for (let i = 0; i < 30; i++)
                assert.match(await retrieve({ limit: 5 }, fakeContext("retrieve-accounts")), /Ada Lovelace/);
            const opened = (await userConnections(db.admin, db.user)) - before;
            assert.ok(opened <= 1, `30 calls opened ${opened} connections`);
            assert.equal(opened, 0, "the warm connection should have been reused");
            assert.equal(secrets.calls.length, callsBefore, "the secret should have been cached");
        });

        it("refetches the secret after the password is rotated, and logs no password", async () => {
            const rotated = `${db.password}-rotated`;
            await db.admin.query(`ALTER USER '${db.user}'@'%' IDENTIFIED BY ?`, [rotated]);
            secrets.secrets.set(SECRET_ARN, JSON.stringify({ username: db.user, password: rotated }));
            // The warm connection survives a rotation; kill it, as an idle timeout or failover would.
            await db.admin.query(`KILL USER '${db.user}'`);
            const callsBefore = secrets.calls.length;

            const { result, error, lines } = await captureLogs(() => retrieve({}, fakeContext("retrieve-accounts")));
            assert.equal(error, undefined);
            assert.match(String(result), /Showing 1&ndash;20<\/p>/);
            assert.equal(secrets.calls.length, callsBefore + 1);
            assert.ok(
                lines.some((l) => JSON.parse(l).message === "authentication failed; refetching the database secret"),
                lines.join("\n"),
            );
            for (const line of lines) {
                assert.ok(
                    !line.includes(rotated) && !line.includes(db.password),
                    `a log line holds a password: ${line}`,
                );
            }
            db.password = rotated;
        });

        it("answers [503] when the secret cannot be read, and recovers once it can", async () => {
            for (const key of Object.keys(require.cache))
                if (key.includes(`${path.sep}functions${path.sep}`)) delete require.cache[key];
            process.env.MYSQL_SECRET_ARN = `${SECRET_ARN}-missing`;
            const fresh = require("../../functions/retrieve-accounts").handler;
            await assert.rejects(fresh({}, fakeContext()), { message: "[503] database unavailable" });
            secrets.secrets.set(`${SECRET_ARN}-missing`, JSON.stringify({ password: db.password }));
            assert.match(await fresh({}, fakeContext()), /Ada Lovelace/);
            process.env.MYSQL_SECRET_ARN = SECRET_ARN;
        });
    });

    it("answers [503] when the rotated password is wrong in the secret too (no retry loop)", async () => {
        let fetches = 0;
        const database = new Database(
            () => readDatabaseSettings({ ...db.env, MYSQL_PASSWORD: undefined, MYSQL_SECRET_ARN: SECRET_ARN }),
            () => {
                fetches++;
                return Promise.resolve({ password: "wrong" });
            },
        );
        await assert.rejects(
            database.run((c) => c.query("SELECT 1")),
            { name: "DatabaseUnavailableError" },
        );
        assert.equal(fetches, 2); // the first fetch, and one refetch after the authentication failure
    });
});

describe("function settings", () => {
    const base = { MYSQL_HOST: "db.internal", MYSQL_USER: "app", MYSQL_DATABASE: "accounts" };

    it("reads a deployed function's environment: secret ARN, TLS against the RDS CA by default", () => {
        assert.deepEqual(
            readDatabaseSettings({ ...base, MYSQL_SECRET_ARN: SECRET_ARN, AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x" }),
            {
                host: "db.internal",
                port: 3306,
                user: "app",
                database: "accounts",
                password: { secretArn: SECRET_ARN },
                tls: "rds",
            },
        );
    });

    it("accepts a plain password and TLS off for local runs only", () => {
        assert.deepEqual(
            readDatabaseSettings({ ...base, MYSQL_PASSWORD: "pw", MYSQL_TLS: "off", MYSQL_PORT: "3307" }).password,
            { value: "pw" },
        );
        assert.throws(
            () => readDatabaseSettings({ ...base, MYSQL_PASSWORD: "pw", AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x" }),
            /MYSQL_SECRET_ARN is not set \(MYSQL_PASSWORD is for local runs only\)/,
        );
        assert.throws(
            () =>
                readDatabaseSettings({
                    ...base,
                    MYSQL_SECRET_ARN: SECRET_ARN,
                    MYSQL_TLS: "off",
                    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
                }),
            /MYSQL_TLS=off is for local runs only/,
        );
    });

    it("lists every problem", () => {
        assert.throws(
            () => readDatabaseSettings({ MYSQL_PORT: "99999", MYSQL_TLS: "maybe" }),
            /MYSQL_HOST is not set; MYSQL_USER is not set; MYSQL_DATABASE is not set; MYSQL_PORT must be a port number, got "99999"; set MYSQL_SECRET_ARN, or MYSQL_PASSWORD for a local run; MYSQL_TLS must be "rds" or "off", got "maybe"/,
        );
    });
});
