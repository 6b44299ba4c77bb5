/**
 * EventBridge schedule expressions, checked as EventBridge checks them: `rate(<n> <unit>)` with a positive
 * whole number and a unit that agrees with it (`1 hour`, `5 hours`: never `1 hours` or `5 minute`), or
 * `cron(<6 fields>)` where exactly one of day-of-month and day-of-week is `?`.
 */
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^)]+)\)$/;

/** What is wrong with a schedule expression, or undefined when EventBridge accepts it. */
export function scheduleExpressionProblem(expression: unknown): string | undefined {
    if (typeof expression !== "string") return "is not a string";
    const rate = RATE.exec(expression);
    if (rate) {
        const value = Number(rate[1]);
        if (value < 1) return "has a rate below 1";
        const plural = rate[2].endsWith("s");
        if (value === 1 && plural) return `says "1 ${rate[2]}", which EventBridge refuses; the unit is singular for 1`;
        if (value > 1 && !plural)
            return `says "${value} ${rate[2]}", which EventBridge refuses; the unit is plural above 1`;
        return undefined;
    }
    const cron = CRON.exec(expression);
    if (cron) {
        const fields = cron[1].trim().split(/\s+/);
        if (fields.length !== 6)
            return `has ${fields.length} cron fields; EventBridge takes 6 (minutes hours day-of-month month day-of-week year)`;
        const [, , dayOfMonth, , dayOfWeek] = fields;
        if ((dayOfMonth === "?") === (dayOfWeek === "?"))
            return "must have ? in exactly one of day-of-month and day-of-week";
        return undefined;
    }
    return "is neither rate(...) nor cron(...)";
}
