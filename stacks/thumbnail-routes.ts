/**
 * The thumbnail records' routes as data (pure: local mode and the benchmark read them without the Pulumi SDK):
 * `GET /thumbnails` is a Query on the source bucket's partition, `GET /thumbnails/{key+}` a GetItem; request
 * templates build DynamoDB's requests, response templates turn its typed JSON into plain JSON. See
 * thumbnail-records.ts for the table and its key schema.
 */
import type { RouteSpec } from "../components/rest-api/definition";
import { SERVICE_ERROR_RESPONSES, ServiceResponse } from "../components/rest-api/service";
import { RECORD_KEY } from "../functions/thumbnail/record-key";

/** Items a list returns at most; the next page starts `after` the last key. */
export const THUMBNAILS_PAGE_SIZE = 100;

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

/** A route calling a DynamoDB action, before the table and bucket it names are known. */
export interface RecordsRoute extends Omit<RouteSpec, "requestTemplate"> {
    action: "Query" | "GetItem";
    request: (table: string, bucket: string) => string;
    responses: ServiceResponse[];
    overrideStatusCodes?: string[];
}

export const THUMBNAIL_ROUTES: RecordsRoute[] = [
    {
        method: "GET",
        path: "/thumbnails",
        queryParameters: ["after"],
        action: "Query",
        request: listRequestTemplate,
        responses: [{ statusCode: "200", template: LIST_RESPONSE_TEMPLATE }, ...SERVICE_ERROR_RESPONSES],
    },
    {
        method: "GET",
        path: "/thumbnails/{key+}",
        action: "GetItem",
        request: getRequestTemplate,
        responses: [{ statusCode: "200", template: GET_RESPONSE_TEMPLATE }, ...SERVICE_ERROR_RESPONSES],
        overrideStatusCodes: ["404"],
    },
];
