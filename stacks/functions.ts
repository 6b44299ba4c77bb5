import * as aws from "../components/aws";
import * as pulumi from "@pulumi/pulumi";
import { ContainerFunction, MysqlDatabase, Network, SubnetPlacement } from "../components";
import { CONTAINER_DOCKERFILE, bundleForDeployment } from "../tools/build/functions";
import { EnvironmentConfig } from "./config";
import { TIMEOUTS } from "./timeouts";

/** The environment's alerts topic, when alarms are on. */
export function createAlertsTopic(config: EnvironmentConfig): aws.sns.Topic | undefined {
    if (!config.functions.alarms) return undefined;
    // Not encrypted with aws/sns: CloudWatch alarms cannot publish to topics under that AWS-managed key.
    const topic = new aws.sns.Topic(`${config.stack}-alerts`, { tags: config.tags });
    if (config.functions.alarmEmail) {
        new aws.sns.TopicSubscription(`${config.stack}-alerts-email`, {
            topic: topic.arn,
            protocol: "email",
            endpoint: config.functions.alarmEmail,
        });
    }
    return topic;
}

/**
 * The two container functions on the accounts database, and the deploy-time seeding: `seed-db` runs once
 * when created and again whenever its image changes.
 */
export function createAccountFunctions(
    config: EnvironmentConfig,
    network: Network | SubnetPlacement,
    database: MysqlDatabase,
    alerts: aws.sns.Topic | undefined,
) {
    const environment = {
        MYSQL_HOST: database.address,
        MYSQL_PORT: database.port.apply(String),
        MYSQL_USER: database.username,
        MYSQL_DATABASE: database.databaseName,
        MYSQL_SECRET_ARN: database.secretArn,
    };
    const make = (name: keyof typeof TIMEOUTS) =>
        new ContainerFunction(`${config.stack}-${name}`, {
            image: { context: bundleForDeployment(name).dir, dockerfile: CONTAINER_DOCKERFILE },
            network,
            environment,
            secretArns: [database.secretArn],
            timeout: TIMEOUTS[name],
            architecture: config.functions.architecture,
            memorySize: config.functions.memorySize,
            tracing: config.functions.tracing,
            reservedConcurrency: config.functions.reservedConcurrency,
            logRetentionInDays: config.logRetentionInDays,
            removal: config.removal,
            alarms: alerts && { topicArn: alerts.arn },
            tags: config.tags,
        });
    const seedDb = make("seed-db");
    const retrieveAccounts = make("retrieve-accounts");

    const seeding = new aws.lambda.Invocation(`${config.stack}-seed-db-run`, {
        functionName: seedDb.functionName,
        input: JSON.stringify({ source: "deployment" }),
        triggers: { image: seedDb.imageUri },
    });

    return { seedDb, retrieveAccounts, seedResult: seeding.result as pulumi.Output<string> };
}
