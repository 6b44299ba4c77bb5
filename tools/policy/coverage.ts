/**
 * `npm run -s policy:coverage [-- --write]`: the README's coverage table, rendered from the pack's rule
 * metadata (`securityHub`, `checkov`) and the control catalogue (policy/coverage.ts). `--write` replaces the
 * table in README.md between its markers; a test fails when the README's table is not this output.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { AREAS, CONTROLS, Control } from "../../policy/coverage";
import { RULES, Rule } from "../../policy/rules";
import { CONSOLE, CliOutput, runAsScript } from "../cli";
import { REPO_ROOT } from "../paths";

export const README = path.join(REPO_ROOT, "README.md");
export const START = "<!-- policy-coverage:start (npm run -s policy:coverage -- --write) -->";
export const END = "<!-- policy-coverage:end -->";

/** The rules that name a control in their metadata. */
export function rulesFor(control: Control, rules: Rule[] = RULES): Rule[] {
    return rules.filter((r) => (control.framework === "checkov" ? r.checkov : r.securityHub)?.includes(control.id));
}

/** Counts of covered and not covered controls, per framework (FSBP apart from the other standards). */
export function coverageCounts(controls: Control[] = CONTROLS, rules: Rule[] = RULES) {
    const count = (subset: Control[]) => ({
        covered: subset.filter((c) => rulesFor(c, rules).length > 0).length,
        notCovered: subset.filter((c) => rulesFor(c, rules).length === 0).length,
    });
    return {
        fsbp: count(controls.filter((c) => c.framework === "Security Hub" && !c.standard)),
        otherSecurityHub: count(controls.filter((c) => c.framework === "Security Hub" && c.standard)),
        checkov: count(controls.filter((c) => c.framework === "checkov")),
    };
}

export function renderCoverage(controls: Control[] = CONTROLS, rules: Rule[] = RULES): string {
    const n = coverageCounts(controls, rules);
    const lines = [
        `${rules.length} rules. Security Hub FSBP: ${n.fsbp.covered} controls covered, ${n.fsbp.notCovered} not ` +
            `(each with its reason); other Security Hub standards (CIS, NIST 800-53) the rules also check: ` +
            `${n.otherSecurityHub.covered}; checkov: ${n.checkov.covered} checks covered, ${n.checkov.notCovered} not.`,
        "",
        "| area | control | what it asks | rules, or why not |",
        "|---|---|---|---|",
    ];
    for (const area of AREAS) {
        for (const c of controls.filter((x) => x.area === area)) {
            const names = rulesFor(c, rules).map((r) => `\`${r.name}\``);
            const id = c.framework === "checkov" ? c.id : `${c.id}${c.standard ? ` (${c.standard})` : ""}`;
            lines.push(
                `| ${area} | ${id} | ${c.title.replace(/\|/g, "\\|")} | ${names.length > 0 ? names.join(", ") : `not covered: ${c.notCovered}`} |`,
            );
        }
    }
    return lines.join("\n");
}

/** The README with its coverage table replaced by `table`. */
export function withCoverage(readme: string, table: string): string {
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} markers`);
    return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

export function main(argv: string[], output: CliOutput = CONSOLE): Promise<number> {
    return new Promise((resolve) => resolve(run(argv, output)));
}

function run(argv: string[], output: CliOutput): number {
    const usage = "Usage: npm run -s policy:coverage [-- --write]\n  --write  replace the table in README.md";
    let values;
    try {
        ({ values } = parseArgs({ args: argv, options: { write: { type: "boolean" }, help: { type: "boolean" } } }));
    } catch (error) {
        output.err(`${(error as Error).message}\n\n${usage}`);
        return 2;
    }
    if (values.help) {
        output.out(usage);
        return 0;
    }
    const table = renderCoverage();
    if (values.write) fs.writeFileSync(README, withCoverage(fs.readFileSync(README, "utf8"), table));
    else output.out(table);
    return 0;
}

if (require.main === module) runAsScript(main, 2);
