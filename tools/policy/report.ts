import { PolicyRun } from "./engine";

const SEVERITIES = ["critical", "high", "medium", "low"] as const;

/** The run as text, violations grouped by severity, each naming the rule, the resource and the fix. */
export function renderReport(run: PolicyRun, subject: string, enforcement: string): string {
    const mandatory = run.violations.filter((v) => v.level === "mandatory").length;
    const lines = [
        `Policy pack: ${run.policies} policies over ${run.resources} resources of ${subject}`,
        `  enforcement config: ${enforcement}`,
        `  ${mandatory} mandatory violation(s), ${run.violations.length - mandatory} advisory` +
            (run.disabled.length > 0 ? `; disabled here: ${run.disabled.join(", ")}` : ""),
    ];
    for (const severity of SEVERITIES) {
        const found = run.violations.filter((v) => v.severity === severity);
        if (found.length === 0) continue;
        lines.push("", severity.toUpperCase());
        for (const v of found.sort((a, b) => a.level.localeCompare(b.level) || a.policy.localeCompare(b.policy))) {
            const where = v.resource ? `${v.resource.name} (${v.resource.type})` : "the stack";
            lines.push(`  [${v.level}] ${v.policy}: ${where}`, `      ${v.message}`);
        }
    }
    lines.push("", mandatory > 0 ? `FAILED: ${mandatory} mandatory violation(s)` : "PASSED: no mandatory violation");
    return lines.join("\n");
}
