import * as assert from "assert/strict";
import type { RowDataPacket } from "mysql2/promise";
import { createHandler } from "../../functions/seed-db";
import { MigrationChangedError, applyMigrations } from "../../functions/seed-db/migrate";
import { MIGRATIONS, migrationChecksum } from "../../functions/seed-db/migrations";
import { DEMO_ACCOUNTS } from "../../functions/seed-db/demo-accounts";
import { Database } from "../../functions/shared/database";
import { readDatabaseSettings } from "../../functions/shared/settings";
import { fakeContext } from "../support/lambda-context";
import { CLOSED_PORT, TestDatabase, createTestDatabase } from "../support/mysql";

const context = fakeContext("seed-db");

function seedHandler(env: Record<string, string>) {
    return createHandler(new Database(() => readDatabaseSettings(env)));
}

async function rows(db: TestDatabase): Promise<RowDataPacket[]> {
    const [result] = await db.admin.query<RowDataPacket[]>(`SELECT * FROM \`${db.name}\`.accounts ORDER BY id`);
    return result;
}

describe("seed-db", () => {
    let db: TestDatabase;
    beforeEach(async () => {
        db = await createTestDatabase();
    });
    afterEach(async () => {
        await db.drop();
    });

    it("applies the migrations and, by default, loads no demo rows (production data is not demo data)", async () => {
        const result = await seedHandler(db.env)({ source: "deployment" }, context);
        assert.deepEqual(result, {
            schemaVersion: MIGRATIONS.length,
            migrationsApplied: MIGRATIONS.map((m) => m.version),
        });
        assert.deepEqual(await rows(db), []);
        const [recorded] = await db.admin.query<RowDataPacket[]>(
            `SELECT version, name, checksum FROM \`${db.name}\`.schema_migrations ORDER BY version`,
        );
        assert.deepEqual(
            recorded.map((r) => [r.version as number, r.name as string, r.checksum as string]),
            MIGRATIONS.map((m) => [m.version, m.name, migrationChecksum(m)]),
        );
        // Again: nothing to apply.
        assert.deepEqual(await seedHandler(db.env)({}, context), {
            schemaVersion: MIGRATIONS.length,
            migrationsApplied: [],
        });
    });

    it("applies a new migration on the next run, and only it", async () => {
        await seedHandler(db.env)({}, context);
        const database = new Database(() => readDatabaseSettings(db.env));
        const next = {
            version: MIGRATIONS.length + 1,
            name: "index accounts by name",
            statements: ["CREATE INDEX IF NOT EXISTS accounts_name ON accounts (name)"],
        };
        const result = await database.run((c) => applyMigrations(c, [...MIGRATIONS, next]));
        assert.deepEqual(result, { schemaVersion: next.version, applied: [next.version] });
        await database.reset();
    });

    it("refuses to run when a migration already applied has changed, naming it", async () => {
        await seedHandler(db.env)({}, context);
        const database = new Database(() => readDatabaseSettings(db.env));
        const edited = [{ ...MIGRATIONS[0], statements: [...MIGRATIONS[0].statements, "SELECT 1"] }];
        await assert.rejects(
            database.run((c) => applyMigrations(c, edited)),
            (e: Error) => e instanceof MigrationChangedError && /migration 1 changed/.test(e.message),
        );
        await database.reset();
    });

    it("creates the accounts table and inserts the demo dataset when asked", async () => {
        const summary = (await seedHandler(db.env)({ demoData: true }, context)).demoData;
        assert.deepEqual(summary, { table: "accounts", inserted: 20, unchanged: 0, total: 20 });
        const seeded = await rows(db);
        assert.deepEqual(
            seeded.map((r) => [r.id, r.name, r.email]),
            DEMO_ACCOUNTS.map((a) => [a.id, a.name, a.email]),
        );
        for (const row of seeded) {
            assert.ok(row.created_at instanceof Date && row.updated_at instanceof Date);
        }
    });

    it("enforces unique emails", async () => {
        await seedHandler(db.env)({ demoData: true }, context);
        await assert.rejects(
            db.admin.query(`INSERT INTO \`${db.name}\`.accounts (name, email) VALUES ('Copy', 'ada@example.com')`),
            /Duplicate entry/,
        );
    });

    it("is idempotent: three runs in a row leave exactly the same rows, timestamps included", async () => {
        const handler = seedHandler(db.env);
        await handler({ demoData: true }, context);
        const first = await rows(db);
        for (let i = 0; i < 3; i++) {
            assert.deepEqual(await handler({ demoData: true }, context), {
                schemaVersion: MIGRATIONS.length,
                migrationsApplied: [],
                demoData: { table: "accounts", inserted: 0, unchanged: 20, total: 20 },
            });
        }
        assert.deepEqual(await rows(db), first);
    });

    it("is idempotent under concurrency: three simultaneous runs on an empty database insert each row once", async () => {
        // Separate handlers, as three Lambda containers would be.
        const results = await Promise.all(
            [1, 2, 3].map(() => seedHandler(db.env)({ demoData: true }, fakeContext("seed-db"))),
        );
        // The migration lock: exactly one run applied each migration.
        assert.deepEqual(
            results.flatMap((r) => r.migrationsApplied),
            MIGRATIONS.map((m) => m.version),
        );
        const summaries = results.map((r) => r.demoData!);
        assert.equal(
            summaries.reduce((n, s) => n + s.inserted, 0),
            20,
        );
        assert.ok(summaries.every((s) => s.total === 20));
        assert.deepEqual(
            (await rows(db)).map((r) => [r.id, r.name, r.email]),
            DEMO_ACCOUNTS.map((a) => [a.id, a.name, a.email]),
        );
    });

    it("keeps rows it did not create", async () => {
        await seedHandler(db.env)({ demoData: true }, context);
        await db.admin.query(`INSERT INTO \`${db.name}\`.accounts (name, email) VALUES ('Extra', 'extra@example.com')`);
        const summary = (await seedHandler(db.env)({ demoData: true }, context)).demoData!;
        assert.equal(summary.total, 21);
        assert.equal(summary.inserted, 0);
    });

    it("fails with [503] database unavailable, leaking nothing, when the database is down", async () => {
        const down = seedHandler({ ...db.env, MYSQL_PORT: CLOSED_PORT });
        const error = await down({}, context).then(
            () => assert.fail("expected a failure"),
            (e: Error) => e,
        );
        assert.equal(error.message, "[503] database unavailable");
        assert.equal(error.stack, "PublicError: [503] database unavailable");
    });

    it("fails with [500] function misconfigured when its environment is incomplete", async () => {
        const { MYSQL_HOST: _omitted, ...incomplete } = db.env;
        await assert.rejects(seedHandler(incomplete)({}, context), { message: "[500] function misconfigured" });
    });
});
