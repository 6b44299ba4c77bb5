import * as assert from "assert/strict";
import { InvalidArgsError } from "../../components/errors";
import { mysqlMaxConnections } from "../../components/database/connections";
import { environmentAlarms } from "../../stacks/alarms";
import { parseEnvironmentConfig } from "../../stacks/config";
import {
    DASHBOARD_MAX_WIDGETS,
    DashboardWidget,
    dashboardBody,
    dashboardName,
    dashboardWidgets,
} from "../../stacks/dashboard";
import { ENVIRONMENT_DEFAULTS } from "../../stacks/defaults";
import { MonitoredStack, queueNameOfUrl } from "../../stacks/monitored";

const STACK: MonitoredStack = {
    region: "eu-west-1",
    api: { name: "qa-api-api-1234567", stage: "qa" },
    functions: [
        { key: "retrieve-accounts", name: "qa-retrieve-accounts-function-1" },
        { key: "report", name: "qa-report-function-2" },
    ],
    database: { identifier: "qa-db-1", instanceClass: "db.t4g.small", allocatedStorageGib: 20 },
    queues: [{ function: "report", name: "qa-report-dlq-3" }],
    metrics: [
        {
            function: "report",
            namespace: "paas/qa",
            dimensions: { Report: "accounts" },
            names: ["AccountsTotal", "AccountsCreatedLastHour"],
        },
    ],
};
const THRESHOLDS = ENVIRONMENT_DEFAULTS.monitoring.alarms;

type Metric = (string | { stat?: string; label?: string })[];
const metricsOf = (w: DashboardWidget) => (w.properties.metrics ?? []) as Metric[];
const titles = (widgets: DashboardWidget[]) =>
    widgets.filter((w) => w.type === "text").map((w) => String(w.properties.markdown));

