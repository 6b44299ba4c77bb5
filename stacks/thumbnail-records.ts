/**
 * The thumbnail records: a DynamoDB table the thumbnail function writes one item per source object to,
 * and `GET /thumbnails` and `GET /thumbnails/{key+}` reading it through API Gateway's AWS-service
 * integration (no function in the path): request templates build the Query and GetItem requests, response
 * templates turn DynamoDB's typed JSON into plain JSON.
 *
 * Key schema: partition `bucket` (the source bucket), sort `sourceKey`. Every item of a bucket is in one
 * partition, so the list is a single Query in key order, paged with `?after=<key>` (a Scan would read the
 * whole table and has no order); a retried event rewrites the same item. One partition takes 1,000 writes
 * and 3,000 reads a second, far above an upload pipeline's rate.
 */
import * as aws from "../components/aws";
import * as pulumi from "@pulumi/pulumi";
import { PrivateBucket, RouteArgs, SERVICE_ERROR_RESPONSES } from "../components/index";
import { statefulOptions } from "../components/removal";
import { RECORD_KEY } from "../functions/thumbnail/record-key";
import { EnvironmentConfig } from "./config";

/** Items a list returns at most; the next page starts `after` the last key. */
export const THUMBNAILS_PAGE_SIZE = 100;

/** The DynamoDB table of thumbnail records. */
export function createThumbnailRecords(config: EnvironmentConfig): aws.dynamodb.Table {
    const retain = config.removal === "retain";
    return new aws.dynamodb.Table(
        `${config.stack}-thumbnail-records`,
        {
            // hashKey, rangeKey (and the table's name, left to auto-naming) replace the table: keep them.
            hashKey: RECORD_KEY.partition,
            rangeKey: RECORD_KEY.sort,
            attributes: [
                { name: RECORD_KEY.partition, type: "S" },
                { name: RECORD_KEY.sort, type: "S" },
            ],
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

/** A JSON string of a template value, escaped as API Gateway's documentation prescribes. */
const jsonString = (reference: string) => `"$util.escapeJavaScript(${reference}).replaceAll("\\\\'","'")"`;

/** One record as plain JSON, from a typed item referenced as `$<name>`. */
function itemJson(name: string): string {
    const s = (attribute: string) => jsonString(`$${name}.${attribute}.S`);
    const n = (attribute: string) => `$${name}.${attribute}.N`;
    return (
        `{"source": ${s(RECORD_KEY.sort)}, "thumbnail": ${s("thumbnailKey")}, "format": ${s("format")}, ` +
        `"width": ${n("width")}, "height": ${n("height")}, "size": ${n("size")}, "createdAt": ${s("createdAt")}}`
    );
}

/** `GET /thumbnails`: a Query on the bucket's partition, one page of up to THUMBNAILS_PAGE_SIZE items. */
export function listRequestTemplate(table: string, bucket: string): string {
    return [
        "{",
        `  "TableName": "${table}",`,
        `  "KeyConditionExpression": "#bucket = :bucket",`,
        `  "ExpressionAttributeNames": {"#bucket": "${RECORD_KEY.partition}"},`,
        `  "ExpressionAttributeValues": {":bucket": {"S": "${bucket}"}},`,
        "#if($input.params('after') != \"\")",
        `  "ExclusiveStartKey": {"${RECORD_KEY.partition}": {"S": "${bucket}"}, "${RECORD_KEY.sort}": {"S": ${jsonString("$input.params('after')")}}},`,
        "#end",
        `  "Limit": ${THUMBNAILS_PAGE_SIZE}`,
        "}",
    ].join("\n");
}

/** The Query's items as `{"thumbnails": [...], "next": <key>}` (`next` only when there is another page). */
export const LIST_RESPONSE_TEMPLATE = [
    "#set($items = $input.path('$.Items'))",
    '{"thumbnails": [',
    `#foreach($item in $items)${itemJson("item")}#if($foreach.hasNext),#end`,
    "#end",
    "]",
    `#set($next = $input.path('$.LastEvaluatedKey.${RECORD_KEY.sort}.S'))`,
    `#if("$!next" != ""), "next": ${jsonString("$next")}#end`,
    "}",
].join("\n");

/** `GET /thumbnails/{key+}`: the item of one source key. */
export function getRequestTemplate(table: string, bucket: string): string {
    return [
        "{",
        `  "TableName": "${table}",`,
        `  "Key": {"${RECORD_KEY.partition}": {"S": "${bucket}"}, "${RECORD_KEY.sort}": {"S": ${jsonString("$input.params('key')")}}}`,
        "}",
    ].join("\n");
}

/** The item as plain JSON; no item is a 404 (GetItem answers 200 with `{}`, so no selection pattern can tell). */
export const GET_RESPONSE_TEMPLATE = [
    "#set($item = $input.path('$.Item'))",
    '#if("$!item" == "")',
    "#set($context.responseOverride.status = 404)",
    '{"message": "Not found"}',
    "#else",
    itemJson("item"),
    "#end",
].join("\n");

/** The routes, each allowed exactly its action on this table. */
export function thumbnailRoutes(table: aws.dynamodb.Table, uploads: PrivateBucket): RouteArgs[] {
    const template = (build: (table: string, bucket: string) => string) =>
        pulumi.all([table.name, uploads.bucketName]).apply(([t, b]) => build(t, b));
    return [
        {
            method: "GET",
            path: "/thumbnails",
            queryParameters: ["after"],
            awsService: {
                service: "dynamodb",
                action: "Query",
                requestTemplate: template(listRequestTemplate),
                resources: [table.arn],
                responses: [{ statusCode: "200", template: LIST_RESPONSE_TEMPLATE }, ...SERVICE_ERROR_RESPONSES],
            },
        },
        {
            method: "GET",
            path: "/thumbnails/{key+}",
            awsService: {
                service: "dynamodb",
                action: "GetItem",
                requestTemplate: template(getRequestTemplate),
                resources: [table.arn],
                responses: [{ statusCode: "200", template: GET_RESPONSE_TEMPLATE }, ...SERVICE_ERROR_RESPONSES],
                overrideStatusCodes: ["404"],
            },
        },
    ];
}
