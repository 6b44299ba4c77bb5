import * as assert from "assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../tools/paths";

const WORKFLOWS_DIR = path.join(REPO_ROOT, ".github", "workflows");
const LINTER = path.join(REPO_ROOT, "scripts", "lint-workflows.js");

type Permissions = Record<string, "read" | "write" | "none">;
interface Job {
    uses?: string;
    with?: Record<string, unknown>;
    secrets?: Record<string, unknown> | "inherit";
    needs?: string | string[];
    if?: string;
    environment?: string;
    permissions?: Permissions;
    concurrency?: { group: string; "cancel-in-progress"?: boolean };
    strategy?: { matrix: Record<string, unknown[]> };
    steps?: { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> }[];
}
interface Workflow {
    on: Record<string, { inputs?: Record<string, { required?: boolean }>; secrets?: Record<string, unknown> } | null>;
    permissions?: Permissions;
    concurrency?: unknown;
    jobs: Record<string, Job>;
}

const workflowFiles = () => fs.readdirSync(WORKFLOWS_DIR).filter((name) => /\.ya?ml$/.test(name));
const load = (name: string) => yaml.load(fs.readFileSync(path.join(WORKFLOWS_DIR, name), "utf8")) as Workflow;
const stacks = () =>
    fs
        .readdirSync(REPO_ROOT)
        .flatMap((name) => /^Pulumi\.(.+)\.yaml$/.exec(name)?.[1] ?? [])
        .sort();
const stepsUsing = (job: Job, action: string) => (job.steps ?? []).filter((s) => s.uses?.startsWith(`${action}@`));

