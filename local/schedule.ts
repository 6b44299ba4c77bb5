/**
 * EventBridge schedule expressions, evaluated locally: `rate(5 minutes)` and `cron(min hour day-of-month
 * month day-of-week year)` in UTC, with `*`, `?`, lists, ranges, `/` steps and month and day names. The
 * `L`, `W` and `#` forms are refused with a clear error rather than guessed at.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.+)\)$/;
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

export type Schedule = { kind: "rate"; everyMs: number } | { kind: "cron"; fields: Set<number>[] };

/** Parses a schedule expression; the error names the expression and the form expected. */
export function parseSchedule(expression: string): Schedule {
    const rate = RATE.exec(expression);
    if (rate) {
        const unit = rate[2].replace(/s$/, "") as keyof typeof UNIT_MS;
        if (Number(rate[1]) < 1) throw new Error(`schedule "${expression}": the rate must be 1 or more`);
        return { kind: "rate", everyMs: Number(rate[1]) * UNIT_MS[unit] };
    }
    const cron = CRON.exec(expression);
    if (!cron) throw new Error(`schedule "${expression}": expected rate(<n> <unit>) or cron(<6 fields>)`);
    const parts = cron[1].trim().split(/\s+/);
    if (parts.length !== 6) throw new Error(`schedule "${expression}": cron() takes 6 fields, got ${parts.length}`);
    const ranges: [number, number, string[]?][] = [
        [0, 59],
        [0, 23],
        [1, 31],
        [1, 12, MONTHS],
        [1, 7, DAYS],
        [1970, 2199],
    ];
    return { kind: "cron", fields: parts.map((p, i) => cronField(expression, p, ...ranges[i])) };
}

function cronField(expression: string, field: string, min: number, max: number, names?: string[]): Set<number> {
    const values = new Set<number>();
    const value = (text: string) => {
        const named = names?.indexOf(text.toUpperCase()) ?? -1;
        const n = named >= 0 ? named + 1 : Number(text);
        if (!Number.isInteger(n) || n < min || n > max)
            throw new Error(
                `schedule "${expression}": "${field}" is not supported locally (expected ${min}-${max}, names, * ? , - /)`,
            );
        return n;
    };
    for (const part of field.split(",")) {
        const [range, stepText] = part.split("/");
        const step = stepText === undefined ? 1 : value(stepText);
        let [from, to] = [min, max];
        if (range !== "*" && range !== "?") {
            const [a, b] = range.split("-");
            from = value(a);
            to = b === undefined ? (stepText === undefined ? from : max) : value(b);
        }
        for (let n = from; n <= to; n += step) values.add(n);
    }
    return values;
}

/** The first time after `after` (ms since the epoch) the schedule fires, or undefined if never. */
export function nextFire(schedule: Schedule, after: number, startedAt = after): number | undefined {
    if (schedule.kind === "rate")
        return startedAt + Math.ceil((after + 1 - startedAt) / schedule.everyMs) * schedule.everyMs;
    const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = schedule.fields;
    const t = new Date(Math.floor(after / 60_000) * 60_000 + 60_000);
    // Minute by minute would be slow for yearly schedules: skip whole days and hours that cannot match.
    for (let guard = 0; guard < 600_000; guard++) {
        if (t.getUTCFullYear() > 2199) return undefined;
        const dayOk =
            years.has(t.getUTCFullYear()) &&
            months.has(t.getUTCMonth() + 1) &&
            daysOfMonth.has(t.getUTCDate()) &&
            daysOfWeek.has(t.getUTCDay() + 1);
        if (!dayOk) {
            t.setUTCHours(24, 0, 0, 0);
            continue;
        }
        if (!hours.has(t.getUTCHours())) {
            t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
            continue;
        }
        if (minutes.has(t.getUTCMinutes())) return t.getTime();
        t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    }
    return undefined;
}
