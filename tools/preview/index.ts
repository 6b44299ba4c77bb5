/**
 * `npm run preview -- --stack <name> [--format tree|mermaid|json] [--dir <project>]`: what `pulumi preview`
 * would create for a stack, computed offline under mocks (no CLI, no cloud, no credentials).
 *
 * `npm run preview -- --stack <name> --against <baseline.json> [--format text|json] [--allow-replace <name>]...`:
 * what it would change in a stack recorded in a baseline (`--format json` of an earlier run): each resource
 * created, updated (with the inputs), replaced (with the inputs that force it) or deleted. Exits with 3 when
 * a stateful resource would be replaced or deleted, naming each, unless `--allow-replace` names it.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { CONSOLE, CliOutput, runAsScript } from "../cli";
import { REPO_ROOT } from "../paths";
import type { Evaluation } from "../offline/evaluate";
import { readProject, readStackConfig } from "../offline/project";

const FORMATS = ["tree", "mermaid", "json"] as const;

export async function main(argv: string[], output: CliOutput = CONSOLE): Promise<number> {
    const { values } = parseArgs({
        args: argv,
        options: {
            stack: { type: "string", default: "dev" },
            format: { type: "string", default: "tree" },
            dir: { type: "string", default: REPO_ROOT },
            against: { type: "string" },
            "allow-replace": { type: "string", multiple: true, default: [] },
        },
    });
    if (values.against !== undefined) return previewChanges(values, output);
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
        output.err(`--format: got "${values.format}". Fix: use one of ${FORMATS.join(", ")}.`);
        return 2;
    }
    readStackConfig(readProject(values.dir!), values.stack!); // fail fast on an unknown stack
    // Loaded only now: the Pulumi SDK and AWS provider take a second to load, usage errors should not wait.
    const { evaluateStack } = require("../offline/evaluate") as typeof import("../offline/evaluate");
    const { renderMermaid } = require("./mermaid") as typeof import("./mermaid");
    const { renderTree } = require("./tree") as typeof import("./tree");
    const evaluation = await evaluateStack(values.stack!, { dir: values.dir });
    if (format === "json") output.out(JSON.stringify(evaluation, null, 2));
    else if (format === "mermaid") output.out(renderMermaid(evaluation));
    else {
        // What `pulumi preview --policy-pack policy` would add: the policy results.
        const { checkEvaluation, loadPolicyConfig } = require("../policy/check") as typeof import("../policy/check");
        const { renderReport } = require("../policy/report") as typeof import("../policy/report");
        const run = checkEvaluation(evaluation, loadPolicyConfig(values.stack!, values.dir));
        output.out(`${renderTree(evaluation)}\n\n${renderReport(run, `${evaluation.project}/${evaluation.stack}`)}`);
    }
    return 0;
}

/** Exit code when a stateful resource would be replaced or deleted (1 is any other failure). */
export const BLOCKED_EXIT_CODE = 3;

async function previewChanges(
    values: { stack?: string; format?: string; dir?: string; against?: string; "allow-replace"?: string[] },
    output: CliOutput,
): Promise<number> {
    const format = values.format === "tree" ? "text" : values.format;
    if (format !== "text" && format !== "json") {
        output.err(`--format: got "${values.format}" with --against. Fix: use text or json.`);
        return 2;
    }
    const baselineFile = values.against!;
    if (!fs.existsSync(baselineFile)) {
        output.err(
            `--against: ${baselineFile} does not exist. Fix: record one with npm run -s preview -- --stack ${values.stack} --format json > ${baselineFile}.`,
        );
        return 2;
    }
    const baseline = JSON.parse(fs.readFileSync(baselineFile, "utf8")) as Evaluation;
    if (!Array.isArray(baseline.resources)) {
        output.err(`--against: ${baselineFile} is not a preview's --format json output (no resources).`);
        return 2;
    }
    readStackConfig(readProject(values.dir!), values.stack!);
    // Loaded only now, as in main: usage errors should not wait for the Pulumi SDK.
    const { evaluateStack } = require("../offline/evaluate") as typeof import("../offline/evaluate");
    const { planChanges, renderPlan } = require("./diff") as typeof import("./diff");
    const { replaceRuleTable } = require("./replace-rules") as typeof import("./replace-rules");
    const current = await evaluateStack(values.stack!, { dir: values.dir });
    const plan = planChanges(baseline, current, replaceRuleTable(), values["allow-replace"]);
    output.out(format === "json" ? JSON.stringify(plan, null, 2) : renderPlan(plan, baselineFile));
    return plan.blocked.length > 0 ? BLOCKED_EXIT_CODE : 0;
}

if (require.main === module) runAsScript(main, 1);
