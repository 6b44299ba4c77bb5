/**
 * The environment's alarms, as data: what each watches and when it fires, built from what the stack registered
 * (see MonitoredStack) and the thresholds of its config. Pure; stacks/monitoring.ts creates them. The functions'
 * own alarms (errors, throttles, dead-letter queue depth) come with their components.
 */
import { mysqlMaxConnections } from "../components/database/connections";
import { AlarmThresholds } from "./monitoring-config";
import { REPORT_METRICS } from "../functions/report/metrics";
import { MonitoredStack } from "./monitored";

export interface AlarmSpec<V = string> {
    /** The alarm's role in its name: `<stack>-<role>-alarm`. */
    role: string;
    description: string;
    namespace: string;
    metricName: string;
    dimensions: Record<string, V | string>;
    /** A statistic, or a percentile (`p99`) as an extended statistic. */
    statistic: "Average" | "Sum" | "Minimum" | "Maximum" | `p${number}`;
    period: number;
    evaluationPeriods: number;
    /** @default evaluationPeriods */
    datapointsToAlarm?: number;
    threshold: number;
    comparisonOperator:
        "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
    /** `notBreaching` where no data means nothing happened (no requests, no sign-ups). */
    treatMissingData: "missing" | "notBreaching" | "breaching";
}

const GIB = 1024 ** 3;

export function environmentAlarms<V>(s: MonitoredStack<V>, t: AlarmThresholds): AlarmSpec<V>[] {
    const alarms: AlarmSpec<V>[] = [];
    // Three bad minutes in five: one slow or failing minute is not a page.
    const minutes = { period: 60, evaluationPeriods: 5, datapointsToAlarm: 3 };
    if (s.api) {
        const dimensions = { ApiName: s.api.name, Stage: s.api.stage };
        alarms.push(
            {
                role: "api-5xx",
                description: `More than ${t.api5xxPercent}% of the API's requests fail on the server's side (5XX)`,
                namespace: "AWS/ApiGateway",
                metricName: "5XXError",
                dimensions,
                // 5XXError is 1 per failed request and 0 per other: its average is the failure rate.
                statistic: "Average",
                ...minutes,
                threshold: t.api5xxPercent / 100,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
            },
            {
                role: "api-latency",
                description: `The API's p99 latency is above ${t.apiLatencyP99Ms} ms`,
                namespace: "AWS/ApiGateway",
                metricName: "Latency",
                dimensions,
                statistic: "p99",
                ...minutes,
                threshold: t.apiLatencyP99Ms,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
            },
        );
    }
    if (s.database) {
        const db = s.database;
        const dimensions = { DBInstanceIdentifier: db.identifier };
        const maxConnections = mysqlMaxConnections(db.instanceClass);
        alarms.push(
            {
                role: "db-cpu",
                description: `The database's CPU is above ${t.databaseCpuPercent}% for 15 minutes`,
                namespace: "AWS/RDS",
                metricName: "CPUUtilization",
                dimensions,
                statistic: "Average",
                period: 300,
                evaluationPeriods: 3,
                threshold: t.databaseCpuPercent,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "missing",
            },
            {
                role: "db-storage",
                description: `The database has less than ${t.databaseFreeStoragePercent}% of its ${db.allocatedStorageGib} GiB free`,
                namespace: "AWS/RDS",
                metricName: "FreeStorageSpace",
                dimensions,
                statistic: "Minimum",
                period: 300,
                evaluationPeriods: 1,
                threshold: Math.floor((db.allocatedStorageGib * GIB * t.databaseFreeStoragePercent) / 100),
                comparisonOperator: "LessThanThreshold",
                treatMissingData: "missing",
            },
            {
                role: "db-connections",
                description: `The database holds ${t.databaseConnectionsPercent}% of the ${maxConnections} connections ${db.instanceClass} accepts`,
                namespace: "AWS/RDS",
                metricName: "DatabaseConnections",
                dimensions,
                statistic: "Maximum",
                ...minutes,
                threshold: Math.floor((maxConnections * t.databaseConnectionsPercent) / 100),
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "missing",
            },
        );
    }
    // The report's sign-ups, where a function publishes them.
    const created = REPORT_METRICS.createdLastHour.name;
    for (const metrics of s.metrics.filter((m) => m.names.includes(created))) {
        alarms.push({
            role: "accounts-created",
            description: `${t.accountsCreatedPerHour} or more accounts were created in an hour`,
            namespace: metrics.namespace,
            metricName: created,
            dimensions: metrics.dimensions,
            statistic: "Maximum",
            period: 3600,
            evaluationPeriods: 1,
            threshold: t.accountsCreatedPerHour,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
        });
    }
    return alarms;
}
