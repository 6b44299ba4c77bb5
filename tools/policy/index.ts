/** `npm run policy`: the policy pack over a stack evaluated offline (see SPEC, or `--help`). */
import * as path from "path";
import { CommandSpec, STACK_OPTIONS, UsageError, command, runAsScript } from "../cli";
import { REPO_ROOT } from "../paths";
import { evaluateStack } from "../offline/evaluate";
import { checkEvaluation, loadPolicyConfig } from "./check";
import { renderReport } from "./report";

export const SPEC: CommandSpec = {
    command: "npm run -s policy --",
    summary:
        "The policy pack over a stack evaluated offline under mocks, as `pulumi preview --policy-pack policy` would " +
        "run it. Exits 1 on any mandatory violation.",
    options: {
        ...STACK_OPTIONS,
        config: {
            type: "string",
            placeholder: "<file>",
            description: "Enforcement config (default: policy/config/<stack>.json in the program, if it exists).",
        },
        format: { type: "string", placeholder: "text|json", default: "text", description: "The report's format." },
    },
    examples: [
        "npm run -s policy -- --stack prod",
        "npm run -s policy -- --stack dev --config my-levels.json --format json > report.json",
    ],
};

export const main = command(SPEC, async ({ values }, output) => {
    if (values.format !== "text" && values.format !== "json") {
        throw new UsageError(`--format: got "${String(values.format)}". Fix: use text or json.`);
    }
    const stack = values.stack as string;
    const dir = values.dir ? path.resolve(values.dir as string) : REPO_ROOT;
    const evaluation = await evaluateStack(stack, { dir });
    const config = loadPolicyConfig(stack, dir, values.config as string | undefined);
    const run = checkEvaluation(evaluation, config.levels);
    output.out(
        values.format === "json"
            ? JSON.stringify({ enforcement: config.source, ...run }, null, 2)
            : renderReport(run, `${evaluation.project}/${evaluation.stack}`, config.source),
    );
    return run.violations.some((v) => v.level === "mandatory") ? 1 : 0;
});

if (require.main === module) runAsScript(main, 2);
