import * as assert from "assert/strict";
import * as path from "path";
import type { Policies } from "@pulumi/policy";
import { toPolicies } from "../../policy/pack";
import { RULES } from "../../policy/rules";
import { evaluateStack } from "../../tools/offline/evaluate";
import { checkEvaluation, loadPolicyConfig } from "../../tools/policy/check";
import { enforcementLevel, runPolicies } from "../../tools/policy/engine";
import { main } from "../../tools/policy";
import { renderReport } from "../../tools/policy/report";
import { evaluateStackOnce } from "../support/harness";

const BAD_PROGRAM = path.join(__dirname, "fixtures", "bad-program");

describe("offline policy runner", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(`passes every mandatory rule on ${stack}${stack === "prod" ? ", and every rule at all" : ""}`, async () => {
            const run = checkEvaluation(await evaluateStackOnce(stack), loadPolicyConfig(stack).levels);
            const mandatory = run.violations.filter((v) => v.level === "mandatory");
            assert.deepEqual(
                mandatory.map((v) => `${v.policy}: ${v.resource?.name}`),
                [],
            );
            assert.equal(run.policies, RULES.length);
            if (stack === "prod") assert.deepEqual(run.violations, []);
            if (stack === "dev") {
                assert.ok(run.disabled.includes("rds-multi-az"));
                assert.ok(run.violations.some((v) => v.policy === "rds-backups" && v.level === "advisory"));
            }
        });
    }

    describe("on a deliberately bad program", () => {
        let report: string;
        let run: ReturnType<typeof checkEvaluation>;
        before(async () => {
            run = checkEvaluation(
                await evaluateStack("test", { dir: BAD_PROGRAM }),
                loadPolicyConfig("test", BAD_PROGRAM).levels,
            );
            report = renderReport(run, "bad-program/test", "none");
        });

        const expected: [string, string, RegExp][] = [
            ["rds-not-public", "public-db", /publiclyAccessible is true/],
            ["rds-storage-encrypted", "public-db", /not encrypted/],
            ["rds-managed-password", "public-db", /master password is given/],
            ["rds-subnet-group-two-azs", "one-az", /1 subnet\(s\) span 1 AZ/],
            ["no-public-ingress", "ssh-from-anywhere", /ingress from 0\.0\.0\.0\/0/],
            ["iam-no-wildcard-actions", "everything", /allows \*/],
            ["iam-no-admin-policies", "admin", /AdministratorAccess/],
            ["lambda-no-secrets-in-environment", "fn-a", /DB_PASSWORD looks like a secret/],
            ["lambda-supported-runtime", "fn-a", /nodejs16\.x/],
            ["iam-one-role-per-function", "fn-a", /shared with fn-b/],
            ["lambda-log-retention", "fn-a", /no log group/],
            ["s3-public-access-blocked", "open-bucket", /public access is not blocked/],
            ["subnet-no-public-ip", "only-subnet", /assigns public IPs/],
            ["subnet-cidr-valid", "outside-subnet", /outside the VPC's 10\.0\.0\.0\/16/],
            ["vpc-flow-logs", "vpc", /no flow logs/],
            ["stack-outputs-no-secrets", "", /output dbPassword/],
        ];
        for (const [policy, resource, message] of expected) {
            it(`reports ${policy}${resource ? ` on ${resource}` : ""}`, () => {
                const v = run.violations.find((x) => x.policy === policy && (x.resource?.name ?? "") === resource);
                assert.ok(
                    v,
                    `missing; got: ${run.violations.map((x) => `${x.policy}@${x.resource?.name}`).join(", ")}`,
                );
                assert.equal(v.level, "mandatory");
                assert.match(v.message, message);
            });
        }

        it("groups the report by severity, naming rule, resource, type and fix", () => {
            assert.match(
                report,
                /^Policy pack: \d+ policies over \d+ resources of bad-program\/test\n {2}enforcement config: none\n {2}\d+ mandatory violation\(s\)/,
            );
            assert.ok(
                report.indexOf("\nCRITICAL\n") < report.indexOf("\nHIGH\n") &&
                    report.indexOf("\nHIGH\n") < report.indexOf("\nMEDIUM\n"),
            );
            assert.match(
                report,
                / {2}\[mandatory\] rds-not-public: public-db \(aws:rds\/instance:Instance\)\n {6}publiclyAccessible is true\. Fix: Set publiclyAccessible: false/,
            );
            assert.match(report, /FAILED: \d+ mandatory violation\(s\)$/);
        });

        it("runs as npm run policy -- --dir, exiting 1 on mandatory violations", async () => {
            const printed: string[] = [];
            assert.equal(
                await main(["--dir", BAD_PROGRAM, "--stack", "test"], {
                    out: (t) => printed.push(t),
                    err: (t) => printed.push(t),
                }),
                1,
            );
            assert.match(printed.join("\n"), /\[mandatory\] no-public-ingress: ssh-from-anywhere/);
            assert.match(printed.join("\n"), /enforcement config: none \(no policy\/config\/test\.json\)/);
        });
    });

    it("names the enforcement config it read, or that none was", () => {
        assert.equal(loadPolicyConfig("prod").source, path.join("policy", "config", "prod.json"));
        assert.match(loadPolicyConfig("test", BAD_PROGRAM).source, /^none /);
        assert.throws(() => loadPolicyConfig("prod", undefined, path.join(BAD_PROGRAM, "missing.json")), /--config/);
    });

    describe("enforcement levels, as the engine applies them", () => {
        const policies = toPolicies(RULES.filter((r) => r.name === "rds-multi-az" || r.name === "rds-backups"));
        const db = {
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
        const levels = (config: Parameters<typeof runPolicies>[3], pols: Policies = policies) =>
            runPolicies(pols, [db], {}, config)
                .violations.map((v) => `${v.policy}:${v.level}`)
                .sort();

        it("uses each policy's default when the config is silent", () =>
            assert.deepEqual(levels({}), ["rds-backups:mandatory", "rds-multi-az:mandatory"]));
        it("skips disabled policies and reports advisory ones without failing", () => {
            assert.deepEqual(levels({ "rds-multi-az": "disabled", "rds-backups": { enforcementLevel: "advisory" } }), [
                "rds-backups:advisory",
            ]);
        });
        it("applies `all`, and a policy's own entry over it", () => {
            assert.deepEqual(levels({ all: "advisory", "rds-multi-az": "mandatory" }), [
                "rds-backups:advisory",
                "rds-multi-az:mandatory",
            ]);
            assert.equal(enforcementLevel("x", "mandatory", { all: "disabled" }), "disabled");
        });
        it("skips resources of other types without calling the policy (type filter), and reports a failing policy", () => {
            const throwing: Policies = [
                {
                    name: "boom",
                    description: "d",
                    enforcementLevel: "mandatory",
                    validateResource: () => {
                        throw new Error("bug");
                    },
                },
            ];
            const run = runPolicies(throwing, [db], {});
            assert.deepEqual(
                run.violations.map((v) => v.message),
                ["the policy failed: bug"],
            );
            const typed: Policies = [
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
            ];
            assert.deepEqual(runPolicies(typed, [db], {}).violations, []);
        });
    });
});
