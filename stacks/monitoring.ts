import * as aws from "../components/aws";
import * as pulumi from "@pulumi/pulumi";
import { MysqlDatabase, RestApi } from "../components/index";
import { MYSQL_DEFAULTS } from "../components/database/args";
import { tagsWithName } from "../components/tags";
import { environmentAlarms } from "./alarms";
import { EnvironmentConfig } from "./config";
import { dashboardBody, dashboardName } from "./dashboard";
import type { StackFunction } from "./functions";
import { FunctionManifest } from "./manifest";
import { MonitoredStack, queueNameOfUrl } from "./monitored";

type Name = pulumi.Output<string>;

/**
 * The environment's dashboard, and its alarms when alarms are on (to the alerts topic), from what the stack
 * registered: the API, every function of the manifest, the database, the dead-letter queues, the custom metrics.
 */
export function createMonitoring(
    config: EnvironmentConfig,
    manifest: FunctionManifest,
    parts: {
        api: RestApi;
        functions: Record<string, StackFunction>;
        database: MysqlDatabase;
        alerts: pulumi.Output<string> | undefined;
    },
) {
    const monitored: MonitoredStack<Name> = {
        region: new pulumi.Config("aws").require("region"),
        api: { name: parts.api.api.name, stage: parts.api.stageName },
        functions: Object.entries(parts.functions).map(([key, fn]) => ({ key, name: fn.functionName })),
        database: {
            identifier: parts.database.instance.identifier,
            instanceClass: config.database.instanceClass ?? MYSQL_DEFAULTS.instanceClass,
            allocatedStorageGib: config.database.allocatedStorage ?? MYSQL_DEFAULTS.allocatedStorage,
        },
        queues: Object.entries(parts.functions).flatMap(([key, fn]) =>
            "deadLetterQueueUrl" in fn ? [{ function: key, name: fn.deadLetterQueueUrl.apply(queueNameOfUrl) }] : [],
        ),
        metrics: Object.entries(manifest).flatMap(([key, entry]) =>
            entry.metrics
                ? [
                      {
                          function: key,
                          namespace: config.monitoring.metricsNamespace,
                          dimensions: entry.metrics.dimensions,
                          names: [...entry.metrics.names],
                      },
                  ]
                : [],
        ),
    };

    const alerts = parts.alerts;
    const alarms = alerts
        ? environmentAlarms(monitored, config.monitoring.alarms).map((spec) => {
              const name = `${config.stack}-${spec.role}-alarm`;
              const percentile = spec.statistic.startsWith("p");
              return new aws.cloudwatch.MetricAlarm(name, {
                  alarmDescription: spec.description,
                  namespace: spec.namespace,
                  metricName: spec.metricName,
                  dimensions: spec.dimensions,
                  ...(percentile ? { extendedStatistic: spec.statistic } : { statistic: spec.statistic }),
                  period: spec.period,
                  evaluationPeriods: spec.evaluationPeriods,
                  datapointsToAlarm: spec.datapointsToAlarm,
                  threshold: spec.threshold,
                  comparisonOperator: spec.comparisonOperator,
                  treatMissingData: spec.treatMissingData,
                  alarmActions: [alerts],
                  okActions: [alerts],
                  tags: tagsWithName(config.tags, name),
              });
          })
        : [];

    const dashboard = new aws.cloudwatch.Dashboard(`${config.stack}-dashboard`, {
        dashboardName: dashboardName(config.project, config.stack),
        dashboardBody: resolved({ ...monitored, alarms: alarms.map((a) => a.arn) }).apply(dashboardBody),
    });
    return { dashboard, alarms };
}

/** The stack's names, once known (`output` unwraps the outputs nested in it): what the dashboard is built from. */
function resolved(s: MonitoredStack<Name>): pulumi.Output<MonitoredStack> {
    return pulumi.output(s);
}
