import * as assert from "assert/strict";
import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource } from "../../tools/offline/evaluate";
import { PackDefinition, PolicyConfig, failed, reconcileConfig, runPack } from "../../tools/policy/engine";
import { evaluateProgram } from "../support/harness";

const db: RecordedResource = {
    urn: "urn:pulumi:s::p::aws:rds/instance:Instance::db",
    type: "aws:rds/instance:Instance",
    name: "db",
    custom: true,
    dependencies: [],
    propertyDependencies: {},
    secretInputs: [],
    id: "db",
    outputs: {},
    inputs: { multiAz: false, backupRetentionPeriod: 1 },
};
const subject = { resources: [db], outputs: {} };
const reportAll = (name: string, extra: object = {}): Policies[number] => ({
    name,
    description: `${name} description`,
    validateResource: (_args, report) => report(`${name} fired`),
    ...extra,
});
const levels = async (pack: PackDefinition, config: PolicyConfig = {}) =>
    (await runPack(pack, subject, config)).violations.map((v) => `${v.policy}:${v.level}`).sort();

describe("policy engine (as the Pulumi engine runs a pack)", () => {
    describe("enforcement levels", () => {
        const policies = [reportAll("a"), reportAll("b", { enforcementLevel: "mandatory" })];

        it("applies the pack's default level, and the engine's (advisory) when the pack has none", async () => {
            assert.deepEqual(await levels({ name: "p", policies }), ["a:advisory", "b:mandatory"]);
            assert.deepEqual(await levels({ name: "p", policies, enforcementLevel: "mandatory" }), [
                "a:mandatory",
                "b:mandatory",
            ]);
        });
        it("applies `all`, then each policy's entry; skips disabled ones; reports remediate as mandatory", async () => {
            const pack = { name: "p", policies };
            assert.deepEqual(await levels(pack, { all: "disabled", b: "advisory" }), ["b:advisory"]);
            assert.deepEqual(await levels(pack, { a: { enforcementLevel: "remediate" }, b: "disabled" }), [
                "a:mandatory",
            ]);
        });
        it("puts the pack's own initial config (new PolicyPack's third argument) under the file's", async () => {
            const pack = { name: "p", policies, initialConfig: { all: "mandatory" } as PolicyConfig };
            assert.deepEqual(await levels(pack), ["a:mandatory", "b:mandatory"]);
            assert.deepEqual(await levels(pack, { a: "advisory" }), ["a:advisory", "b:mandatory"]);
        });
        it("takes a violation's own level and policy name when reported as an object", async () => {
            const pack = {
                name: "p",
                enforcementLevel: "mandatory" as const,
                policies: [
                    {
                        name: "obj",
                        description: "d",
                        validateResource: (_a, report) =>
                            report({ name: "obj", message: "soft", enforcementLevel: "advisory" } as never),
                    },
                ] as Policies,
            };
            assert.deepEqual(await levels(pack), ["obj:advisory"]);
        });
    });

    describe("config", () => {
        const seen: unknown[] = [];
        const pack: PackDefinition = {
            name: "p",
            policies: [
                {
                    name: "limits",
                    description: "d",
                    configSchema: {
                        properties: {
                            max: { type: "number", minimum: 1, default: 5 },
                            mode: { type: "string", enum: ["strict", "loose"] },
                        },
                    },
                    validateResource: (args) => void seen.push(args.getConfig()),
                },
            ],
        };

        it("gives policies their config schema's defaults, with the file's values over them", async () => {
            seen.length = 0;
            await runPack(pack, subject, {});
            await runPack(pack, subject, { limits: { enforcementLevel: "mandatory", max: 7, mode: "loose" } });
            assert.deepEqual(seen, [{ max: 5 }, { max: 7, mode: "loose" }]);
        });
        it("rejects a config the schema rejects before any policy runs, naming the policy, the key and the file", () => {
            assert.throws(
                () => reconcileConfig(pack, { limits: { max: 0, mode: "fast" } }, "ci.json"),
                /ci\.json is invalid for pack p:\n {2}limits: max: must be >= 1\n {2}limits: mode: must be one of "strict", "loose"/,
            );
        });
    });

    describe("asynchronous and failing policies", () => {
        const later = () => new Promise((r) => setTimeout(r, 1));
        const pack: PackDefinition = {
            name: "p",
            version: "1.0.0",
            enforcementLevel: "mandatory",
            policies: [
                {
                    name: "late-resource",
                    description: "d",
                    validateResource: async (_args, report) => {
                        await later();
                        report("reported after an await");
                    },
                },
                {
                    name: "late-stack",
                    description: "d",
                    validateStack: async (args, report) => {
                        await later();
                        report("stack reported after an await", args.resources[0].urn);
                    },
                },
                {
                    name: "throws",
                    description: "d",
                    validateResource: () => {
                        throw new Error("bug in the policy");
                    },
                },
                {
                    name: "rejects",
                    description: "d",
                    validateStack: async () => {
                        await later();
                        throw new Error("async bug");
                    },
                },
            ],
        };

        it("awaits them: violations reported after an await count", async () => {
            const run = await runPack(pack, subject);
            assert.deepEqual(
                run.violations.map((v) => `${v.policy}: ${v.message} @ ${v.resource?.name}`),
                ["late-resource: reported after an await @ db", "late-stack: stack reported after an await @ db"],
            );
        });
        it("reports a policy that throws or rejects as that policy's error, which fails the run", async () => {
            const run = await runPack(pack, subject);
            assert.deepEqual(
                run.errors.map((e) => [e.policy, e.resource?.name, e.message]),
                [
                    [
                        "throws",
                        "db",
                        "Error validating resource with policy 'throws' from policy pack 'p@v1.0.0': bug in the policy",
                    ],
                    [
                        "rejects",
                        undefined,
                        "Error validating stack with policy 'rejects' from policy pack 'p@v1.0.0': async bug",
                    ],
                ],
            );
            assert.equal(failed(run), true);
        });
    });

    it("runs remediations first: validations see the remediated inputs, the recorded ones stay as they were", async () => {
        const pack: PackDefinition = {
            name: "p",
            enforcementLevel: "mandatory",
            policies: [
                {
                    name: "tag-it",
                    description: "d",
                    enforcementLevel: "remediate",
                    remediateResource: Object.assign(
                        (args: { props: Record<string, unknown> }) => ({ ...args.props, tags: { Owner: "ops" } }),
                        { __pulumiType: db.type },
                    ),
                    validateResource: () => {},
                },
                {
                    name: "needs-owner",
                    description: "d",
                    validateResource: (args, report) => {
                        if (!(args.props as { tags?: { Owner?: string } }).tags?.Owner) report("no Owner tag");
                    },
                },
            ] as Policies,
        };
        const run = await runPack(pack, subject);
        assert.deepEqual(run.violations, []);
        assert.deepEqual(
            run.remediations.map((r) => `${r.policy}: ${r.resource.name}`),
            ["tag-it: db"],
        );
        assert.equal((db.inputs as { tags?: unknown }).tags, undefined);
        assert.deepEqual(
            (await runPack({ ...pack, policies: pack.policies.slice(1) }, subject)).violations.map((v) => v.message),
            ["no Owner tag"],
        );
    });

    it("skips other types without calling a single typed validation, and honours notApplicable", async () => {
        const pack: PackDefinition = {
            name: "p",
            policies: [
                {
                    name: "typed",
                    description: "d",
                    validateResource: Object.assign(
                        () => {
                            throw new Error("called");
                        },
                        { __pulumiType: "aws:s3/bucket:Bucket" },
                    ),
                },
                { name: "na", description: "d", validateResource: (args) => args.notApplicable("not mine") },
            ],
        };
        const run = await runPack(pack, subject);
        assert.deepEqual([run.violations, run.errors], [[], []]);
    });

    describe("resource options and providers, as the engine passes them", () => {
        let seen: {
            name: string;
            opts: PolicyResourceOptions;
            provider?: { type: string; name: string; props: Record<string, unknown> };
        }[];
        let stackView: PolicyResource[];
        before(async () => {
            const evaluation = await evaluateProgram(() => {
                const parent = new pulumi.ComponentResource("test:index:Group", "group");
                const eu = new aws.Provider("eu", { region: "eu-central-1" });
                const logs = new aws.cloudwatch.LogGroup(
                    "kept",
                    { retentionInDays: 7 },
                    { parent, protect: true, ignoreChanges: ["tags"], customTimeouts: { delete: "10m" } },
                );
                new aws.sqs.Queue("queue", {}, { provider: eu, dependsOn: [logs], deleteBeforeReplace: true });
            });
            seen = [];
            const pack: PackDefinition = {
                name: "p",
                policies: [
                    {
                        name: "capture",
                        description: "d",
                        validateResource: (args) =>
                            void seen.push({ name: args.name, opts: args.opts, provider: args.provider }),
                    },
                    { name: "stack", description: "d", validateStack: (args) => void (stackView = args.resources) },
                ],
            };
            await runPack(pack, { ...evaluation, config: { "aws:region": "eu-west-1" } });
        });

        it("passes protect, parent, ignoreChanges, custom timeouts and deleteBeforeReplace in args.opts", () => {
            const kept = seen.find((s) => s.name === "kept")!;
            assert.equal(kept.opts.protect, true);
            assert.match(kept.opts.parent!, /test:index:Group::group$/);
            assert.deepEqual(kept.opts.ignoreChanges, ["tags"]);
            assert.equal(kept.opts.customTimeouts.deleteSeconds, 600);
            assert.equal(kept.opts.deleteBeforeReplace, undefined);
            const queue = seen.find((s) => s.name === "queue")!;
            assert.deepEqual([queue.opts.protect, queue.opts.deleteBeforeReplace], [false, true]);
        });
        it("passes the explicit provider, else the default provider with the stack's aws: config", () => {
            const queue = seen.find((s) => s.name === "queue")!;
            assert.deepEqual(
                [queue.provider?.type, queue.provider?.name, queue.provider?.props.region],
                ["pulumi:providers:aws", "eu", "eu-central-1"],
            );
            const kept = seen.find((s) => s.name === "kept")!;
            assert.match(kept.provider!.name, /^default_7_\d+_\d+$/);
            assert.equal(kept.provider!.props.region, "eu-west-1");
        });
        it("gives stack policies each resource's parent and dependsOn as resources", () => {
            const queue = stackView.find((r) => r.name === "queue")!;
            assert.deepEqual(
                queue.dependencies.map((d) => d.name),
                ["kept"],
            );
            assert.equal(stackView.find((r) => r.name === "kept")!.parent?.name, "group");
        });
    });
});
