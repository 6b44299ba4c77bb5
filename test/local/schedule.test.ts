import * as assert from "assert/strict";
import { nextFire, parseSchedule } from "../../local/schedule";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe("schedule expressions (EventBridge rate and cron, UTC)", () => {
    const cases: [string, string, string | undefined][] = [
        ["rate(5 minutes)", "2026-01-01T00:00:00.000Z", "2026-01-01T00:05:00.000Z"],
        ["rate(1 hour)", "2026-01-01T00:00:00.000Z", "2026-01-01T01:00:00.000Z"],
        ["cron(0 3 * * ? *)", "2026-01-01T03:00:00.000Z", "2026-01-02T03:00:00.000Z"],
        ["cron(15 10 ? * MON-FRI *)", "2026-01-02T10:15:00.000Z", "2026-01-05T10:15:00.000Z"], // Friday to Monday
        ["cron(0/20 * * * ? *)", "2026-01-01T00:41:00.000Z", "2026-01-01T01:00:00.000Z"],
        ["cron(0 12 1 JAN,JUL ? *)", "2026-01-01T12:00:00.000Z", "2026-07-01T12:00:00.000Z"],
        ["cron(0 0 1 1 ? 2025)", "2026-01-01T00:00:00.000Z", undefined],
    ];
    for (const [expression, after, expected] of cases) {
        it(`${expression} after ${after} fires at ${expected ?? "never"}`, () => {
            assert.equal(iso(nextFire(parseSchedule(expression), at(after))), expected);
        });
    }

    it("refuses what it cannot honour, naming the expression", () => {
        assert.throws(
            () => parseSchedule("cron(0 0 L * ? *)"),
            /schedule "cron\(0 0 L \* \? \*\)": "L" is not supported/,
        );
        assert.throws(() => parseSchedule("cron(0 0 * *)"), /cron\(\) takes 6 fields, got 4/);
        assert.throws(() => parseSchedule("every day"), /expected rate\(<n> <unit>\) or cron\(<6 fields>\)/);
    });
});
