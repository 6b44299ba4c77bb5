/**
 * `npm run preview -- --stack <name> [--format tree|mermaid|json] [--dir <project>]`: what `pulumi preview`
 * would create for a stack, computed offline under mocks (no CLI, no cloud, no credentials).
 */
import { createRequire } from "module";
import { parseArgs } from "util";
import { CONSOLE, CliOutput, runAsScript } from "../cli";
import { REPO_ROOT } from "../paths";
import { readProject, readStackConfig } from "../offline/project";

const FORMATS = ["tree", "mermaid", "json"] as const;

/** Loads a module when first needed: the Pulumi SDK and AWS provider take a second to load, usage errors should not wait. */
const lazy = createRequire(__filename);

export async function main(argv: string[], output: CliOutput = CONSOLE): Promise<number> {
    const { values } = parseArgs({
        args: argv,
        options: {
            stack: { type: "string", default: "dev" },
            format: { type: "string", default: "tree" },
            dir: { type: "string", default: REPO_ROOT },
        },
    });
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
        output.err(`--format: got "${values.format}". Fix: use one of ${FORMATS.join(", ")}.`);
        return 2;
    }
    readStackConfig(readProject(values.dir), values.stack); // fail fast on an unknown stack
    const { evaluateStack } = lazy("../offline/evaluate") as typeof import("../offline/evaluate");
    const { renderMermaid } = lazy("./mermaid") as typeof import("./mermaid");
    const { renderTree } = lazy("./tree") as typeof import("./tree");
    const evaluation = await evaluateStack(values.stack, { dir: values.dir });
    if (format === "json") output.out(JSON.stringify(evaluation, null, 2));
    else if (format === "mermaid") output.out(renderMermaid(evaluation));
    else {
        // What `pulumi preview --policy-pack policy` would add: the policy results.
        const { checkEvaluation } = lazy("../policy/check") as typeof import("../policy/check");
        const { renderReport } = lazy("../policy/report") as typeof import("../policy/report");
        const run = await checkEvaluation(evaluation, values.dir);
        output.out(`${renderTree(evaluation)}\n\n${renderReport(run, `${evaluation.project}/${evaluation.stack}`)}`);
    }
    return 0;
}

if (require.main === module) runAsScript(main, 1);
