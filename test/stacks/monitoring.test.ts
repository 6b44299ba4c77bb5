import * as assert from "assert/strict";
import { mysqlMaxConnections } from "../../components/database/connections";
import { REPORT_DIMENSIONS, REPORT_METRICS } from "../../functions/report/metrics";
import { parseEnvironmentConfig } from "../../stacks/config";
import { resolveSchedule, settingValue } from "../../stacks/functions";
import { FUNCTIONS } from "../../stacks/manifest";
import { Evaluation } from "../../tools/offline/evaluate";
import { byId, evaluateStackOnce, named, ofType } from "../support/harness";

const STACKS = ["dev", "staging", "prod"] as const;
const TYPES = {
    fn: "aws:lambda/function:Function",
    api: "aws:apigateway/restApi:RestApi",
    stage: "aws:apigateway/stage:Stage",
    db: "aws:rds/instance:Instance",
    queue: "aws:sqs/queue:Queue",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
};
const ENVIRONMENT_ALARMS = ["api-5xx", "api-latency", "db-cpu", "db-storage", "db-connections", "accounts-created"];

/**
 * What a metric's dimensions must name in the stack, by namespace: each value is the physical name of a
 * resource the stack registered (or, for the custom metrics, the dimensions the report publishes).
 */
function resourceNames(e: Evaluation): Record<string, Record<string, Set<string>>> {
    const names = (type: string, key = "name") => new Set(ofType(e, type).map((r) => String(r.outputs[key])));
    return {
        "AWS/Lambda": { FunctionName: names(TYPES.fn) },
        "AWS/ApiGateway": { ApiName: names(TYPES.api), Stage: names(TYPES.stage, "stageName") },
        "AWS/RDS": { DBInstanceIdentifier: names(TYPES.db, "identifier") },
        "AWS/SQS": { QueueName: names(TYPES.queue) },
        [`paas/${e.stack}`]: Object.fromEntries(Object.entries(REPORT_DIMENSIONS).map(([k, v]) => [k, new Set([v])])),
    };
}

function checkMetric(
    e: Evaluation,
    where: string,
    namespace: string,
    name: string,
    dimensions: Record<string, string>,
) {
    const known = resourceNames(e)[namespace];
    assert.ok(known, `${where}: ${namespace} is not a namespace the stack publishes to`);
    if (!namespace.startsWith("AWS/"))
        assert.ok(
            Object.values(REPORT_METRICS).some((m) => m.name === name),
            `${where}: ${name} is not a metric the report publishes`,
        );
    assert.deepEqual(Object.keys(dimensions).sort(), Object.keys(known).sort(), `${where}: dimensions of ${name}`);
    for (const [dimension, value] of Object.entries(dimensions))
        assert.ok(known[dimension].has(value), `${where}: ${name}'s ${dimension} ${value} names nothing in the stack`);
}

type Widget = { type: string; properties: { title?: string; metrics?: (string | object)[][] } };

describe("the report's settings from the stack config", () => {
    it("takes its schedule and its metrics' namespace from the environment's config", () => {
        const config = parseEnvironmentConfig(
            {
                "aws:region": "eu-west-1",
                "acme:functions": JSON.stringify({ alarms: false }),
                "acme:monitoring": JSON.stringify({ reportSchedule: "cron(15 * * * ? *)" }),
            },
            "acme",
            "qa",
        );
        const [schedule] = FUNCTIONS.report.triggers.schedules;
        assert.deepEqual(resolveSchedule(config, schedule), { expression: "cron(15 * * * ? *)" });
        assert.deepEqual(resolveSchedule(config, { expression: "rate(5 minutes)" }), { expression: "rate(5 minutes)" });
        assert.equal(settingValue(config, FUNCTIONS.report.settings.METRICS_NAMESPACE), "acme/qa");
    });
});

