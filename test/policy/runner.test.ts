import * as assert from "assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RULES } from "../../policy/rules";
import { evaluateStack } from "../../tools/offline/evaluate";
import { checkEvaluation, loadPolicyConfig } from "../../tools/policy/check";
import { PolicyRun } from "../../tools/policy/engine";
import { SPEC, policyCommand } from "../../tools/policy";
import { usage } from "../../tools/cli";
import { renderReport } from "../../tools/policy/report";
import { evaluateStackOnce } from "../support/harness";

const BAD_PROGRAM = path.join(__dirname, "fixtures", "bad-program");
const STACKS = ["dev", "staging", "prod"] as const;

/** The advisory findings prod keeps, each a deliberate choice the README explains. */
const PROD_ADVISORIES = [
    "apigateway-methods-authorized",
    "rds-iam-authentication",
    "rds-enhanced-monitoring",
    "sns-encrypted",
    "s3-access-logging",
    // Threat protection needs Cognito's Plus feature plan, billed per user: off unless a stack sets it.
    "cognito-threat-protection",
];

const main = policyCommand((stack, dir) =>
    dir === path.resolve(__dirname, "../..") ? evaluateStackOnce(stack) : evaluateStack(stack, { dir }),
);

/** Runs the CLI with stacks evaluated once per test process; returns its exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

/**
 * What the Pulumi engine reports for @pulumi/awsguard 0.3.1 over each stack, read from AWSGuard's source:
 * every policy advisory (the pack's default; no config given), apigateway-endpoint-type with its schema
 * defaults (EDGE allowed, REGIONAL not), one report per missing cache setting.
 */
const AWSGUARD_EXPECTED: Record<(typeof STACKS)[number], string[]> = Object.fromEntries(
    STACKS.map((stack) => [
        stack,
        [
            `apigateway-endpoint-type@${stack}-api-api: must use a supported endpoint type [EDGE]. 'REGIONAL' is unsupported.`,
            `apigateway-method-cached-and-encrypted@${stack}-api-method-settings: API Gateway Method '*/*' must encrypt cached responses.`,
            `apigateway-method-cached-and-encrypted@${stack}-api-method-settings: API Gateway Method '*/*' must have caching enabled.`,
            `apigateway-stage-cached@${stack}-api-stage: API Gateway Stage '${stack}' must have a cache cluster enabled.`,
            ...(stack === "prod"
                ? []
                : [
                      `rds-instance-multi-az-enabled@${stack}-db-instance: RDS Instances must be configured with multiple AZs for highly available.`,
                  ]),
            `s3-bucket-logging-enabled@${stack}-thumbnails-bucket: Bucket logging must be defined.`,
            `s3-bucket-logging-enabled@${stack}-uploads-bucket: Bucket logging must be defined.`,
        ],
    ]),
) as never;

const awsguardFindings = (run: PolicyRun) =>
    run.violations
        .filter((v) => v.pack === "pulumi-awsguard")
        .map((v) => {
            assert.equal(v.level, "advisory", `${v.policy} on ${v.resource?.name}`);
            // The engine's provider Check fills autonamed names; offline they are absent (see README).
            return `${v.policy}@${v.resource?.name}: ${v.message.replace(/^API Gateway 'undefined' /, "")}`;
        })
        .sort();

