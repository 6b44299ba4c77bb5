import * as fs from "fs";
import * as path from "path";
import { Evaluation } from "../offline/evaluate";
import { REPO_ROOT } from "../paths";
import { PolicyConfig, PolicyRun, mergeRuns, runPack } from "./engine";
import { OWN_PACK, loadPack } from "./packs";

/** The enforcement levels (and settings) a run uses, and where they came from (the report names it). */
export interface LoadedPolicyConfig {
    levels: PolicyConfig;
    /** The file read, relative to the program when inside it, or a sentence saying none was. */
    source: string;
}

/**
 * The policy config of this repository's pack for a stack: `--config` if given, else
 * `<dir>/policy/config/<stack>.json` or `<dir>/policy-config.<stack>.json` if either exists, else none.
 */
export function loadPolicyConfig(stack: string, dir = REPO_ROOT, explicit?: string): LoadedPolicyConfig {
    if (explicit) return { levels: readConfigFile(explicit), source: describeFile(explicit, dir) };
    const candidates = [
        path.join(dir, "policy", "config", `${stack}.json`),
        path.join(dir, `policy-config.${stack}.json`),
    ];
    const file = candidates.find((f) => fs.existsSync(f));
    if (!file)
        return { levels: {}, source: `none (no policy/config/${stack}.json): every policy at its default level` };
    return { levels: readConfigFile(file), source: describeFile(file, dir) };
}

/** A config file's name for the report: relative to the program when inside it. */
function describeFile(file: string, dir: string): string {
    const relative = path.relative(dir, path.resolve(file));
    return relative.startsWith("..") ? path.resolve(file) : relative;
}

function readConfigFile(file: string): PolicyConfig {
    if (!fs.existsSync(file)) throw new Error(`--config: ${file} does not exist. Fix: give the path of a JSON file.`);
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
        const { levels, source } =
            request.config || own
                ? loadPolicyConfig(evaluation.stack, dir, request.config)
                : {
                      levels: {},
                      source: `none: every policy at its own level, else the pack's (${pack.enforcementLevel})`,
                  };
        runs.push(await runPack(pack, evaluation, levels, source));
    }
    return mergeRuns(runs);
}

/** This repository's pack over an evaluated stack, with the stack's policy config. */
export function checkEvaluation(evaluation: Evaluation, dir = REPO_ROOT, configFile?: string): Promise<PolicyRun> {
    return checkPacks(evaluation, [{ pack: OWN_PACK, config: configFile }], dir);
}
