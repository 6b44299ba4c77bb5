/** Small statistics helpers for the benchmarks. */

export function percentile(samples: number[], p: number): number {
    const sorted = [...samples].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank];
}

export function median(samples: number[]): number {
    return percentile(samples, 50);
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e6;
}

export const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** Prints rows as an aligned Markdown table (pasteable into the README). */
export function table(headers: string[], rows: (string | number)[][]): string {
    const cells = [headers, ...rows.map((r) => r.map(String))];
    const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [line(cells[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.slice(1).map(line)].join(
        "\n",
    );
}