describe("offline policy runner", () => {
    for (const stack of STACKS) {
        it(`passes every mandatory rule on ${stack}${stack === "prod" ? ", and every rule at all" : ""}`, async () => {
            const run = await checkEvaluation(await evaluateStackOnce(stack));
            const mandatory = run.violations.filter((v) => v.level === "mandatory");
            assert.deepEqual(
                mandatory.map((v) => `${v.policy}: ${v.resource?.name}`),
                [],
            );
            assert.deepEqual(run.errors, []);
            assert.equal(run.policies, RULES.length);
            assert.equal(run.packs[0].enforcement, `policy/config/${stack}.json`);
            if (stack === "prod")
                assert.deepEqual([...new Set(run.violations.map((v) => v.policy))].sort(), [...PROD_ADVISORIES].sort());
            if (stack === "dev") {
                assert.ok(run.disabled.includes("rds-multi-az"));
                assert.ok(run.violations.some((v) => v.policy === "rds-backups" && v.level === "advisory"));
            }
        });

        it(`runs @pulumi/awsguard through --pack on ${stack}, reporting what the engine would`, async () => {
            const { code, out } = await cli(
                "--stack",
                stack,
                "--pack",
                "policy",
                "--pack",
                "@pulumi/awsguard",
                "--format",
                "json",
            );
            const run = JSON.parse(out) as PolicyRun;
            assert.equal(code, 0);
            assert.deepEqual(
                run.packs.map((p) => [p.name, p.enforcementLevel, p.enforcement]),
                [
                    ["paas-aws", "mandatory", `policy/config/${stack}.json`],
                    ["pulumi-awsguard", "advisory", "none: every policy at its own level, else the pack's (advisory)"],
                ],
            );
            assert.deepEqual(awsguardFindings(run), AWSGUARD_EXPECTED[stack]);
            assert.deepEqual(run.errors, []);
        });
    }

    it("gives each --pack the --config in its position, and says which config ran", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
        const file = path.join(dir, "awsguard.json");
        fs.writeFileSync(
            file,
            JSON.stringify({ all: "mandatory", "apigateway-endpoint-type": { allowRegional: true } }),
        );
        try {
            const { code, out } = await cli("--stack", "prod", "--pack", "@pulumi/awsguard", "--config", file);
            assert.equal(code, 1);
            assert.match(
                out,
                /pack pulumi-awsguard@0\.3\.1: 26 policies, pack default advisory\n {4}enforcement config: \/\S+\/awsguard\.json\n/,
            );
            assert.match(out, /\[mandatory\] apigateway-stage-cached: prod-api-stage/);
            assert.doesNotMatch(out, /apigateway-endpoint-type/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("answers --help with its usage, and rejects an unknown option or format with it", async () => {
        assert.deepEqual(await cli("--help"), { code: 0, out: usage(SPEC), err: "" });
        assert.match(usage(SPEC), /--pack <folder\|package>.*\(repeatable\)/);
        const unknown = await cli("--stak", "dev");
        assert.equal(unknown.code, 2);
        assert.match(unknown.err, /Unknown option '--stak'[\s\S]*Usage: npm run -s policy/);
        assert.match((await cli("--format", "xml")).err, /--format: got "xml"\. Fix: use text or json\./);
        const noPack = await cli("--pack", "no-such-pack-anywhere");
        assert.equal(noPack.code, 2);
        assert.match(
            noPack.err,
            /^npm run -s policy --: --pack no-such-pack-anywhere: not installed\. Give a pack's folder \(with PulumiPolicy\.yaml\) or an installed package/,
        );
        assert.match((await cli("--config", "missing.json")).err, /--config: missing\.json does not exist/);
        assert.match((await cli("--config", "a.json", "--config", "b.json")).err, /one --config per --pack/);
    });

    it("names the enforcement config it read, or that none was", () => {
        assert.equal(loadPolicyConfig("prod").source, path.join("policy", "config", "prod.json"));
        assert.match(loadPolicyConfig("test", BAD_PROGRAM).source, /^none /);
        assert.throws(() => loadPolicyConfig("prod", undefined, path.join(BAD_PROGRAM, "missing.json")), /--config/);
    });

    describe("on a deliberately bad program", () => {
        let report: string;
        let run: PolicyRun;
        before(async () => {
            run = await checkEvaluation(await evaluateStack("test", { dir: BAD_PROGRAM }), BAD_PROGRAM);
            report = renderReport(run, "bad-program/test");
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
                /^Policy packs: \d+ policies over \d+ resources of bad-program\/test\n {2}pack paas-aws@0\.1\.0: \d+ policies, pack default mandatory\n {4}enforcement config: none \(no policy\/config\/test\.json\): every policy at its default level\n {2}\d+ mandatory violation\(s\)/,
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
            const { code, out } = await cli("--dir", BAD_PROGRAM, "--stack", "test");
            assert.equal(code, 1);
            assert.match(out, /\[mandatory\] no-public-ingress: ssh-from-anywhere/);
            assert.match(out, /enforcement config: none \(no policy\/config\/test\.json\)/);
        });
    });
});
