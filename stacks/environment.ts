import { MysqlDatabase } from "../components/index";
import { EnvironmentConfig } from "./config";
import { createApi } from "./api";
import { createAccountFunctions, createAlertsTopic } from "./functions";
import { environmentNetwork } from "./network-source";
import { createThumbnailPipeline } from "./thumbnails";

/** Composes one environment from validated config and returns its stack outputs. */
export function createEnvironment(config: EnvironmentConfig) {
    const network = environmentNetwork(config);
    const database = new MysqlDatabase(`${config.stack}-db`, {
        ...config.database,
        removal: config.removal,
        logRetentionInDays: config.logRetentionInDays,
        network: network.databasePlacement,
        tags: config.tags,
    });
    const alerts = createAlertsTopic(config);
    const functions = createAccountFunctions(config, network.functionPlacement, database, alerts);
    const api = createApi(config, { "seed-db": functions.seedDb, "retrieve-accounts": functions.retrieveAccounts });
    const pipeline = createThumbnailPipeline(config, alerts);

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
        seedDbFunctionName: functions.seedDb.functionName,
        retrieveAccountsFunctionName: functions.retrieveAccounts.functionName,
        seedResult: functions.seedResult,
        ...(alerts ? { alertsTopicArn: alerts } : {}),
        apiUrl: api.invokeUrl,
        uploadsBucket: pipeline.uploads.bucketName,
        thumbnailsBucket: pipeline.thumbnails.bucketName,
        thumbnailFunctionName: pipeline.fn.functionName,
        thumbnailDeadLetterQueueUrl: pipeline.fn.deadLetterQueueUrl,
        ...(api.apiKeyId ? { apiKeyId: api.apiKeyId } : {}),
    };
}
