import * as assert from "assert/strict";
import { InvalidArgsError } from "../../components/index";
import { MYSQL_INSTANCE_FAMILIES } from "../../components/database/args";
import {
    FUNCTION_CONNECTION_SHARE,
    functionConnectionBudget,
    instanceClassMemoryGib,
    mysqlMaxConnections,
} from "../../components/database/connections";
import { parseEnvironmentConfig } from "../../stacks/config";
import { evaluateStackOnce, named } from "../support/harness";

describe("database connections: what bounds the functions' concurrency", () => {
    const table: [string, number, number, number][] = [
        // class, GiB, floor(GiB × 2^30 / 12,582,880), floor(0.75 × that)
        ["db.t4g.micro", 1, 85, 63],
        ["db.t4g.small", 2, 170, 127],
        ["db.t3.medium", 4, 341, 255],
        ["db.m7g.large", 8, 682, 511],
        ["db.r7g.large", 16, 1365, 1023],
        ["db.m6i.4xlarge", 64, 5461, 4095],
        ["db.x2g.16xlarge", 1024, 16000, 12000], // RDS caps max_connections at 16,000
    ];
    for (const [instanceClass, gib, max, budget] of table) {
        it(`${instanceClass}: ${gib} GiB, max_connections ${max}, ${budget} for functions`, () => {
            assert.equal(instanceClassMemoryGib(instanceClass), gib);
            assert.equal(mysqlMaxConnections(instanceClass), max);
            assert.equal(functionConnectionBudget(instanceClass), budget);
            assert.equal(budget, Math.floor(max * FUNCTION_CONNECTION_SHARE));
        });
    }

    it("knows the memory of every class the component accepts", () => {
        for (const [family, sizes] of Object.entries(MYSQL_INSTANCE_FAMILIES))
            for (const size of sizes)
                assert.ok(mysqlMaxConnections(`db.${family}.${size}`) > 0, `db.${family}.${size}`);
    });

    it("caps the API's function at the database's budget in every stack (bursts of 200 and 1,000 are throttled, not refused)", async () => {
        for (const [stack, budget] of [
            ["dev", 63],
            ["staging", 127],
            ["prod", 511],
        ] as const) {
            const e = await evaluateStackOnce(stack);
            assert.equal(named(e, `${stack}-retrieve-accounts-function`).inputs.reservedConcurrentExecutions, budget);
            assert.equal(named(e, `${stack}-seed-db-function`).inputs.reservedConcurrentExecutions, undefined);
        }
    });

    describe("config", () => {
        const parse = (functions: Record<string, unknown>, database: Record<string, unknown> = {}) =>
            parseEnvironmentConfig(
                {
                    "aws:region": "eu-west-1",
                    "paas:functions": JSON.stringify({ alarms: false, ...functions }),
                    "paas:database": JSON.stringify(database),
                },
                "paas",
                "test",
            );
        const issueOf = (fn: () => unknown) => {
            try {
                fn();
            } catch (e) {
                assert.ok(e instanceof InvalidArgsError);
                return e.issues.map((i) => `${i.argument}: ${i.problem}`).join("\n");
            }
            assert.fail("expected the config to be rejected");
        };

        it("rejects more reserved concurrency than the instance class serves, naming both", () => {
            assert.match(
                issueOf(() => parse({ reservedConcurrency: 64 })),
                /paas:functions\.reservedConcurrency: is 64, more connections than db\.t4g\.micro serves functions \(63 of its 85/,
            );
            assert.equal(
                parse({ reservedConcurrency: 64 }, { instanceClass: "db.t4g.small" }).functions.reservedConcurrency,
                64,
            );
        });

        it("rejects a reservation that leaves fewer than 100 unreserved in the account", () => {
            assert.match(
                issueOf(() => parse({ accountConcurrencyLimit: 100 })),
                /paas:functions\.reservedConcurrency: defaults to 63, leaving fewer than Lambda's minimum of 100 unreserved of the account's 100/,
            );
            assert.equal(parse({ accountConcurrencyLimit: 163 }).functions.accountConcurrencyLimit, 163);
        });
    });
});
