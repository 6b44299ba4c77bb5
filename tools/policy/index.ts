/**
 * `npm run policy -- --stack <name> [--dir <program>] [--config <file>] [--format text|json]`: the policy
 * pack over a stack evaluated offline under mocks, as `pulumi preview --policy-pack policy` would run it.
 * Exits 1 on any mandatory violation.
 */
import * as path from "path";
import { parseArgs } from "util";
import { CONSOLE, CliOutput, runAsScript } from "../cli";
import { REPO_ROOT } from "../paths";
import { evaluateStack } from "../offline/evaluate";
import { checkEvaluation, loadPolicyConfig } from "./check";
import { renderReport } from "./report";

export async function main(argv: string[], output: CliOutput = CONSOLE): Promise<number> {
    const { values } = parseArgs({
        args: argv,
        options: {
            stack: { type: "string", default: "dev" },
            dir: { type: "string", default: REPO_ROOT },
            config: { type: "string" },
            format: { type: "string", default: "text" },
        },
    });
    const dir = path.resolve(values.dir!);
    const evaluation = await evaluateStack(values.stack!, { dir });
    const run = checkEvaluation(evaluation, loadPolicyConfig(values.stack!, dir, values.config));
    output.out(
        values.format === "json"
            ? JSON.stringify(run, null, 2)
            : renderReport(run, `${evaluation.project}/${evaluation.stack}`),
    );
    return run.violations.some((v) => v.level === "mandatory") ? 1 : 0;
}

if (require.main === module) runAsScript(main, 2);
