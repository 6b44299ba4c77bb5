/** A module's mutation score, from Stryker's JSON report (mutation-testing-report-schema). */

/** One entry of modules.json: what a Stryker run mutates, and the module's own tests it runs per mutant. */
export interface MutationModule {
    name: string;
    title: string;
    mutate: string[];
    tests: string[];
    /** The score under which the run fails; null for a module that is measured only. */
    break: number | null;
}

export interface MutationReport {
    files: Record<string, { mutants: { status: string }[] }>;
}

export interface MutationScore {
    module: MutationModule;
    killed: number;
    timeout: number;
    survived: number;
    noCoverage: number;
    /** Mutants that do not compile or crash the run: neither detected nor missed, left out of the score. */
    invalid: number;
    /** Detected over valid mutants, in percent (Stryker's "mutation score"). */
    score: number;
    seconds: number;
}

export function scoreReport(module: MutationModule, report: MutationReport, seconds: number): MutationScore {
    const statuses = Object.values(report.files).flatMap((file) => file.mutants.map((m) => m.status));
    const count = (status: string) => statuses.filter((s) => s === status).length;
    const [killed, timeout, survived, noCoverage] = ["Killed", "Timeout", "Survived", "NoCoverage"].map(count);
    const valid = killed + timeout + survived + noCoverage;
    return {
        module,
        killed,
        timeout,
        survived,
        noCoverage,
        invalid: statuses.length - valid,
        score: valid === 0 ? 100 : (100 * (killed + timeout)) / valid,
        seconds,
    };
}

/** A Markdown table of the scores (the console, reports/mutation/summary.md, the workflow's summary). */
export function renderScores(scores: readonly MutationScore[]): string {
    const rows = scores.map((s) => {
        const verdict = s.module.break === null ? "measured" : s.score >= s.module.break ? "ok" : "FAIL";
        return [
            `${s.module.name} (${s.module.title})`,
            s.score.toFixed(2),
            s.module.break === null ? "-" : String(s.module.break),
            verdict,
            String(s.killed + s.timeout),
            String(s.survived + s.noCoverage),
            String(s.invalid),
            `${Math.round(s.seconds)} s`,
        ];
    });
    const total = scores.reduce((sum, s) => sum + s.seconds, 0);
    return [
        "| module | score % | break | verdict | detected | survived | invalid | time |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
        ...rows.map((cells) => `| ${cells.join(" | ")} |`),
        `\nTotal: ${Math.round(total)} s.`,
    ].join("\n");
}
