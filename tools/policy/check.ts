import * as fs from "fs";
import * as path from "path";
import { Evaluation } from "../offline/evaluate";
import { REPO_ROOT } from "../paths";
import { PolicyConfig, PolicyRun, mergeRuns, runPack } from "./engine";
import { OWN_PACK, loadPack } from "./packs";

/** A policy config and the file it came from (none: every policy at its default level). */
export interface LoadedConfig {
    config: PolicyConfig;
    file?: string;
}

/**
 * The policy config of this repository's pack for a stack: `--config` if given, else
 * `<dir>/policy/config/<stack>.json` or `<dir>/policy-config.<stack>.json` if either exists, else none.
 */
export function loadPolicyConfig(stack: string, dir = REPO_ROOT, explicit?: string): LoadedConfig {
    const candidates = explicit
        ? [explicit]
        : [path.join(dir, "policy", "config", `${stack}.json`), path.join(dir, `policy-config.${stack}.json`)];
    const file = candidates.find((f) => fs.existsSync(f));
    if (explicit && !file) throw new Error(`--config: ${explicit} does not exist. Fix: give the path of a JSON file.`);
    return file ? { config: readConfigFile(file), file } : { config: {} };
}

function readConfigFile(file: string): PolicyConfig {
    try {
        const config = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
        if (typeof config !== "object" || config === null || Array.isArray(config)) throw new Error("not an object");
        return config as PolicyConfig;
    } catch (error) {
        throw new Error(
            `--config: ${file} is not a policy config (${(error as Error).message}). ` +
                'Fix: a JSON object of policy names to a level or { "enforcementLevel": ..., <settings> }.',
        );
    }
}

/** A pack to run and, when given, its config file (`--pack` and `--config`, paired by position). */
export interface PackRequest {
    pack: string;
    config?: string;
}

/**
 * Runs packs over an evaluated stack, each with its own config, as `pulumi preview --policy-pack <p>
 * --policy-pack-config <c>` does for each pair. This repository's pack without a config of its own gets
 * the stack's file (see loadPolicyConfig); other packs get none.
 */
export async function checkPacks(
    evaluation: Evaluation,
    requests: PackRequest[] = [{ pack: OWN_PACK }],
    dir = REPO_ROOT,
): Promise<PolicyRun> {
    const runs: PolicyRun[] = [];
    for (const request of requests) {
        const pack = loadPack(request.pack);
        const own = path.resolve(pack.dir) === OWN_PACK;
        const { config, file } =
            request.config || own ? loadPolicyConfig(evaluation.stack, dir, request.config) : { config: {} };
        runs.push(await runPack(pack, evaluation, config, file && path.relative(process.cwd(), file)));
    }
    return mergeRuns(runs);
}

/** This repository's pack over an evaluated stack, with the stack's policy config. */
export function checkEvaluation(evaluation: Evaluation, dir = REPO_ROOT, configFile?: string): Promise<PolicyRun> {
    return checkPacks(evaluation, [{ pack: OWN_PACK, config: configFile }], dir);
}
