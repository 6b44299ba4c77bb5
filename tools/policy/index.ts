/**
 * `npm run policy -- --stack <name> [--dir <program>] [--config <file>] [--format text|json]`: the policy
 * pack over a stack evaluated offline under mocks, as `pulumi preview --policy-pack policy` would run it.
 * Exits 1 on any mandatory violation.
 */
import * as path from "path";
import { parseArgs } from "util";
import { evaluateStack } from "../offline/evaluate";
import { checkEvaluation, loadPolicyConfig } from "./check";
import { renderReport } from "./report";

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            dir: { type: "string", default: path.resolve(__dirname, "..", "..") },
            config: { type: "string" },
            format: { type: "string", default: "text" },
        },
    });
    const dir = path.resolve(values.dir!);
    const evaluation = await evaluateStack(values.stack!, { dir });
    const run = checkEvaluation(evaluation, loadPolicyConfig(values.stack!, dir, values.config));
    console.log(values.format === "json" ? JSON.stringify(run, null, 2) : renderReport(run, `${evaluation.project}/${evaluation.stack}`));
    return run.violations.some((v) => v.level === "mandatory") ? 1 : 0;
}

main().then((code) => process.exit(code), (error) => {
    const cause = error?.name === "EvaluationError" ? error.cause : error;
    console.error(cause instanceof Error ? cause.message : String(cause));
    process.exit(2);
});
