/**
 * The environment's CloudWatch dashboard, built from what the stack registered (see MonitoredStack), so a
 * new function, route, queue or metric appears on it with no edit here. Pure: it returns the dashboard body.
 * Its format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
import { mysqlMaxConnections } from "../components/database/connections";
import { CustomMetrics, MonitoredStack } from "./monitored";

/** A metric as a dashboard lists it: namespace, name, dimension names and values, then its options. */
export type DashboardMetric = [string, string, ...(string | MetricOptions)[]];
interface MetricOptions {
    stat?: string;
    label?: string;
}

export interface DashboardWidget {
    type: "metric" | "text" | "alarm";
    x: number;
    y: number;
    width: number;
    height: number;
    properties: Record<string, unknown>;
}

/** CloudWatch's limit on a dashboard's widgets. */
export const DASHBOARD_MAX_WIDGETS = 500;
/** CloudWatch's limit on the alarms of an alarm status widget. */
const ALARMS_PER_WIDGET = 100;
const GRID = 24;
const HEIGHT = 6;

/** The dashboard's widgets: a section per part of the environment, rows of graphs under a title. */
export function dashboardWidgets(s: MonitoredStack): DashboardWidget[] {
    const sections: { title: string; graphs: Graph[] }[] = [];
    if (s.api) sections.push({ title: `API ${s.api.name} (stage ${s.api.stage})`, graphs: apiGraphs(s.api) });
    for (const fn of s.functions) sections.push({ title: `Function ${fn.key}`, graphs: functionGraphs(fn.name) });
    if (s.database) sections.push({ title: `Database ${s.database.identifier}`, graphs: databaseGraphs(s.database) });
    if (s.queues.length > 0) sections.push({ title: "Dead-letter queues", graphs: [queueGraph(s.queues)] });
    for (const metrics of s.metrics.filter((m) => m.names.length > 0))
        sections.push({
            title: `Custom metrics of ${metrics.function} (${metrics.namespace})`,
            graphs: customGraphs(metrics),
        });

    const widgets: DashboardWidget[] = [];
    let y = 0;
    // The alarms' states first: what needs attention now.
    for (let i = 0; i < (s.alarms ?? []).length; i += ALARMS_PER_WIDGET) {
        const alarms = s.alarms!.slice(i, i + ALARMS_PER_WIDGET);
        const properties = { title: "Alarms", alarms, sortBy: "stateUpdatedTimestamp" };
        widgets.push({ type: "alarm", x: 0, y, width: GRID, height: 3, properties });
        y += 3;
    }
    for (const section of sections) {
        widgets.push({
            type: "text",
            x: 0,
            y,
            width: GRID,
            height: 1,
            properties: { markdown: `## ${section.title}` },
        });
        y += 1;
        const width = Math.max(6, Math.floor(GRID / section.graphs.length));
        section.graphs.forEach((graph, i) => {
            const x = (i * width) % GRID;
            if (i > 0 && x === 0) y += HEIGHT;
            widgets.push({
                type: "metric",
                x,
                y,
                width,
                height: HEIGHT,
                properties: { view: "timeSeries", stacked: false, region: s.region, period: 60, ...graph },
            });
        });
        y += HEIGHT;
    }
    if (widgets.length > DASHBOARD_MAX_WIDGETS)
        throw new Error(
            `the dashboard would have ${widgets.length} widgets, more than CloudWatch's ${DASHBOARD_MAX_WIDGETS}: split the environment`,
        );
    return widgets;
}

/**
 * The environment's dashboard name, `<project>-<stack>`: dashboards are global to the account, and their names
 * take letters, digits, - and _ only (a stack's name may hold a period).
 */
