/**
 * `npm run policy -- --stack <name> [--pack <dir|package>]... [--config <file>]... [--dir <program>]
 * [--format text|json]`: policy packs over a stack evaluated offline under mocks, as `pulumi preview
 * --policy-pack <dir> --policy-pack-config <file>` runs them. Exits 1 on a mandatory violation or a policy
 * error, 2 on a usage error.
 */
import * as path from "path";
import { createRequire } from "module";
import { parseArgs } from "util";
import { CONSOLE, CliOutput, runAsScript } from "../cli";
import type { Evaluation } from "../offline/evaluate";
import { REPO_ROOT } from "../paths";
import { checkPacks } from "./check";
import { failed } from "./engine";
import { OWN_PACK, loadPack } from "./packs";
import { renderReport } from "./report";

/** Loads a module when first needed: the Pulumi SDK takes a second to load, usage errors should not wait. */
const lazy = createRequire(__filename);

export const USAGE = `Usage: npm run policy -- [options]

Runs CrossGuard policy packs over a stack evaluated offline under mocks, as
\`pulumi preview --policy-pack <p> --policy-pack-config <c>\` would: each pack at its own default
enforcement level, each policy's config schema defaults applied, async policies awaited.

Options:
  --stack <name>      the stack (Pulumi.<name>.yaml in --dir)                  default: dev
  --pack <p>          a pack's folder (PulumiPolicy.yaml) or an installed package; repeatable
                                                                             default: policy/ (this repo's)
  --config <file>     the enforcement config of the pack in the same position; repeatable.
                      This repo's pack without one uses policy/config/<stack>.json (or
                      <dir>/policy-config.<stack>.json); other packs run with none.
  --dir <program>     the Pulumi program's folder                               default: this repository
  --format text|json  text (by severity) or JSON: { packs, policies, resources, violations, errors,
                      disabled }; packs[] names each pack, its default level and the config file used
  --help              this text

Exits 0 when no mandatory violation and no policy error, 1 otherwise, 2 on a usage error.

Examples:
  npm run policy -- --stack prod
  npm run policy -- --stack dev --pack policy --pack @pulumi/awsguard
  npm run -s policy -- --stack prod --pack @pulumi/awsguard --config awsguard.json --format json > report.json
  npm run policy -- --dir ../their-program --stack dev`;

const FORMATS = ["text", "json"];

/** Evaluates a stack of the program in `dir` (tests pass one that shares evaluations). */
export type Evaluator = (stack: string, dir: string) => Promise<Evaluation>;

export async function main(argv: string[], output: CliOutput = CONSOLE, evaluator?: Evaluator): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", default: "dev" },
                dir: { type: "string", default: REPO_ROOT },
                pack: { type: "string", multiple: true },
                config: { type: "string", multiple: true },
                format: { type: "string", default: "text" },
                help: { type: "boolean", default: false },
            },
        }));
    } catch (error) {
        output.err(`${(error as Error).message}\n\n${USAGE}`);
        return 2;
    }
    if (values.help) {
        output.out(USAGE);
        return 0;
    }
    if (!FORMATS.includes(values.format)) {
        output.err(`--format: got "${values.format}". Fix: use one of ${FORMATS.join(", ")}.`);
        return 2;
    }
    const packs = values.pack ?? [];
    const configs = values.config ?? [];
    if (configs.length > Math.max(packs.length, 1)) {
        output.err(
            `--config: ${configs.length} given for ${packs.length || 1} pack(s). Fix: one --config per --pack, in the same order.`,
        );
        return 2;
    }
    const { evaluateStack } = lazy("../offline/evaluate") as typeof import("../offline/evaluate");

    const dir = path.resolve(values.dir);
    const requests = (packs.length > 0 ? packs : [OWN_PACK]).map((pack, i) => ({ pack, config: configs[i] }));
    try {
        for (const request of requests) loadPack(request.pack); // a pack that cannot load fails before the evaluation
    } catch (error) {
        output.err((error as Error).message);
        return 2;
    }
    const evaluate = evaluator ?? ((stack: string, from: string) => evaluateStack(stack, { dir: from }));
    const evaluation = await evaluate(values.stack, dir);
    const run = await checkPacks(evaluation, requests, dir);
    output.out(
        values.format === "json"
            ? JSON.stringify(run, null, 2)
            : renderReport(run, `${evaluation.project}/${evaluation.stack}`),
    );
    return failed(run) ? 1 : 0;
}

if (require.main === module) runAsScript(main, 2);