describe("GitHub workflows", () => {
    it("pass actionlint, every file in .github/workflows; and actionlint reports a broken workflow", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-workflows-"));
        try {
            const broken = path.join(dir, "broken.yml");
            fs.writeFileSync(
                broken,
                [
                    "on: push",
                    "jobs:",
                    "  build:",
                    "    runs-on: ubuntu-latest",
                    "    needs: setup",
                    "    permissions:",
                    "      id-tokens: write",
                    "    steps:",
                    "      - run: echo ${{ github.evnt }}",
                    "",
                ].join("\n"),
            );
            const run = spawnSync(process.execPath, [LINTER, WORKFLOWS_DIR, broken], { encoding: "utf8" });
            assert.equal(run.stderr, "");
            const findings = run.stdout.trim().split("\n");
            assert.deepEqual(
                findings.filter((line) => !line.startsWith(broken)),
                [],
                "findings in the project's workflows",
            );
            assert.match(run.stdout, /broken\.yml:3:3: job "build" needs job "setup" which does not exist/);
            assert.match(run.stdout, /broken\.yml:7:7: unknown permission scope "id-tokens"/);
            assert.match(run.stdout, /broken\.yml:9:\d+: property "evnt" is not defined/);
            assert.equal(run.status, 1);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("lints every file in the folder by default, and answers --help and an unknown option", () => {
        const clean = spawnSync(process.execPath, [LINTER], { encoding: "utf8" });
        assert.deepEqual([clean.status, clean.stdout, clean.stderr], [0, "", ""]);
        const help = spawnSync(process.execPath, [LINTER, "--help"], { encoding: "utf8" });
        assert.equal(help.status, 0);
        assert.match(help.stdout, /^Usage: npm run -s lint:workflows/);
        const unknown = spawnSync(process.execPath, [LINTER, "--fix"], { encoding: "utf8" });
        assert.equal(unknown.status, 2);
        assert.match(unknown.stderr, /^npm run -s lint:workflows: Unknown option '--fix'\n\nUsage:/);
    });

    it("grant permissions per job, none for the whole workflow", () => {
        for (const file of workflowFiles()) {
            const workflow = load(file);
            assert.deepEqual(workflow.permissions, {}, `${file}: permissions: {} at the top, each job its own`);
            for (const [name, job] of Object.entries(workflow.jobs))
                assert.ok(job.permissions, `${file}: job ${name} declares its permissions`);
        }
    });

    it("call reusable workflows with their inputs and no more permissions than the caller has", () => {
        const order = { none: 0, read: 1, write: 2 };
        for (const file of workflowFiles())
            for (const [name, job] of Object.entries(load(file).jobs)) {
                if (!job.uses?.startsWith("./.github/workflows/")) continue;
                const calledFile = path.basename(job.uses);
                const called = load(calledFile);
                const declared = called.on.workflow_call?.inputs ?? {};
                const given = Object.keys(job.with ?? {});
                for (const input of given)
                    assert.ok(input in declared, `${file}: ${name} passes unknown input ${input}`);
                for (const [input, spec] of Object.entries(declared))
                    if (spec.required) assert.ok(given.includes(input), `${file}: ${name} omits input ${input}`);
                assert.equal(job.secrets, undefined, `${file}: ${name} passes no secrets (environments hold them)`);
                for (const [calledName, calledJob] of Object.entries(called.jobs))
                    for (const [scope, level] of Object.entries(calledJob.permissions ?? {}))
                        assert.ok(
                            order[job.permissions?.[scope] ?? "none"] >= order[level],
                            `${file}: ${name} grants ${scope}: ${level} that ${calledFile}'s job ${calledName} needs`,
                        );
            }
    });

    it("deploy every stack in turn, each in its GitHub environment with its deploy role and its own concurrency group", () => {
        const deploy = load("deploy.yml");
        assert.equal(deploy.concurrency, undefined, "no workflow-wide group: dev and staging never wait for prod");
        const chain = ["dev", "staging", "prod"];
        assert.deepEqual([...chain].sort(), stacks());
        chain.forEach((stack, i) => {
            const job = deploy.jobs[stack];
            assert.equal(job.uses, "./.github/workflows/pulumi-up.yml");
            assert.deepEqual(job.with, { stack });
            assert.equal(job.needs, i === 0 ? "test" : chain[i - 1]);
        });

        const up = load("pulumi-up.yml").jobs.up;
        assert.equal(up.environment, "${{ inputs.stack }}");
        assert.deepEqual(up.concurrency, { group: "pulumi-up-${{ inputs.stack }}", "cancel-in-progress": false });
        const [credentials] = stepsUsing(up, "aws-actions/configure-aws-credentials");
        assert.equal(credentials.with?.["role-to-assume"], "${{ vars.AWS_DEPLOY_ROLE_ARN }}");
        const [pulumi] = stepsUsing(up, "pulumi/actions");
        assert.equal(pulumi.with?.command, "up");
        assert.equal(pulumi.env?.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
    });

    it("preview every stack on pull requests outside any environment, with the read-only preview role and token", () => {
        const preview = load("pull-request.yml").jobs.preview;
        assert.equal(preview.environment, undefined, "an environment would make the OIDC subject environment:<name>");
        assert.deepEqual([...(preview.strategy?.matrix.stack ?? [])].sort(), stacks());
        assert.deepEqual(preview.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
        const [credentials] = stepsUsing(preview, "aws-actions/configure-aws-credentials");
        assert.equal(
            credentials.with?.["role-to-assume"],
            "${{ vars[format('AWS_PREVIEW_ROLE_ARN_{0}', matrix.stack)] }}",
        );
        const [pulumi] = stepsUsing(preview, "pulumi/actions");
        assert.equal(pulumi.with?.command, "preview");
        assert.equal(pulumi.env?.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_PREVIEW_ACCESS_TOKEN }}");
    });

    it("policy:all answers --help, and rejects an option (its stacks are every Pulumi.<stack>.yaml)", () => {
        const script = path.join(REPO_ROOT, "scripts", "policy-all.sh");
        const help = spawnSync("bash", [script, "--help"], { encoding: "utf8" });
        assert.equal(help.status, 0);
        assert.match(help.stdout, /^Usage: npm run -s policy:all/);
        const option = spawnSync("bash", [script, "--stack", "prod"], { encoding: "utf8" });
        assert.equal(option.status, 2);
        assert.match(option.stderr, /^npm run -s policy:all: Unknown option '--stack'\n\nUsage:/);
    });

    it("run the same npm scripts as .ci/run, the README's test command first", () => {
        const ciRun = fs
            .readFileSync(path.join(REPO_ROOT, ".ci", "run"), "utf8")
            .split("\n")
            .filter((line) => line.startsWith("npm "));
        assert.deepEqual(ciRun, ["npm test", "npm run -s policy:all"]);
        const testJob = load("test.yml").jobs.test;
        assert.deepEqual(
            (testJob.steps ?? []).flatMap((step) => step.run ?? []),
            ciRun,
        );
        for (const file of ["pull-request.yml", "deploy.yml"])
            assert.equal(load(file).jobs.test.uses, "./.github/workflows/test.yml", file);
    });

    it("use the current major of the Pulumi action (v7: Node.js 24 runtime)", () => {
        const pulumiSteps = workflowFiles().flatMap((file) =>
            Object.values(load(file).jobs).flatMap((job) => stepsUsing(job, "pulumi/actions")),
        );
        assert.ok(pulumiSteps.length >= 2);
        for (const step of pulumiSteps) assert.equal(step.uses, "pulumi/actions@v7");
    });
});