export function dashboardName(project: string, stack: string): string {
    return `${project}-${stack}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255);
}

/** The dashboard body, as `aws.cloudwatch.Dashboard` takes it. */
export function dashboardBody(s: MonitoredStack): string {
    return JSON.stringify({ start: "-PT6H", periodOverride: "inherit", widgets: dashboardWidgets(s) });
}

interface Graph {
    title: string;
    metrics: DashboardMetric[];
    stat?: string;
    period?: number;
    yAxis?: { left: { min?: number; label?: string } };
    annotations?: { horizontal: { label: string; value: number }[] };
}

function apiGraphs(api: { name: string; stage: string }): Graph[] {
    const m = (name: string, options: MetricOptions): DashboardMetric => [
        "AWS/ApiGateway",
        name,
        "ApiName",
        api.name,
        "Stage",
        api.stage,
        options,
    ];
    return [
        { title: "Requests", stat: "Sum", metrics: [m("Count", { label: "requests" })] },
        { title: "4XX responses", stat: "Sum", metrics: [m("4XXError", { label: "4XX" })] },
        { title: "5XX responses", stat: "Sum", metrics: [m("5XXError", { label: "5XX" })] },
        {
            title: "Latency (ms)",
            metrics: [m("Latency", { stat: "p50", label: "p50" }), m("Latency", { stat: "p99", label: "p99" })],
        },
    ];
}

function functionGraphs(name: string): Graph[] {
    const m = (metric: string, options: MetricOptions): DashboardMetric => [
        "AWS/Lambda",
        metric,
        "FunctionName",
        name,
        options,
    ];
    return [
        {
            title: "Invocations, errors, throttles",
            stat: "Sum",
            metrics: [
                m("Invocations", { label: "invocations" }),
                m("Errors", { label: "errors" }),
                m("Throttles", { label: "throttles" }),
            ],
        },
        {
            title: "Duration (ms)",
            metrics: [m("Duration", { stat: "p50", label: "p50" }), m("Duration", { stat: "p99", label: "p99" })],
        },
        {
            title: "Concurrent executions",
            stat: "Maximum",
            metrics: [m("ConcurrentExecutions", { label: "concurrent" })],
        },
    ];
}

function databaseGraphs(db: { identifier: string; instanceClass: string; allocatedStorageGib: number }): Graph[] {
    const m = (metric: string, options: MetricOptions): DashboardMetric => [
        "AWS/RDS",
        metric,
        "DBInstanceIdentifier",
        db.identifier,
        options,
    ];
    return [
        {
            title: "CPU (%)",
            stat: "Average",
            metrics: [m("CPUUtilization", { label: "CPU" })],
            yAxis: { left: { min: 0 } },
        },
        {
            title: "Connections",
            stat: "Maximum",
            metrics: [m("DatabaseConnections", { label: "connections" })],
            annotations: {
                horizontal: [
                    { label: `max_connections (${db.instanceClass})`, value: mysqlMaxConnections(db.instanceClass) },
                ],
            },
        },
        {
            title: "Free storage (bytes)",
            stat: "Minimum",
            metrics: [m("FreeStorageSpace", { label: "free" })],
            annotations: { horizontal: [{ label: "allocated", value: db.allocatedStorageGib * 1024 ** 3 }] },
        },
        {
            title: "Read and write latency (s)",
            stat: "Average",
            metrics: [m("ReadLatency", { label: "read" }), m("WriteLatency", { label: "write" })],
        },
    ];
}

function queueGraph(queues: { function: string; name: string }[]): Graph {
    return {
        title: "Failed events waiting",
        stat: "Maximum",
        period: 300,
        metrics: queues.map((q): DashboardMetric => [
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            "QueueName",
            q.name,
            { label: q.function },
        ]),
    };
}

function customGraphs(metrics: CustomMetrics): Graph[] {
    const dimensions = Object.entries(metrics.dimensions).flat();
    return metrics.names.map((name) => ({
        title: name,
        stat: "Maximum",
        period: 3600,
        metrics: [[metrics.namespace, name, ...dimensions, { label: name }]],
    }));
}
