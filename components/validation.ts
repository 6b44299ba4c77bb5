import { ArgIssue } from "./errors";

/** The retention periods CloudWatch Logs accepts (`PutRetentionPolicy`), in days. */
export const LogRetentionDays = {
    oneDay: 1,
    threeDays: 3,
    fiveDays: 5,
    oneWeek: 7,
    twoWeeks: 14,
    oneMonth: 30,
    twoMonths: 60,
    threeMonths: 90,
    fourMonths: 120,
    fiveMonths: 150,
    sixMonths: 180,
    oneYear: 365,
    thirteenMonths: 400,
    eighteenMonths: 545,
    twoYears: 731,
    threeYears: 1096,
    fiveYears: 1827,
    sixYears: 2192,
    sevenYears: 2557,
    eightYears: 2922,
    nineYears: 3288,
    tenYears: 3653,
} as const;
export type LogRetentionDays = (typeof LogRetentionDays)[keyof typeof LogRetentionDays];
export const LOG_RETENTION_DAYS: readonly LogRetentionDays[] = Object.values(LogRetentionDays);

/** Issues for a value that must be one of CloudWatch Logs' retention periods. */
export function checkLogRetention(argument: string, value: unknown): ArgIssue[] {
    if ((LOG_RETENTION_DAYS as readonly unknown[]).includes(value)) return [];
    return [
        {
            argument,
            problem: `got ${show(value)}, which CloudWatch Logs does not accept as a retention period`,
            fix: `use one of ${LOG_RETENTION_DAYS.join(", ")} (days)`,
        },
    ];
}

/** Issues for a value that must be an integer in [min, max]. */
export function checkInteger(argument: string, value: unknown, min: number, max: number, why = ""): ArgIssue[] {
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return [];
    return [
        {
            argument,
            problem: `got ${show(value)}${why ? `; ${why}` : ""}`,
            fix: `use an integer from ${min} to ${max}`,
        },
    ];
}

/** Issues for a value that must be one of a fixed set of strings. */
export function checkOneOf<T extends string>(argument: string, value: unknown, allowed: readonly T[]): ArgIssue[] {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return [];
    return [{ argument, problem: `got ${show(value)}`, fix: `use one of ${allowed.map((a) => `"${a}"`).join(", ")}` }];
}

/** Issues for a list whose entries must be unique. */
export function checkUnique(argument: string, values: readonly unknown[]): ArgIssue[] {
    const seen = new Set<unknown>();
    const dupes = values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
    if (dupes.length === 0) return [];
    return [{ argument, problem: `lists ${dupes.map(show).join(", ")} more than once`, fix: "list each value once" }];
}

/** Renders a user-supplied value for an error message. */
export function show(value: unknown): string {
    if (value === undefined) return "nothing";
    // JSON.stringify gives undefined for functions and symbols: name their kind.
    return JSON.stringify(value) ?? `a ${typeof value}`;
}

/** `args` over `defaults`, where an argument given as `undefined` keeps its default (as `??` would). */
export function withDefaults<D extends object, A extends object>(defaults: D, args: A): D & A {
    return {
        ...defaults,
        ...Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined)),
    } as D & A;
}
