import * as assert from "assert/strict";
import { defineServiceRoute } from "../../components/rest-api/service";
import { selectIntegrationResponse } from "../../local/api-gateway";
import { renderTemplate } from "../../local/vtl";
import {
    GET_RESPONSE_TEMPLATE,
    LIST_RESPONSE_TEMPLATE,
    THUMBNAIL_ROUTES,
    THUMBNAILS_PAGE_SIZE,
    getRequestTemplate,
    listRequestTemplate,
} from "../../stacks/thumbnail-routes";

const KEY = `holiday/O'Brien "Beach" \\ été.jpg`;
const render = (template: string, body = "", path: Record<string, string> = {}, query: Record<string, string> = {}) => {
    const context: Record<string, unknown> = { responseOverride: { header: {} } };
    const text = renderTemplate(template, {
        body,
        params: { path, querystring: query, header: {} },
        context,
        stageVariables: {},
    });
    return { json: JSON.parse(text) as unknown, status: (context.responseOverride as { status?: number }).status };
};
const item = (key: string, width = 320) => ({
    bucket: { S: "uploads" },
    sourceKey: { S: key },
    thumbnailKey: { S: `resized-${key}` },
    format: { S: "jpeg" },
    width: { N: String(width) },
    height: { N: "240" },
    size: { N: "5120" },
    createdAt: { S: "2026-11-27T08:00:00.000Z" },
    sequencer: { S: "0A" },
});
const plain = (key: string, width = 320) => ({
    source: key,
    thumbnail: `resized-${key}`,
    format: "jpeg",
    width,
    height: 240,
    size: 5120,
    createdAt: "2026-11-27T08:00:00.000Z",
});

describe("thumbnail routes' mapping templates (DynamoDB through API Gateway)", () => {
    it("lists with a Query on the bucket's partition, one page, from `after` when given (escaped)", () => {
        const query = {
            TableName: "records",
            KeyConditionExpression: "#bucket = :bucket",
            ExpressionAttributeNames: { "#bucket": "bucket" },
            ExpressionAttributeValues: { ":bucket": { S: "uploads" } },
            Limit: THUMBNAILS_PAGE_SIZE,
        };
        assert.deepEqual(render(listRequestTemplate("records", "uploads")).json, query);
        assert.deepEqual(render(listRequestTemplate("records", "uploads"), "", {}, { after: KEY }).json, {
            ...query,
            ExclusiveStartKey: { bucket: { S: "uploads" }, sourceKey: { S: KEY } },
        });
    });

    it("gets one item by its key, whatever characters it has", () => {
        assert.deepEqual(render(getRequestTemplate("records", "uploads"), "", { key: KEY }).json, {
            TableName: "records",
            Key: { bucket: { S: "uploads" }, sourceKey: { S: KEY } },
        });
    });

    it("turns a Query's typed items into a plain list, with `next` only when there is another page", () => {
        const page = { Items: [item(KEY), item("b.jpg", 100)], Count: 2 };
        assert.deepEqual(render(LIST_RESPONSE_TEMPLATE, JSON.stringify(page)).json, {
            thumbnails: [plain(KEY), plain("b.jpg", 100)],
        });
        const more = { ...page, LastEvaluatedKey: { bucket: { S: "uploads" }, sourceKey: { S: KEY } } };
        assert.deepEqual(render(LIST_RESPONSE_TEMPLATE, JSON.stringify(more)).json, {
            thumbnails: [plain(KEY), plain("b.jpg", 100)],
            next: KEY,
        });
        assert.deepEqual(render(LIST_RESPONSE_TEMPLATE, '{"Items": [], "Count": 0}').json, { thumbnails: [] });
    });

    it("turns GetItem's item into plain JSON, and no item into a 404 by response override", () => {
        assert.deepEqual(render(GET_RESPONSE_TEMPLATE, JSON.stringify({ Item: item(KEY) })), {
            json: plain(KEY),
            status: undefined,
        });
        assert.deepEqual(render(GET_RESPONSE_TEMPLATE, "{}"), { json: { message: "Not found" }, status: 404 });
    });

    it("selects responses by DynamoDB's status: 2XX the default, 400 a 400, any other 4XX or 5XX a 500", () => {
        for (const route of THUMBNAIL_ROUTES) {
            const { integrationResponses } = defineServiceRoute(route, route, "");
            const selected = (status: number) =>
                selectIntegrationResponse(integrationResponses, String(status))?.statusCode;
            assert.deepEqual([200, 400, 403, 404, 413, 500, 503].map(selected), [
                "200",
                "400",
                "500",
                "500",
                "500",
                "500",
                "500",
            ]);
        }
    });
});
