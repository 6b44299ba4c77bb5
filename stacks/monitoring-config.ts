// Pure (no Pulumi SDK): stacks/config.ts parses it with the rest of the stack config.
import { ArgIssue } from "../components/errors";
import { scheduleExpressionProblem } from "../components/schedule";
import { checkInteger, show } from "../components/validation";
import { ENVIRONMENT_DEFAULTS } from "./defaults";

/** Thresholds of the environment's alarms (see stacks/alarms.ts for what each watches). */
export interface AlarmThresholds {
    /** The API's 5XX responses, in percent of its requests over a minute (3 of 5 minutes). */
    api5xxPercent: number;
    /** The API's p99 latency in milliseconds over a minute (3 of 5 minutes). */
    apiLatencyP99Ms: number;
    /** The database's average CPU in percent over 5 minutes (3 in a row). */
    databaseCpuPercent: number;
    /** The database's free storage, in percent of its allocated storage. */
    databaseFreeStoragePercent: number;
    /** The database's connections, in percent of its instance class's max_connections (3 of 5 minutes). */
    databaseConnectionsPercent: number;
    /** Accounts created in an hour (the report's metric) that look like abuse or a runaway client. */
    accountsCreatedPerHour: number;
}

/** The environment's operations settings: the scheduled report and the alarms' thresholds. */
export interface MonitoringConfig {
    /** When the report runs: an EventBridge schedule expression. */
    reportSchedule: string;
    /** The namespace of the environment's custom metrics: `<project>/<stack>`. */
    metricsNamespace: string;
    alarms: AlarmThresholds;
}

const THRESHOLD_RANGES: Record<keyof AlarmThresholds, [number, number, string]> = {
    api5xxPercent: [1, 100, "percent"],
    apiLatencyP99Ms: [10, 60_000, "milliseconds"],
    databaseCpuPercent: [1, 100, "percent"],
    databaseFreeStoragePercent: [1, 99, "percent"],
    databaseConnectionsPercent: [1, 100, "percent"],
    accountsCreatedPerHour: [1, 10_000_000, "accounts"],
};
const MONITORING_KEYS = ["reportSchedule", "alarms"];

/**
 * `paas:monitoring`: checked, with stacks/defaults.ts's defaults. `alarmsOn` is `paas:functions.alarms`: a
 * threshold set while the alarms are off would silently do nothing, so it is refused.
 */
export function parseMonitoringConfig(
    ns: string,
    value: unknown,
    project: string,
    stack: string,
    alarmsOn: boolean,
    issues: ArgIssue[],
): MonitoringConfig {
    const key = `${ns}monitoring`;
    const values = objectWithKeys(key, value ?? {}, MONITORING_KEYS, issues);
    const reportSchedule = values.reportSchedule ?? ENVIRONMENT_DEFAULTS.monitoring.reportSchedule;
    const problem = scheduleExpressionProblem(reportSchedule);
    if (problem)
        issues.push({
            argument: `${key}.reportSchedule`,
            problem: `${show(reportSchedule)} ${problem}`,
            fix: 'use an EventBridge schedule such as "rate(1 hour)" or "cron(0 * * * ? *)"',
        });
    const given = objectWithKeys(`${key}.alarms`, values.alarms ?? {}, Object.keys(THRESHOLD_RANGES), issues);
    if (!alarmsOn && values.alarms !== undefined)
        issues.push({
            argument: `${key}.alarms`,
            problem: `is set but alarms are off (${ns}functions.alarms: false)`,
            fix: "turn alarms on or drop the thresholds",
        });
    const alarms: AlarmThresholds = { ...ENVIRONMENT_DEFAULTS.monitoring.alarms, ...given };
    for (const [name, [min, max, unit]] of Object.entries(THRESHOLD_RANGES))
        issues.push(...checkInteger(`${key}.alarms.${name}`, alarms[name as keyof AlarmThresholds], min, max, unit));
    return { reportSchedule: reportSchedule as string, metricsNamespace: `${project}/${stack}`, alarms };
}

function objectWithKeys(key: string, value: unknown, allowed: string[], issues: ArgIssue[]): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        issues.push({ argument: key, problem: `got ${show(value)}`, fix: `use an object of ${allowed.join(", ")}` });
        return {};
    }
    for (const k of Object.keys(value).filter((k) => !allowed.includes(k)))
        issues.push({
            argument: `${key}.${k}`,
            problem: "is not a known setting",
            fix: `use one of ${allowed.join(", ")}`,
        });
    return value as Record<string, unknown>;
}
