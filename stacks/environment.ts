import { LayerFunction, MysqlDatabase } from "../components/index";
import { EnvironmentConfig } from "./config";
import { createApi, createUsers } from "./api";
import { createAlertsTopic, createFunctions } from "./functions";
import { FUNCTIONS, FunctionManifest } from "./manifest";
import { createMonitoring } from "./monitoring";
import { environmentNetwork } from "./network-source";
import { createThumbnailRecords, thumbnailRoutes } from "./thumbnail-records";
import { createThumbnailStorage } from "./thumbnails";

/** Composes one environment from validated config and its functions' manifest, and returns its stack outputs. */
export function createEnvironment(config: EnvironmentConfig, manifest: FunctionManifest = FUNCTIONS) {
    const network = environmentNetwork(config);
    const database = new MysqlDatabase(`${config.stack}-db`, {
        ...config.database,
        removal: config.removal,
        logRetentionInDays: config.logRetentionInDays,
        network: network.placement,
        tags: config.tags,
    });
    const alerts = createAlertsTopic(config);
    const storage = createThumbnailStorage(config);
    const thumbnailRecords = createThumbnailRecords(config);
    const { functions, runs } = createFunctions(config, manifest, {
        network: network.placement,
        database,
        buckets: storage.buckets,
        tables: { thumbnailRecords },
        sharp: storage.sharp,
        alerts,
    });
    const serviceRoutes = thumbnailRoutes(thumbnailRecords, storage.buckets.uploads);
    const users = createUsers(config, manifest, serviceRoutes);
    const api = createApi(config, manifest, functions, serviceRoutes, users);
    const thumbnail = functions.thumbnail as LayerFunction;
    const report = functions.report as LayerFunction;
    const monitoring = createMonitoring(config, manifest, { api, functions, database, alerts });

    return {
        vpcId: network.vpcId,
        ...(network.created ? { publicSubnetIds: network.created.publicSubnetIds } : {}),
        privateSubnetIds: network.privateSubnetIds,
        isolatedSubnetIds: network.isolatedSubnetIds,
        lambdaSecurityGroupId: network.lambdaSecurityGroupId,
        databaseSecurityGroupId: network.databaseSecurityGroupId,
        dbAddress: database.address,
        dbPort: database.port,
        dbEndpoint: database.endpoint,
        dbName: database.databaseName,
        dbUsername: database.username,
        dbSecretArn: database.secretArn,
        seedDbFunctionName: functions["seed-db"].functionName,
        retrieveAccountsFunctionName: functions["retrieve-accounts"].functionName,
        seedResult: runs["seed-db"],
        ...(alerts ? { alertsTopicArn: alerts } : {}),
        apiUrl: api.invokeUrl,
        uploadsBucket: storage.buckets.uploads.bucketName,
        thumbnailsBucket: storage.buckets.thumbnails.bucketName,
        thumbnailFunctionName: thumbnail.functionName,
        thumbnailDeadLetterQueueUrl: thumbnail.deadLetterQueueUrl,
        thumbnailRecordsTable: thumbnailRecords.name,
        ...(users
            ? { userPoolId: users.userPoolId, userPoolClientId: users.clientId, userPoolIssuerUrl: users.issuerUrl }
            : {}),
        // The key's ID and where its value is: the value itself is never an output.
        ...(api.apiKeyId ? { apiKeyId: api.apiKeyId, apiKeySecretArn: api.apiKeySecretArn } : {}),
        reportFunctionName: report.functionName,
        reportDeadLetterQueueUrl: report.deadLetterQueueUrl,
        dashboardName: monitoring.dashboard.dashboardName,
    };
}
