/**
 * report: on its schedule (EventBridge, hourly by default), counts the accounts and those created in the hour
 * before the scheduled time, and publishes both as custom metrics in the environment's namespace, as one
 * Embedded Metric Format log line (CloudWatch extracts the metrics; no API call). The window comes from the
 * event's `time`, so a retried event reports the same hour with the same timestamp. Any failure is thrown:
 * Lambda retries, then sends the event to the dead-letter queue.
 */
import type { Context } from "aws-lambda";
import { Database } from "../shared/database";
import { serializeEmf } from "../shared/emf";
import { badRequest } from "../shared/errors";
import { publicHandler } from "../shared/handler";
import { SettingsError } from "../shared/settings";
import { accountsReport } from "./accounts";
import { METRICS_NAMESPACE_VARIABLE, REPORT_DIMENSIONS, REPORT_METRICS } from "./metrics";

const HOUR_MS = 3_600_000;

/** EventBridge's scheduled event (only `time` is read); a direct invocation may send `{}`. */
export interface ReportEvent {
    /** When the schedule fired, ISO 8601. @default now */
    time?: string;
}

export interface ReportResult {
    namespace: string;
    total: number;
    createdLastHour: number;
    windowStart: string;
    windowEnd: string;
}

export interface ReportOptions {
    /** Where the metric line goes. @default stdout, directly */
    write?: (line: string) => void;
    /** @default process.env */
    env?: NodeJS.ProcessEnv;
    /** The time of an event without one. @default Date.now */
    now?: () => number;
}

/**
 * Written to stdout itself, not through `console`: with the functions' JSON log format, Lambda wraps each
 * console line in its own JSON object, which CloudWatch would not read as EMF (the reason AWS's EMF library
 * writes to stdout directly in Lambda).
 */
const stdout = (line: string) => void process.stdout.write(`${line}\n`);

export function createHandler(database: Database, options: ReportOptions = {}) {
    const { write = stdout, env = process.env, now = Date.now } = options;
    return publicHandler(async (event: ReportEvent | null, context: Context): Promise<ReportResult> => {
        const namespace = env[METRICS_NAMESPACE_VARIABLE]?.trim();
        if (!namespace) throw new SettingsError([`${METRICS_NAMESPACE_VARIABLE} is not set`]);
        const end = scheduledTime(event, now);
        const start = new Date(end.getTime() - HOUR_MS);
        const report = await accountsReport(database, start, end);
        write(
            serializeEmf({
                namespace,
                timestamp: end.getTime(),
                dimensions: { ...REPORT_DIMENSIONS },
                metrics: [
                    { ...REPORT_METRICS.total, value: report.total },
                    { ...REPORT_METRICS.createdLastHour, value: report.created },
                ],
                properties: { requestId: context.awsRequestId, windowStart: start.toISOString() },
            }),
        );
        return {
            namespace,
            total: report.total,
            createdLastHour: report.created,
            windowStart: start.toISOString(),
            windowEnd: end.toISOString(),
        };
    });
}

/** The event's time, or now; a time that is not an ISO 8601 instant is a bad event. */
function scheduledTime(event: ReportEvent | null, now: () => number): Date {
    const time = event?.time;
    if (time === undefined) return new Date(now());
    const parsed = typeof time === "string" && /^\d{4}-\d\d-\d\dT/.test(time) ? Date.parse(time) : NaN;
    if (Number.isNaN(parsed)) throw badRequest(`time must be an ISO 8601 instant, got ${JSON.stringify(time)}`);
    return new Date(parsed);
}

// Module scope: the pool outlives the invocation and is reused while the container is warm.
export const handler = createHandler(Database.fromEnvironment());
