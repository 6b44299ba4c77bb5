import * as assert from "assert/strict";
import { InvalidArgsError } from "../../components/index";
import { parseEnvironmentConfig } from "../../stacks/config";
import { Evaluation } from "../../tools/offline/evaluate";
import { evaluateStackOnce, named, ofType } from "../support/harness";

/** The types whose resources hold data (or what a kept database runs in). */
const STATEFUL = [
    "aws:rds/instance:Instance",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:s3/bucket:Bucket",
    "aws:ecr/repository:Repository",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:sqs/queue:Queue",
    "aws:dynamodb/table:Table",
    "docker-build:index:Image", // its deletion deletes the pushed image from the repository
];

/** Protected (a destroy or replacement stops) and retained (once unprotected, a destroy leaves them). */
function retained(e: Evaluation): string[] {
    return e.resources.filter((r) => r.options?.retainOnDelete && r.options.protect).map((r) => r.name);
}

describe("removal: what pulumi destroy does in each environment", () => {
    it("dev (remove): a destroy leaves nothing behind and does not fail on contents", async () => {
        const e = await evaluateStackOnce("dev");
        assert.deepEqual(retained(e), []);
        assert.deepEqual(
            e.resources.filter((r) => r.options?.protect).map((r) => r.name),
            [],
        );
        const repos = ofType(e, "aws:ecr/repository:Repository");
        assert.equal(repos.length, 2);
        for (const repo of repos) assert.equal(repo.inputs.forceDelete, true, `${repo.name} must go with its images`);
        const buckets = ofType(e, "aws:s3/bucket:Bucket");
        assert.equal(buckets.length, 2);
        for (const bucket of buckets) assert.equal(bucket.inputs.forceDestroy, true, `${bucket.name} must be emptied`);
        const db = named(e, "dev-db-instance").inputs;
        assert.equal(db.deletionProtection, false);
        assert.equal(db.skipFinalSnapshot, true);
        assert.equal(named(e, "dev-thumbnail-records").inputs.deletionProtectionEnabled, false);
    });

    for (const stack of ["staging", "prod"]) {
        it(`${stack} (retain, the default): every stateful resource is kept out of a destroy, with its contents`, async () => {
            const e = await evaluateStackOnce(stack);
            const kept = new Set(retained(e));
            for (const r of e.resources.filter((r) => STATEFUL.includes(r.type)))
                assert.ok(kept.has(r.name), `${r.name} (${r.type}) would be deleted by a destroy`);
            // What a kept database runs in stays too; the rest of the network goes.
            for (const name of [`${stack}-network-vpc`, `${stack}-network-isolated-1`, `${stack}-network-database-sg`])
                assert.ok(kept.has(name), name);
            assert.ok(!kept.has(`${stack}-network-private-1`));
            assert.ok(!kept.has(`${stack}-seed-db-function`));
            for (const repo of ofType(e, "aws:ecr/repository:Repository")) assert.equal(repo.inputs.forceDelete, false);
            for (const bucket of ofType(e, "aws:s3/bucket:Bucket")) assert.equal(bucket.inputs.forceDestroy, false);
            assert.equal(named(e, `${stack}-db-instance`).inputs.deletionProtection, true);
            assert.equal(named(e, `${stack}-thumbnail-records`).inputs.deletionProtectionEnabled, true);
        });
    }

    describe("config", () => {
        const parse = (extra: Record<string, string>) =>
            parseEnvironmentConfig(
                { "aws:region": "eu-west-1", "paas:functions": '{"alarms":false}', ...extra },
                "paas",
                "test",
            );
        it("defaults to retain", () => assert.equal(parse({}).removal, "retain"));
        it("rejects an unknown policy, naming the key", () => {
            assert.throws(
                () => parse({ "paas:removal": "delete" }),
                (e: InvalidArgsError) => e.issues.some((i) => i.argument === "paas:removal"),
            );
        });
        it("rejects remove with deletion protection on, which would fail the destroy", () => {
            assert.throws(
                () => parse({ "paas:removal": "remove", "paas:database": '{"deletionProtection":true}' }),
                (e: InvalidArgsError) => e.issues.some((i) => i.argument === "paas:database.deletionProtection"),
            );
        });
    });
});

describe("account-wide singletons", () => {
    it("exactly one stack (prod) owns API Gateway's account logging role, and keeps it on destroy", async () => {
        const owners: string[] = [];
        for (const stack of ["dev", "staging", "prod"]) {
            const accounts = ofType(await evaluateStackOnce(stack), "aws:apigateway/account:Account");
            if (accounts.length > 0) owners.push(stack);
            for (const account of accounts) assert.equal(account.options?.retainOnDelete, true);
        }
        assert.deepEqual(owners, ["prod"]);
    });
});
