import * as assert from "assert/strict";
import * as aws from "../../components/aws";
import * as pulumi from "@pulumi/pulumi";
import { EvaluationError } from "../../tools/offline/evaluate";
import { evaluateProgram, named } from "../support/harness";

class Box extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Box", name);
        new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: true }, { parent: this });
        this.registerOutputs({});
    }
}

describe("offline evaluation harness", () => {
    it("records type, name, inputs and parent of every registration, and resolves outputs", async () => {
        const e = await evaluateProgram(() => {
            const box = new Box("box");
            return { urn: box.urn, answer: pulumi.output(42) };
        });
        const bucket = named(e, "box-bucket");
        assert.equal(bucket.type, "aws:s3/bucket:Bucket");
        assert.equal(bucket.inputs.forceDestroy, true);
        assert.equal(bucket.parent, named(e, "box").urn);
        assert.equal(bucket.custom, true);
        assert.equal(named(e, "box").custom, false);
        assert.equal(e.outputs.answer, 42);
        assert.match(String(e.outputs.urn), /\$test:index:Box::box$/);
    });

    it("fails on a provider call the mocks do not answer", async () => {
        await assert.rejects(
            evaluateProgram(() => ({ ami: aws.ec2.getAmiOutput({ owners: ["amazon"], mostRecent: true }).id })),
            /unmocked provider call aws:ec2\/getAmi:getAmi/,
        );
    });

    it("fails when the program throws, keeping what it had registered", async () => {
        try {
            await evaluateProgram(() => {
                new aws.s3.Bucket("first");
                throw new Error("boom");
            });
            assert.fail("expected a failure");
        } catch (e) {
            assert.ok(e instanceof EvaluationError);
            assert.equal(e.message, "boom");
            await new Promise((r) => setTimeout(r, 10));
            assert.ok(e.resources.some((r) => r.name === "first"));
        }
    });

    it("fails when an apply throws at deploy time", async () => {
        await assert.rejects(
            evaluateProgram(() => ({
                v: pulumi.output(1).apply(() => {
                    throw new Error("late failure");
                }),
            })),
            /late failure/,
        );
    });
});
