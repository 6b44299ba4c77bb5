import * as assert from "assert/strict";
import { ContainerFunction, LayerFunction, PrivateBucket } from "../../components/index";
import { instanceIdentifier, resolveMysqlArgs } from "../../components/database/args";
import { scheduleExpressionProblem } from "../../components/schedule";
import { evaluateInvalid, evaluateProgram, named } from "../support/harness";

/** Values the components used to accept and AWS refuses (its documentation and the provider's validators). */
describe("component checks: what AWS would refuse fails before anything registers", () => {
    it("schedule expressions: the unit agrees with the number, cron has 6 fields and one ?", () => {
        for (const ok of [
            "rate(1 hour)",
            "rate(5 minutes)",
            "rate(1 day)",
            "cron(0 3 * * ? *)",
            "cron(0/5 8-17 ? * MON-FRI *)",
        ])
            assert.equal(scheduleExpressionProblem(ok), undefined, ok);
        for (const [bad, why] of [
            ["rate(1 hours)", /singular for 1/],
            ["rate(5 minute)", /plural above 1/],
            ["rate(0 minutes)", /below 1/],
            ["cron(0 3 * * *)", /5 cron fields; EventBridge takes 6/],
            ["cron(0 3 * * * *)", /exactly one of day-of-month and day-of-week/],
            ["every hour", /neither rate/],
        ] as const)
            assert.match(scheduleExpressionProblem(bad) ?? "", why, bad);
    });

    it("a LayerFunction refuses rate(1 hours) naming the trigger", async () => {
        const { error, resources } = await evaluateInvalid(
            () =>
                new LayerFunction("job", {
                    code: { directory: __dirname },
                    triggers: { schedules: [{ expression: "rate(1 hours)" }] },
                }),
        );
        assert.match(error.message, /triggers\.schedules\[0\]\.expression: "rate\(1 hours\)" says "1 hours"/);
        assert.equal(resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length, 0);
    });

    it("maxAllocatedStorage: off (equal) or at least 10% above allocatedStorage", () => {
        const issues = (allocatedStorage: number, maxAllocatedStorage: number) =>
            resolveMysqlArgs({ allocatedStorage, maxAllocatedStorage }).issues.map((i) => i.argument);
        assert.deepEqual(issues(100, 100), []);
        assert.deepEqual(issues(100, 110), []);
        assert.deepEqual(issues(100, 109), ["maxAllocatedStorage"]);
        assert.deepEqual(issues(20, 21), ["maxAllocatedStorage"]);
        assert.match(
            resolveMysqlArgs({ allocatedStorage: 100, maxAllocatedStorage: 105 }).issues[0].fix,
            /at least 110/,
        );
    });

    it("no bucketKeyEnabled with SSE-S3 (Bucket Keys are an SSE-KMS feature)", async () => {
        const e = await evaluateProgram(() => {
            new PrivateBucket("files");
            return {};
        });
        const rule = named(e, "files-encryption").inputs.rules[0];
        assert.equal(rule.applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
        assert.equal(rule.bucketKeyEnabled, undefined);
    });

    it("names: a bucket or repository name AWS refuses, or one too long once auto-named", async () => {
        const bucket = await evaluateInvalid(() => new PrivateBucket("Uploads"));
        assert.match(bucket.error.message, /name: "Uploads" makes an S3 bucket name AWS refuses/);
        const long = await evaluateInvalid(
            () => new ContainerFunction("a".repeat(48), { image: { context: __dirname, dockerfile: __filename } }),
        );
        assert.match(long.error.message, /a Lambda function name of 65 characters.*over AWS's 64.*at most 47/s);
        const upper = await evaluateInvalid(
            () => new ContainerFunction("Api", { image: { context: __dirname, dockerfile: __filename } }),
        );
        assert.match(upper.error.message, /"Api" makes an ECR repository name AWS refuses/);
    });

    it("RDS identifiers stay within 63 characters and keep their replacement digest", () => {
        const id = instanceIdentifier("a-very-long-component-name-".repeat(4), { dbName: "accounts" });
        assert.ok(id.length <= 63, id);
        assert.match(id, /^[a-z][a-z0-9-]*-[0-9a-f]{8}$/);
        assert.ok(!id.includes("--"));
        assert.notEqual(instanceIdentifier("db", { dbName: "a" }), instanceIdentifier("db", { dbName: "b" }));
    });
});