describe("monitoring, as each stack registers it", () => {
    const evaluations: Record<string, Evaluation> = {};
    before(async () => {
        for (const stack of STACKS) evaluations[stack] = await evaluateStackOnce(stack);
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("graphs every function, the API, the database and each dead-letter queue, every metric naming a resource of the stack", () => {
                const e = evaluations[stack];
                const dashboard = named(e, `${stack}-dashboard`);
                assert.equal(dashboard.inputs.dashboardName, `paas-${stack}`);
                assert.equal(e.outputs.dashboardName, `paas-${stack}`);
                const widgets = (JSON.parse(dashboard.inputs.dashboardBody) as { widgets: Widget[] }).widgets;
                const graphed = new Set<string>();
                for (const w of widgets.filter((w) => w.type === "metric")) {
                    for (const metric of w.properties.metrics!) {
                        const [namespace, name, ...rest] = metric as string[];
                        const pairs = rest.filter((x) => typeof x === "string");
                        const dimensions = Object.fromEntries(
                            pairs.flatMap((x, i) => (i % 2 === 0 ? [[x, pairs[i + 1]]] : [])),
                        );
                        checkMetric(e, `widget "${w.properties.title}"`, namespace, name, dimensions);
                        for (const value of Object.values(dimensions)) graphed.add(value);
                        graphed.add(name);
                    }
                }
                for (const type of [TYPES.fn, TYPES.api, TYPES.queue])
                    for (const r of ofType(e, type))
                        assert.ok(graphed.has(String(r.outputs.name)), `${r.name} is not graphed`);
                assert.ok(graphed.has(String(named(e, `${stack}-db-instance`).outputs.identifier)));
                for (const metric of Object.values(REPORT_METRICS)) assert.ok(graphed.has(metric.name), metric.name);
            });

            it("runs the report on its schedule in the VPC, with the database, its metrics' namespace and a dead-letter queue", () => {
                const e = evaluations[stack];
                const fn = named(e, `${stack}-report-function`);
                assert.equal(fn.inputs.packageType, "Zip");
                const variables = fn.inputs.environment.variables as Record<string, string>;
                assert.equal(variables.METRICS_NAMESPACE, `paas/${stack}`);
                assert.equal(variables.MYSQL_HOST, e.outputs.dbAddress);
                assert.equal(variables.MYSQL_SECRET_ARN, e.outputs.dbSecretArn);
                const subnets = (fn.inputs.vpcConfig.subnetIds as string[]).map((id) => byId(e, id).name);
                assert.ok(subnets.length >= 2 && subnets.every((n) => n.includes("-private-")), subnets.join());
                // The database's connect grant: the secret, on the report's role (the port is the network's rule).
                const grant = named(e, `${stack}-db-connect-${stack}-report`).inputs;
                assert.equal(grant.role, named(e, `${stack}-report-role`).outputs.name);
                assert.deepEqual(JSON.parse(grant.policy).Statement, [
                    { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [e.outputs.dbSecretArn] },
                ]);
                assert.equal(named(e, `${stack}-report-schedule-1`).inputs.scheduleExpression, "rate(1 hour)");
                assert.equal(named(e, `${stack}-report-schedule-1-target`).inputs.arn, fn.outputs.arn);
                const async = named(e, `${stack}-report-async`).inputs;
                assert.equal(async.maximumRetryAttempts, 2);
                assert.equal(
                    async.destinationConfig.onFailure.destination,
                    named(e, `${stack}-report-dlq`).outputs.arn,
                );
                assert.equal(e.outputs.reportDeadLetterQueueUrl, named(e, `${stack}-report-dlq`).outputs.url);
            });

            it(
                stack === "dev"
                    ? "creates no environment alarms where alarms are off"
                    : "alarms to the alerts topic on the API, the database and sign-ups, naming resources of the stack",
                () => {
                    const e = evaluations[stack];
                    const alarms = ENVIRONMENT_ALARMS.map((role) =>
                        ofType(e, TYPES.alarm).find((a) => a.name === `${stack}-${role}-alarm`),
                    );
                    if (stack === "dev") {
                        assert.deepEqual(alarms.filter(Boolean), []);
                        assert.ok(!named(e, "dev-dashboard").inputs.dashboardBody.includes('"type":"alarm"'));
                        return;
                    }
                    for (const alarm of alarms) {
                        assert.ok(alarm);
                        assert.deepEqual(alarm.inputs.alarmActions, [e.outputs.alertsTopicArn]);
                        assert.deepEqual(alarm.inputs.okActions, [e.outputs.alertsTopicArn]);
                        const { namespace, metricName, dimensions } = alarm.inputs;
                        checkMetric(e, alarm.name, namespace, metricName, dimensions);
                    }
                    // The dashboard shows their states.
                    const body = JSON.parse(named(e, `${stack}-dashboard`).inputs.dashboardBody) as {
                        widgets: { type: string; properties: { alarms?: string[] } }[];
                    };
                    const shown = body.widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms);
                    assert.deepEqual(
                        shown,
                        alarms.map((a) => a!.outputs.arn),
                    );
                    const instanceClass = stack === "prod" ? "db.m7g.large" : "db.t4g.small";
                    const connections = named(e, `${stack}-db-connections-alarm`).inputs;
                    assert.equal(connections.threshold, Math.floor(mysqlMaxConnections(instanceClass) * 0.9));
                    const storage = named(e, `${stack}-db-storage-alarm`).inputs;
                    assert.equal(storage.threshold, Math.floor((stack === "prod" ? 50 : 20) * 1024 ** 3 * 0.05));
                    assert.equal(named(e, `${stack}-api-latency-alarm`).inputs.extendedStatistic, "p99");
                },
            );
        });
    }
});
