/**
 * The plan of a program, evaluated in a process of its own: the program runs under Pulumi's mocks there
 * (global state, and an SDK whose async context tracking taxes every promise), and the local environment,
 * which serves requests, never loads the Pulumi SDK. The child is local/plan-main.ts.
 */
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import { TS_REGISTER } from "../tools/paths";
import type { LocalPlan } from "./program";

export interface PlannedProgram {
    plan: LocalPlan;
    /** Folders written for AssetArchives, removed when the environment stops. */
    temporary: string[];
}

/** Evaluates the stack of the program in `dir` and reads it as a local environment. */
export async function planProgram(dir: string | undefined, stack: string): Promise<PlannedProgram> {
    const args = ["-r", TS_REGISTER, path.join(__dirname, "plan-main.ts"), stack, ...(dir ? [dir] : [])];
    try {
        const { stdout } = await promisify(execFile)(process.execPath, args, {
            maxBuffer: 64 * 1024 * 1024,
        });
        return JSON.parse(stdout) as PlannedProgram;
    } catch (error) {
        const failure = error as { stderr?: string };
        throw new Error(failure.stderr?.trim() || String(error));
    }
}
