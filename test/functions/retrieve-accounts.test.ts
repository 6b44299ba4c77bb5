import * as assert from "assert/strict";
import { createHandler as createRetrieve } from "../../functions/retrieve-accounts";
import { createHandler as createSeed } from "../../functions/seed-db";
import { Database } from "../../functions/shared/database";
import { readDatabaseSettings } from "../../functions/shared/settings";
import { fakeContext } from "../support/lambda-context";
import { CLOSED_PORT, TestDatabase, createTestDatabase } from "../support/mysql";

const context = fakeContext("retrieve-accounts");
const databaseFor = (env: Record<string, string>) => new Database(() => readDatabaseSettings(env));

describe("retrieve-accounts", () => {
    let db: TestDatabase;
    let retrieve: ReturnType<typeof createRetrieve>;
    before(async () => {
        db = await createTestDatabase();
        retrieve = createRetrieve(databaseFor(db.env));
    });
    after(async () => {
        await db.drop();
    });

    it("renders the empty state before the table exists, and once it is empty", async () => {
        assert.match(await retrieve({}, context), /<p class="empty">No accounts yet\.<\/p>/);
        await db.admin.query(
            `CREATE TABLE \`${db.name}\`.accounts (id INT PRIMARY KEY, name TEXT, email TEXT, created_at TIMESTAMP)`,
        );
        const html = await retrieve({}, context);
        assert.match(html, /No accounts yet\./);
        assert.doesNotMatch(html, /<table>/);
        await db.admin.query(`DROP TABLE \`${db.name}\`.accounts`);
    });

    describe("after seeding", () => {
        before(async () => {
            await createSeed(databaseFor(db.env))({ demoData: true }, context);
        });

        it("returns a complete HTML page with every seeded account, escaped", async () => {
            const html = await retrieve(null, context);
            assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
            assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
            assert.equal((html.match(/<tr><td>\d+<\/td>/g) ?? []).length, 20);
            const created =
                /<tr><td>1<\/td><td>Ada Lovelace<\/td><td>ada@example\.com<\/td><td>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)<\/td>/.exec(
                    html,
                );
            assert.ok(created, "no row for Ada with an ISO timestamp");
            assert.ok(
                Math.abs(Date.parse(created[1]) - Date.now()) < 10 * 60_000,
                `created_at ${created[1]} is not now in UTC`,
            );
            assert.match(html, /<td>李小龍<\/td>/);
            assert.match(html, /<td>O&#39;Brien &amp; Sons &lt;Ltd&gt;<\/td>/);
            assert.match(html, /<td>Zoë &quot;Zed&quot; Zhang<\/td>/);
            assert.match(html, /Showing 1&ndash;20<\/p>/);
        });

        it("escapes markup from the database, so a script renders as text", async () => {
            await db.admin.query(
                `INSERT INTO \`${db.name}\`.accounts (id, name, email) VALUES (900, '<script>alert(1)</script>', '"><img src=x onerror=alert(2)>@example.com')`,
            );
            try {
                const html = await retrieve({ offset: 20 }, context);
                assert.match(html, /<td>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/td>/);
                assert.match(html, /<td>&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;@example\.com<\/td>/);
                assert.doesNotMatch(html, /<script>|<img/);
            } finally {
                await db.admin.query(`DELETE FROM \`${db.name}\`.accounts WHERE id = 900`);
            }
        });

        it("pages with limit and offset, from the API's strings or a direct call's numbers", async () => {
            for (const event of [
                { limit: "5", offset: "5" },
                { limit: 5, offset: 5 },
                { limit: " 5 ", offset: "5" },
            ]) {
                const html = await retrieve(event, context);
                assert.deepEqual(
                    [...html.matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => Number(m[1])),
                    [6, 7, 8, 9, 10],
                );
                assert.match(html, /Showing 6&ndash;10<\/p>/);
                assert.match(
                    html,
                    /<a href="\?limit=5&amp;offset=0">Previous<\/a> <a href="\?limit=5&amp;offset=10">Next<\/a>/,
                );
            }
            assert.equal(((await retrieve({ limit: "", offset: "" }, context)).match(/<tr><td>/g) ?? []).length, 20);
            assert.match(await retrieve({ offset: 500 }, context), /No accounts on this page\./);
        });

        const badLimits: unknown[] = [
            "abc",
            "0",
            0,
            "1001",
            1001,
            "-1",
            -1,
            "1.5",
            1.5,
            "1e3",
            "5;DROP TABLE accounts",
            true,
            {},
        ];
        for (const limit of badLimits) {
            it(`refuses limit ${JSON.stringify(limit)} with [400]`, async () => {
                await assert.rejects(retrieve({ limit: limit as string }, context), {
                    message: "[400] limit must be an integer between 1 and 1000",
                });
            });
        }
        for (const offset of ["x", -5, "2000000000"]) {
            it(`refuses offset ${JSON.stringify(offset)} with [400]`, async () => {
                await assert.rejects(retrieve({ offset }, context), {
                    message: "[400] offset must be an integer between 0 and 1000000000",
                });
            });
        }
    });

    it("fails with [503] database unavailable, leaking nothing, when the database is down", async () => {
        const down = createRetrieve(databaseFor({ ...db.env, MYSQL_PORT: CLOSED_PORT }));
        const error = await down({}, context).then(
            () => assert.fail("expected a failure"),
            (e: Error) => e,
        );
        assert.equal(error.message, "[503] database unavailable");
        assert.doesNotMatch(String(error.stack), /127\.0\.0\.1|ECONNREFUSED|at /);
    });
});
