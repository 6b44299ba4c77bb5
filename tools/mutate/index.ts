/**
 * `npm run mutate [-- <module>...]`: mutation testing (StrykerJS) of the pure modules, one Stryker run per
 * module (stryker.config.mjs, the modules in ./modules.json), then a table of their scores. Slow (minutes per
 * module), so not part of `npm test`; a scheduled workflow runs it (.github/workflows/mutation.yml).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CliOutput, UsageError, command, runAsScript } from "../cli";
import { REPO_ROOT } from "../paths";
import { MutationModule, MutationReport, MutationScore, renderScores, scoreReport } from "./score";

export const MODULES = JSON.parse(
    fs.readFileSync(path.join(__dirname, "modules.json"), "utf8"),
) as readonly MutationModule[];

export const main = command(
    {
        command: "npm run mutate --",
        summary:
            "Mutation testing (StrykerJS) of the pure modules, one Stryker run per module against that module's own " +
            "tests; HTML reports in reports/mutation/<module>/. Fails when a module scores under its threshold.",
        options: {
            list: { type: "boolean", description: "List the modules, what each mutates and the tests it runs." },
        },
        positionals: { usage: "[module...]", description: `Modules to run (default: all): ${names()}.` },
        examples: ["npm run mutate", "npm run mutate -- cidr vtl", "npm run mutate -- --list"],
    },
    ({ values, positionals }, output) => {
        const unknown = positionals.filter((name) => !MODULES.some((m) => m.name === name));
        if (unknown.length > 0)
            throw new UsageError(`no module named ${unknown.join(", ")}; the modules are ${names()}`);
        const selected = positionals.length > 0 ? MODULES.filter((m) => positionals.includes(m.name)) : MODULES;
        if (values.list) {
            for (const m of selected)
                output.out(`${m.name} (${m.title}): ${m.mutate.join(" ")}  <-  ${m.tests.join(" ")}`);
            return Promise.resolve(0);
        }
        return mutate(selected, output);
    },
);

function names(): string {
    return MODULES.map((m) => m.name).join(", ");
}

async function mutate(selected: readonly MutationModule[], output: CliOutput): Promise<number> {
    const scores: MutationScore[] = [];
    let failed = false;
    for (const module of selected) {
        output.out(`==> ${module.name}: ${module.title}`);
        const started = Date.now();
        const status = await runStryker(module);
        const seconds = (Date.now() - started) / 1000;
        const report = path.join(REPO_ROOT, "reports", "mutation", module.name, "mutation.json");
        if (status !== 0) failed = true;
        if (status !== 0 && !fs.existsSync(report)) {
            output.err(`${module.name}: Stryker failed (exit ${status}) before writing a report.`);
            continue;
        }
        scores.push(scoreReport(module, JSON.parse(fs.readFileSync(report, "utf8")) as MutationReport, seconds));
    }
    const table = renderScores(scores);
    fs.mkdirSync(path.join(REPO_ROOT, "reports", "mutation"), { recursive: true });
    output.out(`\n${table}`);
    fs.writeFileSync(path.join(REPO_ROOT, "reports", "mutation", "summary.md"), `${table}\n`);
    if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${table}\n`);
    return failed ? 1 : 0;
}

/** One Stryker run over one module (stryker.config.mjs reads MUTATE_MODULE); resolves to its exit status. */
function runStryker(module: MutationModule): Promise<number | string> {
    const stryker = spawn(path.join(REPO_ROOT, "node_modules", ".bin", "stryker"), ["run"], {
        cwd: REPO_ROOT,
        env: { ...process.env, MUTATE_MODULE: module.name },
        stdio: "inherit",
    });
    return new Promise((resolve, reject) => {
        stryker.on("error", reject);
        stryker.on("close", (code, signal) => resolve(code ?? String(signal)));
    });
}

if (require.main === module) runAsScript(main, 1);
