/**
 * The thumbnail records: a DynamoDB table the thumbnail function writes one item per source object to,
 * and `GET /thumbnails` and `GET /thumbnails/{key+}` reading it through API Gateway's AWS-service
 * integration, with no function in the path (the routes' templates are in thumbnail-routes.ts).
 *
 * Key schema: partition `bucket` (the source bucket), sort `sourceKey`. Every item of a bucket is in one
 * partition, so the list is a single Query in key order, paged with `?after=<key>` (a Scan would read the
 * whole table and has no order); a retried event rewrites the same item. One partition takes 1,000 writes
 * and 3,000 reads a second, far above an upload pipeline's rate.
 */
import * as aws from "../components/aws";
import * as pulumi from "@pulumi/pulumi";
import { PrivateBucket, Route } from "../components/index";
import { statefulOptions } from "../components/removal";
import { recordKeySchema } from "../functions/thumbnail/record-key";
import { EnvironmentConfig } from "./config";
import { THUMBNAIL_ROUTES } from "./thumbnail-routes";

/** The DynamoDB table of thumbnail records. */
export function createThumbnailRecords(config: EnvironmentConfig): aws.dynamodb.Table {
    const retain = config.removal === "retain";
    return new aws.dynamodb.Table(
        `${config.stack}-thumbnail-records`,
        {
            // hashKey, rangeKey (and the table's name, left to auto-naming) replace the table: keep them.
            ...recordKeySchema(),
            billingMode: "PAY_PER_REQUEST",
            // The AWS managed key (aws/dynamodb) rather than the AWS-owned one: its use is logged in CloudTrail
            // and it satisfies Config's dynamodb-table-encrypted-kms; DynamoDB caches the data key, so KMS
            // requests stay few. No customer key: nothing else needs to share or revoke it.
            serverSideEncryption: { enabled: true },
            pointInTimeRecovery: { enabled: config.thumbnails.pointInTimeRecovery },
            // Records go when their thumbnail does (the thumbnails bucket's expiry).
            ttl: { attributeName: "expiresAt", enabled: config.thumbnails.expireAfterDays !== undefined },
            deletionProtectionEnabled: retain,
            tags: { ...config.tags, Name: `${config.stack}-thumbnail-records` },
        },
        statefulOptions(config.removal, {}),
    );
}

/** The routes, each allowed exactly its action on this table. */
export function thumbnailRoutes(table: aws.dynamodb.Table, uploads: PrivateBucket): Route[] {
    return THUMBNAIL_ROUTES.map(({ action, request, responses, overrideStatusCodes, ...spec }) => ({
        ...spec,
        awsService: {
            service: "dynamodb",
            action,
            requestTemplate: pulumi.all([table.name, uploads.bucketName]).apply(([t, b]) => request(t, b)),
            resources: [table.arn],
            responses,
            ...(overrideStatusCodes ? { overrideStatusCodes } : {}),
        },
    }));
}
