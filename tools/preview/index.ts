/**
 * `npm run preview`: what `pulumi preview` would create for a stack, offline; with `--against <baseline>`,
 * what it would change (see SPEC, or `--help`).
 */
import * as fs from "fs";
import * as path from "path";
import { CliOutput, CommandSpec, STACK_OPTIONS, UsageError, command, runAsScript } from "../cli";
import { REPO_ROOT } from "../paths";
import type { Evaluation } from "../offline/evaluate";
import { readProject, readStackConfig } from "../offline/project";

const FORMATS = ["tree", "mermaid", "json"] as const;

export const SPEC: CommandSpec = {
    command: "npm run -s preview --",
    summary:
        "What `pulumi preview` would create for a stack, computed offline under Pulumi's mocks: no CLI, no cloud, " +
        "no credentials. The tree also carries the policy pack's results.",
    options: {
        ...STACK_OPTIONS,
        format: {
            type: "string",
            placeholder: FORMATS.join("|"),
            default: "tree",
            description:
                "tree: resources and policy results; mermaid: the architecture diagram; json: every resource and its inputs.",
        },
        against: {
            type: "string",
            placeholder: "<baseline.json>",
            description:
                "Preview the changes from a baseline (an earlier --format json): each resource created, updated, " +
                "replaced (with the inputs that force it) or deleted, as text or --format json. Exits 3 when a " +
                "stateful resource would be replaced or deleted.",
        },
        "allow-replace": {
            type: "string",
            placeholder: "<name>",
            multiple: true,
            description: "With --against: accept the replacement or deletion of this stateful resource.",
        },
    },
    examples: [
        "npm run -s preview -- --stack prod",
        "npm run -s preview -- --stack prod --format json > prod.json",
        "npm run -s preview -- --format mermaid",
        "npm run -s preview -- --stack prod --against prod.json",
        "npm run -s preview -- --stack prod --against prod.json --allow-replace prod-db-instance",
    ],
};

export const main = command(SPEC, async ({ values }, output) => {
    const stack = values.stack as string;
    const dir = values.dir ? path.resolve(values.dir as string) : REPO_ROOT;
    if (values.against !== undefined) {
        const allowed = (values["allow-replace"] ?? []) as string[];
        return previewChanges(stack, dir, values.against as string, values.format as string, allowed, output);
    }
    if (values["allow-replace"] !== undefined && (values["allow-replace"] as string[]).length > 0)
        throw new UsageError("--allow-replace: only with --against. Fix: add --against <baseline.json>.");
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
        throw new UsageError(`--format: got "${String(values.format)}". Fix: use one of ${FORMATS.join(", ")}.`);
    }
    readStackConfig(readProject(dir), stack); // fail fast on an unknown stack
    // Loaded only now: the Pulumi SDK and AWS provider take a second to load, usage errors should not wait.
    const { evaluateStack } = require("../offline/evaluate") as typeof import("../offline/evaluate");
    const { renderMermaid } = require("./mermaid") as typeof import("./mermaid");
    const { renderTree } = require("./tree") as typeof import("./tree");
    const evaluation = await evaluateStack(stack, { dir });
    if (format === "json") output.out(JSON.stringify(evaluation, null, 2));
    else if (format === "mermaid") output.out(renderMermaid(evaluation));
    else {
        // What `pulumi preview --policy-pack policy` would add: the policy results.
        const { checkEvaluation } = require("../policy/check") as typeof import("../policy/check");
        const { renderReport } = require("../policy/report") as typeof import("../policy/report");
        const run = await checkEvaluation(evaluation, dir);
        const report = renderReport(run, `${evaluation.project}/${evaluation.stack}`);
        output.out(`${renderTree(evaluation)}\n\n${report}`);
    }
    return 0;
});

/** Exit code when a stateful resource would be replaced or deleted (1 is any other failure, 2 misuse). */
export const BLOCKED_EXIT_CODE = 3;

async function previewChanges(
    stack: string,
    dir: string,
    baselineFile: string,
    requestedFormat: string,
    allowReplace: string[],
    output: CliOutput,
): Promise<number> {
    const format = requestedFormat === "tree" ? "text" : requestedFormat;
    if (format !== "text" && format !== "json")
        throw new UsageError(`--format: got "${requestedFormat}" with --against. Fix: use text or json.`);
    if (!fs.existsSync(baselineFile)) {
        throw new UsageError(
            `--against: ${baselineFile} does not exist. Fix: record one with ` +
                `npm run -s preview -- --stack ${stack} --format json > ${baselineFile}.`,
        );
    }
    const baseline = JSON.parse(fs.readFileSync(baselineFile, "utf8")) as Evaluation;
    if (!Array.isArray(baseline.resources))
        throw new UsageError(`--against: ${baselineFile} is not a preview's --format json output (no resources).`);
    readStackConfig(readProject(dir), stack); // fail fast on an unknown stack
    // Loaded only now, as above: usage errors should not wait for the Pulumi SDK.
    const { evaluateStack } = require("../offline/evaluate") as typeof import("../offline/evaluate");
    const { planChanges, renderPlan } = require("./diff") as typeof import("./diff");
    const { replaceRuleTable } = require("./replace-rules") as typeof import("./replace-rules");
    const current = await evaluateStack(stack, { dir });
    const plan = planChanges(baseline, current, replaceRuleTable(), allowReplace);
    output.out(format === "json" ? JSON.stringify(plan, null, 2) : renderPlan(plan, baselineFile));
    return plan.blocked.length > 0 ? BLOCKED_EXIT_CODE : 0;
}

if (require.main === module) runAsScript(main, 1);
