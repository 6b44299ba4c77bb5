import * as assert from "assert/strict";
import { Evaluation, RecordedResource } from "../../tools/offline/evaluate";
import { diffValues, planChanges } from "../../tools/preview/diff";
import { recordedResource } from "../support/records";

const resource = (name: string, type: string, inputs: Record<string, unknown>, extra: Partial<RecordedResource> = {}) =>
    recordedResource(type, name, { urn: `urn:pulumi:prod::paas::${type}::${name}`, inputs, ...extra });
const evaluation = (...resources: RecordedResource[]): Evaluation => ({
    project: "paas",
    stack: "prod",
    resources,
    outputs: {},
});

const OPTIONS = {
    protect: false,
    retainOnDelete: false,
    ignoreChanges: ["snapshot"],
    replaceOnChanges: ["size"],
    customTimeouts: {},
    additionalSecretOutputs: [],
};
const RULES = { "test:index:Db": ["dbName"], "test:index:Group": ["name"], "test:index:Fn": [] };

describe("change plan (pure)", () => {
    it("leaf paths of a difference, through objects and equal-length lists", () => {
        assert.deepEqual(diffValues({ a: 1, b: { c: [1, 2] }, d: [1] }, { a: 1, b: { c: [1, 3] }, d: [1, 2] }, ""), [
            { path: "b.c[1]", before: 2, after: 3 },
            { path: "d", before: [1], after: [1, 2] },
        ]);
    });

    it("a replaced resource replaces the dependents whose replacing inputs come from it", () => {
        const db = (dbName: string) => resource("db", "test:index:Db", { dbName });
        const group = resource(
            "logs",
            "test:index:Group",
            { name: "/db/logs" },
            {
                propertyDependencies: { name: ["urn:pulumi:prod::paas::test:index:Db::db"] },
            },
        );
        const fn = resource(
            "fn",
            "test:index:Fn",
            { env: "x" },
            {
                propertyDependencies: { env: ["urn:pulumi:prod::paas::test:index:Db::db"] },
            },
        );
        const plan = planChanges(evaluation(db("a"), group, fn), evaluation(db("b"), group, fn), RULES);
        assert.deepEqual(
            plan.changes.map((c) => [c.name, c.kind, c.replacedWith]),
            [
                ["db", "replace", undefined],
                ["logs", "replace", ["db"]],
            ],
        );
        assert.equal(plan.summary.same, 1, "a non-replacing input from it does not force anything");
    });

    it("honours ignoreChanges and replaceOnChanges, and blocks stateful deletes unless allowed", () => {
        const before = evaluation(
            resource(
                "db",
                "test:index:Db",
                { dbName: "a", snapshot: "s1", size: 1 },
                {
                    options: OPTIONS,
                },
            ),
            resource("bucket", "aws:s3/bucket:Bucket", {}),
            resource("queue", "aws:sqs/queue:Queue", {}),
        );
        const after = evaluation(
            resource(
                "db",
                "test:index:Db",
                { dbName: "a", snapshot: "s2", size: 2 },
                {
                    options: OPTIONS,
                },
            ),
        );
        const plan = planChanges(before, after, RULES, ["queue"]);
        const db = plan.changes.find((c) => c.name === "db")!;
        assert.equal(db.kind, "replace");
        assert.deepEqual(
            db.inputs.map((i) => i.path),
            ["size"],
        );
        assert.deepEqual(plan.blocked, [{ name: "bucket", type: "aws:s3/bucket:Bucket", kind: "delete" }]);
    });
});