describe("the environment's dashboard", () => {
    it("has a section per part: the API, each function, the database, the dead-letter queues, the custom metrics", () => {
        const widgets = dashboardWidgets(STACK);
        assert.deepEqual(titles(widgets), [
            "## API qa-api-api-1234567 (stage qa)",
            "## Function retrieve-accounts",
            "## Function report",
            "## Database qa-db-1",
            "## Dead-letter queues",
            "## Custom metrics of report (paas/qa)",
        ]);
        const graphs = widgets.filter((w) => w.type === "metric");
        const described = graphs.map((w) => [
            w.properties.title,
            metricsOf(w).map((m) => `${m[0] as string} ${m[1] as string}`),
        ]);
        assert.deepEqual(described, [
            ["Requests", ["AWS/ApiGateway Count"]],
            ["4XX responses", ["AWS/ApiGateway 4XXError"]],
            ["5XX responses", ["AWS/ApiGateway 5XXError"]],
            ["Latency (ms)", ["AWS/ApiGateway Latency", "AWS/ApiGateway Latency"]],
            ...["retrieve-accounts", "report"].flatMap(() => [
                [
                    "Invocations, errors, throttles",
                    ["AWS/Lambda Invocations", "AWS/Lambda Errors", "AWS/Lambda Throttles"],
                ],
                ["Duration (ms)", ["AWS/Lambda Duration", "AWS/Lambda Duration"]],
                ["Concurrent executions", ["AWS/Lambda ConcurrentExecutions"]],
            ]),
            ["CPU (%)", ["AWS/RDS CPUUtilization"]],
            ["Connections", ["AWS/RDS DatabaseConnections"]],
            ["Free storage (bytes)", ["AWS/RDS FreeStorageSpace"]],
            ["Read and write latency (s)", ["AWS/RDS ReadLatency", "AWS/RDS WriteLatency"]],
            ["Failed events waiting", ["AWS/SQS ApproximateNumberOfMessagesVisible"]],
            ["AccountsTotal", ["paas/qa AccountsTotal"]],
            ["AccountsCreatedLastHour", ["paas/qa AccountsCreatedLastHour"]],
        ]);
        // Each metric names its resource by the dimensions CloudWatch publishes it under.
        const latency = metricsOf(graphs[3]);
        assert.deepEqual(latency[1], [
            "AWS/ApiGateway",
            "Latency",
            "ApiName",
            "qa-api-api-1234567",
            "Stage",
            "qa",
            { stat: "p99", label: "p99" },
        ]);
        assert.deepEqual(metricsOf(graphs[7])[0].slice(2, 4), ["FunctionName", "qa-report-function-2"]);
        assert.deepEqual(metricsOf(graphs[10])[0].slice(2, 4), ["DBInstanceIdentifier", "qa-db-1"]);
        assert.deepEqual(metricsOf(graphs[14])[0].slice(2, 4), ["QueueName", "qa-report-dlq-3"]);
        assert.deepEqual(metricsOf(graphs[15])[0].slice(2, 4), ["Report", "accounts"]);
        // The connections graph marks the class's max_connections.
        assert.deepEqual(graphs[11].properties.annotations, {
            horizontal: [{ label: "max_connections (db.t4g.small)", value: mysqlMaxConnections("db.t4g.small") }],
        });
        assert.ok(graphs.every((w) => w.properties.region === "eu-west-1"));
    });

    it("lays the widgets out on CloudWatch's 24-column grid without overlaps, a row per section", () => {
        const widgets = dashboardWidgets(STACK);
        for (const w of widgets) assert.ok(w.x >= 0 && w.x + w.width <= 24, JSON.stringify(w));
        for (const [i, a] of widgets.entries())
            for (const b of widgets.slice(i + 1)) {
                const apart =
                    a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
                assert.ok(apart, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`);
            }
        const body = JSON.parse(dashboardBody(STACK)) as { widgets: DashboardWidget[] };
        assert.deepEqual(body.widgets, widgets);
    });

    it("follows what the stack registered: a new function is a new section; no API, no database, no queue, none", () => {
        const more = { ...STACK, functions: [...STACK.functions, { key: "invoices", name: "qa-invoices-function-9" }] };
        assert.ok(titles(dashboardWidgets(more)).includes("## Function invoices"));
        const bare = dashboardWidgets({ ...STACK, api: undefined, database: undefined, queues: [], metrics: [] });
        assert.deepEqual(titles(bare), ["## Function retrieve-accounts", "## Function report"]);
        assert.ok(!JSON.stringify(bare).includes("AWS/ApiGateway"));
    });

    it(`refuses more than CloudWatch's ${DASHBOARD_MAX_WIDGETS} widgets`, () => {
        const functions = Array.from({ length: 130 }, (_, i) => ({ key: `f${i}`, name: `fn-${i}` }));
        assert.throws(
            () => dashboardWidgets({ ...STACK, functions }),
            /would have \d+ widgets, more than CloudWatch's 500/,
        );
    });

    it("shows the alarms' states first, at most 100 to a widget", () => {
        const arn = (i: number) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a-${i}`;
        const widgets = dashboardWidgets({ ...STACK, alarms: Array.from({ length: 101 }, (_, i) => arn(i)) });
        const status = widgets.filter((w) => w.type === "alarm");
        assert.deepEqual(
            status.map((w) => [w.y, (w.properties.alarms as string[]).length]),
            [
                [0, 100],
                [3, 1],
            ],
        );
        assert.equal(status[1].properties.alarms?.toString(), arn(100));
        assert.equal(widgets[2].properties.markdown, "## API qa-api-api-1234567 (stage qa)");
        assert.equal(widgets[2].y, 6);
        assert.ok(!dashboardWidgets(STACK).some((w) => w.type === "alarm"), "no alarms, no alarm widget");
    });

    it("is named <project>-<stack>, in the characters CloudWatch accepts", () => {
        assert.equal(dashboardName("paas", "prod"), "paas-prod");
        assert.equal(dashboardName("paas", "dev.eu_west"), "paas-dev-eu_west");
    });

    it("reads a dead-letter queue's name from its URL", () => {
        assert.equal(
            queueNameOfUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/qa-report-dlq-3"),
            "qa-report-dlq-3",
        );
        assert.throws(() => queueNameOfUrl("https://sqs.eu-west-1.amazonaws.com/"), /not an SQS queue URL/);
    });
});

describe("the environment's alarms", () => {
    const GIB = 1024 ** 3;
    const cases: [string, MonitoredStack, Record<string, [string, string, number]>][] = [
        [
            "db.t4g.small, 20 GiB",
            STACK,
            {
                "api-5xx": ["5XXError", "Average", 0.05],
                "api-latency": ["Latency", "p99", 3000],
                "db-cpu": ["CPUUtilization", "Average", 80],
                "db-storage": ["FreeStorageSpace", "Minimum", Math.floor(20 * GIB * 0.05)],
                "db-connections": [
                    "DatabaseConnections",
                    "Maximum",
                    Math.floor(mysqlMaxConnections("db.t4g.small") * 0.9),
                ],
                "accounts-created": ["AccountsCreatedLastHour", "Maximum", 1000],
            },
        ],
        [
            "db.m7g.large, 50 GiB, no API, no report",
            {
                ...STACK,
                api: undefined,
                metrics: [],
                database: { identifier: "p", instanceClass: "db.m7g.large", allocatedStorageGib: 50 },
            },
            {
                "db-cpu": ["CPUUtilization", "Average", 80],
                "db-storage": ["FreeStorageSpace", "Minimum", Math.floor(50 * GIB * 0.05)],
                "db-connections": [
                    "DatabaseConnections",
                    "Maximum",
                    Math.floor(mysqlMaxConnections("db.m7g.large") * 0.9),
                ],
            },
        ],
    ];
    for (const [what, stack, expected] of cases) {
        it(`watches what the stack has, at the configured thresholds: ${what}`, () => {
            const alarms = environmentAlarms(stack, THRESHOLDS);
            assert.deepEqual(
                Object.fromEntries(alarms.map((a) => [a.role, [a.metricName, a.statistic, a.threshold]])),
                expected,
            );
        });
    }

    it("names each alarm's resource by its metric's dimensions, and fires only on a sustained breach", () => {
        const alarms = Object.fromEntries(environmentAlarms(STACK, THRESHOLDS).map((a) => [a.role, a]));
        assert.deepEqual(alarms["api-5xx"].dimensions, { ApiName: "qa-api-api-1234567", Stage: "qa" });
        assert.deepEqual(alarms["db-cpu"].dimensions, { DBInstanceIdentifier: "qa-db-1" });
        assert.deepEqual(alarms["accounts-created"].dimensions, { Report: "accounts" });
        assert.equal(alarms["accounts-created"].namespace, "paas/qa");
        assert.deepEqual(
            [alarms["api-5xx"].period, alarms["api-5xx"].evaluationPeriods, alarms["api-5xx"].datapointsToAlarm],
            [60, 5, 3],
        );
        assert.equal(alarms["db-storage"].comparisonOperator, "LessThanThreshold");
        assert.equal(alarms["api-latency"].treatMissingData, "notBreaching"); // no requests is not slowness
    });

    it("takes its thresholds from the stack config, checked, and refuses them when alarms are off", () => {
        const base = {
            "aws:region": "eu-west-1",
            "paas:functions": JSON.stringify({ alarmEmails: ["o@example.com"] }),
        };
        const parsed = parseEnvironmentConfig(
            {
                ...base,
                "paas:monitoring": JSON.stringify({
                    reportSchedule: "cron(0 6 * * ? *)",
                    alarms: { databaseCpuPercent: 90 },
                }),
            },
            "paas",
            "qa",
        );
        assert.deepEqual(parsed.monitoring, {
            reportSchedule: "cron(0 6 * * ? *)",
            metricsNamespace: "paas/qa",
            alarms: { ...THRESHOLDS, databaseCpuPercent: 90 },
        });
        const error = (monitoring: unknown, functions = base["paas:functions"]) => {
            try {
                parseEnvironmentConfig(
                    { ...base, "paas:functions": functions, "paas:monitoring": JSON.stringify(monitoring) },
                    "paas",
                    "qa",
                );
            } catch (e) {
                assert.ok(e instanceof InvalidArgsError);
                return e.message;
            }
            assert.fail("expected the config to be rejected");
        };
        const message = error({ reportSchedule: "rate(1 hours)", alarms: { api5xxPercent: 0, apiLatency: 5 }, x: 1 });
        assert.match(
            message,
            /paas:monitoring\.reportSchedule: "rate\(1 hours\)" says "1 hours", which EventBridge refuses/,
        );
        assert.match(
            message,
            /paas:monitoring\.alarms\.api5xxPercent: got 0; percent\. Fix: use an integer from 1 to 100/,
        );
        assert.match(
            message,
            /paas:monitoring\.alarms\.apiLatency: is not a known setting\. Fix: use one of api5xxPercent, /,
        );
        assert.match(message, /paas:monitoring\.x: is not a known setting/);
        assert.match(
            error({ alarms: { databaseCpuPercent: 90 } }, JSON.stringify({ alarms: false })),
            /paas:monitoring\.alarms: is set but alarms are off \(paas:functions\.alarms: false\)\. Fix: turn alarms on or drop the thresholds/,
        );
    });
});
