import * as fs from "fs";
import * as path from "path";
import { toPolicies } from "../../policy/pack";
import { Evaluation } from "../offline/evaluate";
import { REPO_ROOT } from "../paths";
import { PolicyConfig, PolicyRun, runPolicies } from "./engine";

/** The enforcement levels a run uses, and where they came from (the report names it). */
export interface LoadedPolicyConfig {
    levels: PolicyConfig;
    /** The file read, relative to the program when inside it, or a sentence saying none was. */
    source: string;
}

/**
 * The policy config for a stack: `--config` if given, else `<dir>/policy/config/<stack>.json` or
 * `<dir>/policy-config.<stack>.json` if either exists, else none (every policy at its default level).
 */
export function loadPolicyConfig(stack: string, dir = REPO_ROOT, explicit?: string): LoadedPolicyConfig {
    const candidates = explicit
        ? [explicit]
        : [path.join(dir, "policy", "config", `${stack}.json`), path.join(dir, `policy-config.${stack}.json`)];
    const file = candidates.find((f) => fs.existsSync(f));
    if (explicit && !file) throw new Error(`--config: ${explicit} does not exist`);
    if (!file) {
        return {
            levels: {},
            source: `none (no policy/config/${stack}.json): every policy at its default level`,
        };
    }
    const relative = path.relative(dir, path.resolve(file));
    return {
        levels: JSON.parse(fs.readFileSync(file, "utf8")) as PolicyConfig,
        source: relative.startsWith("..") ? path.resolve(file) : relative,
    };
}

/** This repository's pack over an evaluated stack. */
export function checkEvaluation(evaluation: Evaluation, config: PolicyConfig): PolicyRun {
    return runPolicies(toPolicies(), evaluation.resources, evaluation.outputs, config);
}
