import * as aws from "../components/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { ContainerFunction, MysqlDatabase, Network, SubnetPlacement } from "../components/index";
import { MYSQL_DEFAULTS } from "../components/database/args";
import { functionConnectionBudget } from "../components/database/connections";
import { CONTAINER_DOCKERFILE, bundleForDeployment } from "../tools/build/functions";
import { EnvironmentConfig } from "./config";
import { migrationsDigest } from "../functions/seed-db/migrations";
import { seedEvent } from "./seeding";
import { TIMEOUTS } from "./timeouts";

/**
 * Where the environment's alarms go, when they are on: the existing topic config names, or a topic of the
 * stack's own emailing each configured address (config guarantees one or the other).
 */
export function createAlertsTopic(config: EnvironmentConfig): pulumi.Output<string> | undefined {
    const { alarms, alarmTopicArn, alarmEmails = [] } = config.functions;
    if (!alarms) return undefined;
    if (alarmTopicArn) return pulumi.output(alarmTopicArn);
    // Not encrypted with aws/sns: CloudWatch alarms cannot publish to topics under that AWS-managed key.
    const topic = new aws.sns.Topic(`${config.stack}-alerts`, { tags: config.tags });
    for (const address of alarmEmails) {
        // Named by the address, so adding or removing one never re-creates (and re-confirms) the others.
        new aws.sns.TopicSubscription(`${config.stack}-alerts-email-${shortDigest(address)}`, {
            topic: topic.arn,
            protocol: "email",
            endpoint: address,
        });
    }
    return topic.arn;
}

function shortDigest(text: string): string {
    return createHash("sha256").update(text.toLowerCase()).digest("hex").slice(0, 8);
}

/**
 * The two container functions on the accounts database, and the deploy-time seeding: `seed-db` applies the
 * migrations (and loads demo rows where config asks) on the first deploy and on every deploy that changes
 * the migrations, the database instance (a replacement is a new, empty database) or the demo setting.
 */
export function createAccountFunctions(
    config: EnvironmentConfig,
    network: Network | SubnetPlacement,
    database: MysqlDatabase,
    alerts: pulumi.Output<string> | undefined,
) {
    const environment = {
        MYSQL_HOST: database.address,
        MYSQL_PORT: database.port.apply(String),
        MYSQL_USER: database.username,
        MYSQL_DATABASE: database.databaseName,
        MYSQL_SECRET_ARN: database.secretArn,
    };
    const apiConcurrency =
        config.functions.reservedConcurrency ??
        functionConnectionBudget(config.database.instanceClass ?? MYSQL_DEFAULTS.instanceClass);
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
            // One connection per execution: the API's function may not outgrow the database. seed-db runs at
            // deploy time only, unreserved.
            reservedConcurrency: name === "retrieve-accounts" ? apiConcurrency : undefined,
            logRetentionInDays: config.logRetentionInDays,
            removal: config.removal,
            alarms: alerts && { topicArn: alerts },
            tags: config.tags,
        });
    const seedDb = make("seed-db");
    const retrieveAccounts = make("retrieve-accounts");

    const seeding = new aws.lambda.Invocation(
        `${config.stack}-seed-db-run`,
        {
            functionName: seedDb.functionName,
            input: JSON.stringify(seedEvent(config)),
            triggers: {
                migrations: migrationsDigest(),
                // RDS's own ID of the instance: new with every new instance, even under the same identifier.
                database: database.instance.resourceId,
                demoData: String(config.demoData),
            },
        },
        // Everything the function needs to reach the database, not only the function: the instance, and the
        // routes, endpoints and security group rules of the network (its role and logs come with the function).
        {
            dependsOn: [seedDb.function, database.instance, ...("connectivity" in network ? network.connectivity : [])],
        },
    );

    return { seedDb, retrieveAccounts, seedResult: seeding.result };
}
