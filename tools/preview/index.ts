/**
 * `npm run preview -- --stack <name> [--format tree|mermaid|json] [--dir <project>]`: what `pulumi preview`
 * would create for a stack, computed offline under mocks (no CLI, no cloud, no credentials).
 */
import * as path from "path";
import { parseArgs } from "util";
import { readProject, readStackConfig } from "../offline/project";

const FORMATS = ["tree", "mermaid", "json"] as const;

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            format: { type: "string", default: "tree" },
            dir: { type: "string", default: path.resolve(__dirname, "..", "..") },
        },
    });
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
        console.error(`--format: got "${values.format}". Fix: use one of ${FORMATS.join(", ")}.`);
        return 2;
    }
    readStackConfig(readProject(values.dir!), values.stack!); // fail fast on an unknown stack
    // Loaded only now: the Pulumi SDK and AWS provider take a second to load, usage errors should not wait.
    const { evaluateStack } = require("../offline/evaluate") as typeof import("../offline/evaluate");
    const { renderMermaid } = require("./mermaid") as typeof import("./mermaid");
    const { renderTree } = require("./tree") as typeof import("./tree");
    const evaluation = await evaluateStack(values.stack!, { dir: values.dir });
    if (format === "json") console.log(JSON.stringify(evaluation, null, 2));
    else if (format === "mermaid") console.log(renderMermaid(evaluation));
    else {
        // What `pulumi preview --policy-pack policy` would add: the policy results.
        const { checkEvaluation, loadPolicyConfig } = require("../policy/check") as typeof import("../policy/check");
        const { renderReport } = require("../policy/report") as typeof import("../policy/report");
        const run = checkEvaluation(evaluation, loadPolicyConfig(values.stack!, values.dir));
        console.log(`${renderTree(evaluation)}\n\n${renderReport(run, `${evaluation.project}/${evaluation.stack}`)}`);
    }
    return 0;
}

main().then((code) => process.exit(code), (error) => {
    const cause = error?.name === "EvaluationError" ? error.cause : error;
    // Messages name the input and the fix; a stack trace would only bury them.
    console.error(cause instanceof Error ? cause.message : String(cause));
    process.exit(1);
});
