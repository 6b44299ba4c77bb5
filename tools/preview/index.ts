/** `npm run preview`: what `pulumi preview` would create for a stack, offline (see SPEC, or `--help`). */
import * as path from "path";
import { CommandSpec, STACK_OPTIONS, UsageError, command, runAsScript } from "../cli";
import { REPO_ROOT } from "../paths";
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
    },
    examples: [
        "npm run -s preview -- --stack prod",
        "npm run -s preview -- --stack prod --format json > prod.json",
        "npm run -s preview -- --format mermaid",
    ],
};

export const main = command(SPEC, async ({ values }, output) => {
    const stack = values.stack as string;
    const dir = values.dir ? path.resolve(values.dir as string) : REPO_ROOT;
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

if (require.main === module) runAsScript(main, 1);
