import * as assert from "assert/strict";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { LambdaTarget, RestApi, Route } from "../../components/index";
import { Evaluation } from "../../tools/offline/evaluate";
import { REPO_ROOT } from "../../tools/paths";
import { BLOCKED_EXIT_CODE, main } from "../../tools/preview";
import { ChangePlan, planChanges } from "../../tools/preview/diff";
import { replaceRuleTable } from "../../tools/preview/replace-rules";
import { evaluateProgram } from "../support/harness";

/** Runs the preview CLI, capturing what it prints. */
async function preview(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

type StackFile = Record<string, Record<string, unknown> | string | number>;

/** A copy of the project's prod stack (same program) whose config `edit` changes. */
function editedProject(edit: (config: StackFile) => void): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-diff-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: paas\nmain: ${path.join(REPO_ROOT, "stacks")}/\n`);
    const doc = yaml.load(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8")) as { config: StackFile };
    edit(doc.config);
    fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), yaml.dump(doc));
    return dir;
}

describe("offline change preview (--against a baseline)", () => {
    let baseline: string;
    const dirs: string[] = [];
    before(async () => {
        const recorded = await preview(["--stack", "prod", "--format", "json"]);
        assert.equal(recorded.code, 0);
        baseline = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "paas-baseline-")), "baseline.json");
        fs.writeFileSync(baseline, recorded.out);
        dirs.push(path.dirname(baseline));
    });
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("reports no changes against the same code and config", async () => {
        const { code, out } = await preview(["--stack", "prod", "--against", baseline]);
        assert.equal(code, 0, out);
        assert.match(out, /no changes/);
    });

    it("a changed paas:database.databaseName replaces the prod database instance, and exits non-zero naming it", async () => {
        const dir = editedProject((c) => ((c["paas:database"] as Record<string, unknown>).databaseName = "ledger"));
        dirs.push(dir);
        const { code, out } = await preview(["--stack", "prod", "--dir", dir, "--against", baseline]);
        assert.equal(code, BLOCKED_EXIT_CODE, out);
        assert.match(out, /\+- aws:rds\/instance:Instance {2}prod-db-instance {2}replace \[diff: .*~dbName/);
        assert.match(out, / {6}~ dbName: "accounts" => "ledger" {2}\(forces replacement\)/);
        // The instance and, named after it, its log groups.
        assert.match(out, /error: 3 stateful resource\(s\) would be replaced or deleted/);
        assert.match(out, /prod-db-instance \(aws:rds\/instance:Instance\): replace/);

        // Accepting all three: exit 0, and the JSON plan still reports the replacement, with the forcing input.
        const allowed = ["prod-db-instance", "prod-db-error-logs", "prod-db-slowquery-logs"];
        const json = await preview([
            ...["--stack", "prod", "--dir", dir, "--against", baseline, "--format", "json"],
            ...allowed.flatMap((n) => ["--allow-replace", n]),
        ]);
        assert.equal(json.code, 0, json.out);
        const plan = JSON.parse(json.out) as ChangePlan;
        const instance = plan.changes.find((c) => c.name === "prod-db-instance")!;
        assert.equal(instance.kind, "replace");
        assert.ok(instance.inputs.some((i) => i.path === "dbName" && i.forcesReplacement));
        assert.deepEqual(plan.blocked, []);
        assert.deepEqual(
            plan.changes.filter((c) => c.stateful && c.kind === "replace").map((c) => c.name),
            ["prod-db-error-logs", "prod-db-slowquery-logs", "prod-db-instance"],
        );
    });

    it("a changed log retention is an update of the log groups, and exits 0", async () => {
        const dir = editedProject((c) => (c["paas:logRetentionInDays"] = 400));
        dirs.push(dir);
        const { code, out } = await preview([
            "--stack",
            "prod",
            "--dir",
            dir,
            "--against",
            baseline,
            "--format",
            "json",
        ]);
        assert.equal(code, 0, out);
        const plan = JSON.parse(out) as ChangePlan;
        assert.equal(plan.summary.replace, 0);
        assert.equal(plan.summary.delete, 0);
        const logGroups = plan.changes.filter((c) => c.type === "aws:cloudwatch/logGroup:LogGroup");
        assert.ok(logGroups.length >= 5, `${logGroups.length} log groups changed`);
        for (const c of logGroups) {
            assert.equal(c.kind, "update");
            assert.deepEqual(c.inputs, [
                { path: "retentionInDays", before: 365, after: 400, forcesReplacement: false },
            ]);
        }
    });

    it("a removed route is a delete of its method, integration and responses", async () => {
        const target: LambdaTarget = {
            functionName: "accounts",
            invokeArn:
                "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:accounts/invocations",
            timeout: 10,
        };
        const api = (routes: Route[]) => () => {
            new RestApi("api", { stageName: "v1", routes });
            return {};
        };
        const list: Route = { method: "GET", path: "/", target, contentType: "text/html" };
        const one: Route = { method: "GET", path: "/accounts/{id}", target };
        const before: Evaluation = await evaluateProgram(api([list, one]));
        const after: Evaluation = await evaluateProgram(api([list]));
        const plan = planChanges(before, after, replaceRuleTable());
        const deleted = plan.changes.filter((c) => c.kind === "delete").map((c) => c.type.split(":").pop());
        for (const type of ["Method", "Integration", "MethodResponse", "IntegrationResponse", "Permission", "Resource"])
            assert.ok(deleted.includes(type), `no ${type} deleted: ${deleted.join(", ")}`);
        assert.ok(plan.changes.every((c) => c.kind !== "delete" || c.name.includes("accounts")));
        // A changed definition is a new deployment (its triggers force the replacement).
        assert.ok(plan.changes.some((c) => c.name === "api-deployment" && c.kind === "replace"));
        assert.deepEqual(plan.blocked, []);
    });

    it("runs in the pull-request workflow against the base branch's baseline, for every stack", () => {
        const workflow = yaml.load(
            fs.readFileSync(path.join(REPO_ROOT, ".github", "workflows", "pull-request.yml"), "utf8"),
        ) as { jobs: Record<string, { strategy?: { matrix: { stack: string[] } }; steps: { run?: string }[] }> };
        const job = workflow.jobs["change-preview"];
        assert.deepEqual(job.strategy?.matrix.stack, ["dev", "staging", "prod"]);
        const runs = job.steps.map((s) => s.run ?? "").join("\n");
        assert.match(runs, /git worktree add \.\.\/base "origin\/\$BASE_REF"/);
        assert.match(runs, /--format json\) > baseline\.json/);
        assert.match(runs, /npm run -s preview -- --stack "\$STACK" --against baseline\.json/);
    });

    it("rejects a missing baseline with the command that records one", async () => {
        const { code, err } = await preview(["--stack", "prod", "--against", "/nonexistent/baseline.json"]);
        assert.equal(code, 2);
        assert.match(err, /npm run -s preview -- --stack prod --format json > /);
    });
});
