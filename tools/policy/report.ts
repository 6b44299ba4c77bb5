import { PackRun, PolicyRun, Violation } from "./engine";

const SEVERITIES = ["critical", "high", "medium", "low", undefined] as const;

/**
 * The run as text: which packs ran with which enforcement config, then violations grouped by severity,
 * each naming the pack's rule, the resource and the fix, then any policy that failed to run.
 */
export function renderReport(run: PolicyRun, subject: string): string {
    const mandatory = run.violations.filter((v) => v.level === "mandatory").length;
    const several = run.packs.length > 1;
    const lines = [
        `Policy packs: ${run.policies} policies over ${run.resources} resources of ${subject}`,
        ...run.packs.map(describePack),
        `  ${mandatory} mandatory violation(s), ${run.violations.length - mandatory} advisory` +
            (run.errors.length > 0 ? `, ${run.errors.length} policy error(s)` : ""),
    ];
    for (const severity of SEVERITIES) {
        const found = run.violations.filter((v) => v.severity === severity);
        if (found.length === 0) continue;
        lines.push("", (severity ?? "no severity").toUpperCase());
        for (const v of found.sort(byLevelThenPolicy)) {
            const where = v.resource ? `${v.resource.name} (${v.resource.type})` : "the stack";
            lines.push(`  [${v.level}] ${several ? `${v.pack}/` : ""}${v.policy}: ${where}`, `      ${v.message}`);
        }
    }
    if (run.remediations.length > 0) {
        lines.push("", "REMEDIATED (inputs changed before validation, as `pulumi up` would register them)");
        for (const r of run.remediations)
            lines.push(`  ${r.pack}/${r.policy}: ${r.resource.name} (${r.resource.type})`);
    }
    if (run.errors.length > 0) {
        lines.push("", "POLICY ERRORS (a preview fails on these)");
        for (const e of run.errors)
            lines.push(
                `  ${e.pack}/${e.policy}${e.resource ? `: ${e.resource.name} (${e.resource.type})` : ""}`,
                `      ${e.message}`,
            );
    }
    const failures = mandatory + run.errors.length;
    lines.push(
        "",
        failures > 0
            ? `FAILED: ${mandatory} mandatory violation(s)${run.errors.length > 0 ? `, ${run.errors.length} policy error(s)` : ""}`
            : "PASSED: no mandatory violation",
    );
    return lines.join("\n");
}

function describePack(pack: PackRun): string {
    const disabled = pack.disabled.length > 0 ? `\n    disabled here: ${pack.disabled.join(", ")}` : "";
    return (
        `  pack ${pack.name}@${pack.version ?? "?"}: ${pack.policies} policies, pack default ${pack.enforcementLevel}` +
        `\n    enforcement config: ${pack.enforcement}${disabled}`
    );
}

function byLevelThenPolicy(a: Violation, b: Violation): number {
    return a.level.localeCompare(b.level) || a.pack.localeCompare(b.pack) || a.policy.localeCompare(b.policy);
}
