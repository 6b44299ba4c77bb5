/**
 * Structured JSON logs (one line per entry), the format the functions' log groups are configured for.
 * Callers pass only what is safe to keep: never passwords, secrets or query parameters.
 */
type Level = "DEBUG" | "INFO" | "WARN" | "ERROR";
const SEVERITY = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3, SILENT: 4 } as const;

/** Writes one entry if `LOG_LEVEL` (DEBUG, INFO, WARN, ERROR or SILENT; default INFO) lets it through. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
    const threshold =
        SEVERITY[(process.env.LOG_LEVEL?.toUpperCase() ?? "INFO") as keyof typeof SEVERITY] ?? SEVERITY.INFO;
    if (SEVERITY[level] < threshold) return;
    const line = JSON.stringify({ timestamp: new Date().toISOString(), level, message, ...fields });
    (level === "ERROR" ? console.error : level === "WARN" ? console.warn : console.log)(line);
}

/** The fields of an internal error worth logging: its kind and code, not its payload. */
export function describeError(error: unknown): Record<string, unknown> {
    if (!(error instanceof Error)) return { error: String(error) };
    const { code, errno, sqlState } = error as { code?: string; errno?: number; sqlState?: string };
    return { errorName: error.name, errorMessage: error.message, code, errno, sqlState };
}
