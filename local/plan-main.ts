/**
 * The child process of local/plan-process.ts: `plan-main.ts <stack> [<dir>]` evaluates the program's stack
 * under Pulumi's mocks, reads it as a local environment, and prints that plan as JSON on stdout.
 */
import * as fs from "fs";
import { evaluateStack } from "../tools/offline/evaluate";
import { locateFunctionCode } from "./code";
import type { PlannedProgram } from "./plan-process";
import { planLocalEnvironment } from "./program";

async function main(stack: string, dir: string | undefined): Promise<void> {
    const evaluation = await evaluateStack(stack, { dir });
    const located = await locateFunctionCode(evaluation.resources, process.cwd());
    const planned: PlannedProgram = {
        plan: planLocalEnvironment(evaluation, located.code),
        temporary: located.temporary,
    };
    // Written whole, synchronously, before the process exits (a pipe may take it in several pieces).
    fs.writeSync(1, JSON.stringify(planned));
}

const [stack, dir] = process.argv.slice(2);
main(stack, dir).then(
    () => process.exit(0),
    (error: unknown) => {
        const failed = error as { name?: string; cause?: unknown };
        const cause = failed.name === "EvaluationError" ? failed.cause : error;
        console.error(cause instanceof Error ? cause.message : String(cause));
        process.exit(1);
    },
);
