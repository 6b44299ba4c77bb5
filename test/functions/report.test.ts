import * as assert from "assert/strict";
import { createHandler as createSeed } from "../../functions/seed-db";
import { createHandler as createReport } from "../../functions/report";
import { Database } from "../../functions/shared/database";
import { readDatabaseSettings } from "../../functions/shared/settings";
import { fakeContext } from "../support/lambda-context";
import { TestDatabase, createTestDatabase } from "../support/mysql";

const context = fakeContext("report");
const SCHEDULED = "2025-03-01T07:00:00Z";
const ENV = { METRICS_NAMESPACE: "paas/test" };

interface EmfLine {
    _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: unknown[] }[] };
    [member: string]: unknown;
}

describe("report", () => {
    let db: TestDatabase;
    let database: Database;
    const lines: string[] = [];
    const report = () => createReport(database, { write: (l) => lines.push(l), env: ENV });
    before(async () => {
        db = await createTestDatabase();
        database = new Database(() => readDatabaseSettings(db.env));
    });
    after(async () => {
        await database.reset();
        await db.drop();
    });
    beforeEach(() => (lines.length = 0));

    it("fails, publishing nothing, while the accounts table does not exist (the schema is not migrated)", async () => {
        await assert.rejects(report()({ time: SCHEDULED }, context), /^PublicError: \[500\] internal error$/);
        assert.deepEqual(lines, []);
    });

    it("publishes the total and the accounts created in the hour before the scheduled time, as one EMF line", async () => {
        await createSeed(database)({ demoData: true }, context); // 20 accounts, created now
        const table = `\`${db.name}\`.accounts`;
        await db.admin.query(`INSERT INTO ${table} (name, email, created_at) VALUES ?`, [
            [
                ["Before the window", "early@example.com", "2025-03-01 05:59:59.999"],
                ["First instant", "first@example.com", "2025-03-01 06:00:00.000"],
                ["Within", "within@example.com", "2025-03-01 06:30:00.000"],
                ["Last instant", "last@example.com", "2025-03-01 06:59:59.999"],
                ["At the scheduled time", "late@example.com", "2025-03-01 07:00:00.000"],
            ],
        ]);
        const event = { "detail-type": "Scheduled Event", source: "aws.events", time: SCHEDULED, detail: {} };
        const result = await report()(event, context);
        assert.deepEqual(result, {
            namespace: "paas/test",
            total: 25,
            createdLastHour: 3,
            windowStart: "2025-03-01T06:00:00.000Z",
            windowEnd: "2025-03-01T07:00:00.000Z",
        });
        assert.equal(lines.length, 1);
        const line = JSON.parse(lines[0]) as EmfLine;
        assert.equal(line._aws.Timestamp, Date.parse(SCHEDULED));
        assert.deepEqual(line._aws.CloudWatchMetrics, [
            {
                Namespace: "paas/test",
                Dimensions: [["Report"]],
                Metrics: [
                    { Name: "AccountsTotal", Unit: "Count" },
                    { Name: "AccountsCreatedLastHour", Unit: "Count" },
                ],
            },
        ]);
        assert.equal(line.Report, "accounts");
        assert.equal(line.AccountsTotal, 25);
        assert.equal(line.AccountsCreatedLastHour, 3);
        assert.equal(line.requestId, context.awsRequestId);

        // A retry of the same event reports the same hour, with the same timestamp.
        await report()(event, context);
        assert.equal(lines[1], lines[0]);
        // Invoked directly (no time): the hour before now, which holds the 20 demo accounts.
        const now = await createReport(database, {
            write: (l) => lines.push(l),
            env: ENV,
            now: () => Date.now() + 60_000,
        })({}, context);
        assert.equal(now.createdLastHour, 20);
    });

    it("fails loudly on a bad event or a missing namespace, publishing nothing", async () => {
        await assert.rejects(
            report()({ time: "yesterday" }, context),
            /^PublicError: \[400\] time must be an ISO 8601 instant, got "yesterday"$/,
        );
        await assert.rejects(
            createReport(database, { write: (l) => lines.push(l), env: {} })({}, context),
            /^PublicError: \[500\] function misconfigured$/,
        );
        assert.deepEqual(lines, []);
    });
});
