/** `npm run policy`: CrossGuard packs over a stack evaluated offline (see SPEC, or `--help`). */
import * as fs from "fs";
import * as path from "path";
import { CommandSpec, STACK_OPTIONS, UsageError, command, runAsScript } from "../cli";
import type { Evaluation } from "../offline/evaluate";
import { REPO_ROOT } from "../paths";
import { checkPacks } from "./check";
import { failed } from "./engine";
import { OWN_PACK, loadPack } from "./packs";
import { renderReport } from "./report";

export const SPEC: CommandSpec = {
    command: "npm run -s policy --",
    summary:
        "CrossGuard policy packs over a stack evaluated offline under mocks, as `pulumi preview --policy-pack <pack> " +
        "--policy-pack-config <file>` runs them: each pack at its own default enforcement level, each policy's " +
        "config schema defaults applied, asynchronous policies awaited. The report (and --format json: packs, " +
        "policies, resources, violations, errors, disabled) names each pack and the enforcement config it ran with. " +
        "Exits 1 on a mandatory violation or a policy that fails.",
    options: {
        ...STACK_OPTIONS,
        pack: {
            type: "string",
            placeholder: "<folder|package>",
            multiple: true,
            description:
                "A pack: a folder with PulumiPolicy.yaml, or an installed package such as @pulumi/awsguard " +
                "(default: policy/, this project's).",
        },
        config: {
            type: "string",
            placeholder: "<file>",
            multiple: true,
            description:
                "The enforcement config of the --pack in the same position. This project's pack without one " +
                "reads policy/config/<stack>.json in the program, if it exists; other packs run with none.",
        },
        format: { type: "string", placeholder: "text|json", default: "text", description: "The report's format." },
    },
    examples: [
        "npm run -s policy -- --stack prod",
        "npm run -s policy -- --stack dev --pack policy --pack @pulumi/awsguard",
        "npm run -s policy -- --stack prod --pack @pulumi/awsguard --config awsguard.json --format json > report.json",
        "npm run -s policy -- --dir ../their-program --stack dev",
    ],
};

/** Evaluates a stack of the program in `dir` (tests pass one that shares evaluations). */
export type Evaluator = (stack: string, dir: string) => Promise<Evaluation>;

/** The command, with the evaluation injectable. */
export function policyCommand(evaluator?: Evaluator) {
    return command(SPEC, async ({ values }, output) => {
        if (values.format !== "text" && values.format !== "json")
            throw new UsageError(`--format: got "${String(values.format)}". Fix: use text or json.`);
        const packs = (values.pack as string[] | undefined) ?? [];
        const configs = (values.config as string[] | undefined) ?? [];
        if (configs.length > Math.max(packs.length, 1))
            throw new UsageError(
                `--config: ${configs.length} given for ${packs.length || 1} pack(s). ` +
                    "Fix: one --config per --pack, in the same order.",
            );
        const missing = configs.find((file) => !fs.existsSync(file));
        if (missing) throw new UsageError(`--config: ${missing} does not exist. Fix: give the path of a JSON file.`);
        const stack = values.stack as string;
        const dir = values.dir ? path.resolve(values.dir as string) : REPO_ROOT;
        const requests = (packs.length > 0 ? packs : [OWN_PACK]).map((pack, i) => ({ pack, config: configs[i] }));
        for (const request of requests) {
            try {
                loadPack(request.pack); // a pack that cannot load fails before the evaluation
            } catch (error) {
                throw new UsageError((error as Error).message);
            }
        }
        const evaluation = await (evaluator ?? evaluateLazily)(stack, dir);
        const run = await checkPacks(evaluation, requests, dir);
        output.out(
            values.format === "json"
                ? JSON.stringify(run, null, 2)
                : renderReport(run, `${evaluation.project}/${evaluation.stack}`),
        );
        return failed(run) ? 1 : 0;
    });
}

/** The Pulumi SDK and AWS provider take a second to load: only when a stack is evaluated. */
function evaluateLazily(stack: string, dir: string): Promise<Evaluation> {
    const { evaluateStack } = require("../offline/evaluate") as typeof import("../offline/evaluate");
    return evaluateStack(stack, { dir });
}

export const main = policyCommand();

if (require.main === module) runAsScript(main, 2);
