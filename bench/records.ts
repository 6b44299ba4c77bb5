/**
 * `GET /thumbnails` with no function in the path: through the local API Gateway with the route's registered
 * templates (request template, a Query to the local DynamoDB, response template), against the same Query sent
 * directly from this process with the AWS SDK (the baseline), over the same page of items. Both go over
 * loopback HTTP to the same dynalite; the difference is what the API layer and its two templates cost.
 */
import { DynamoDBClient, QueryCommand, QueryCommandOutput } from "@aws-sdk/client-dynamodb";
import * as http from "http";
import { AddressInfo } from "net";
import { defineServiceRoute } from "../components/rest-api/service";
import { recordItem, RECORD_KEY } from "../functions/thumbnail/record";
import { recordKeySchema } from "../functions/thumbnail/record-key";
import { createLocalApi } from "../local/api-gateway";
import { startDynamoDb } from "../local/dynamodb";
import { THUMBNAIL_ROUTES, THUMBNAILS_PAGE_SIZE } from "../stacks/thumbnail-routes";
import { fmt, median, msSince, percentile, table } from "./stats";

const TABLE = "thumbnail-records";
const BUCKET = "uploads";
const WARMUP = 50;
const REQUESTS = 400;

export async function benchRecords(): Promise<string> {
    const dynamodb = await startDynamoDb([{ name: TABLE, ...recordKeySchema() }]);
    const client = new DynamoDBClient({
        endpoint: dynamodb.endpoint,
        region: "eu-west-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const list = THUMBNAIL_ROUTES.find((r) => r.action === "Query")!;
    const api = createLocalApi({
        stage: "bench",
        routes: [
            {
                definition: defineServiceRoute(list, list, list.request(TABLE, BUCKET)),
                service: { name: "dynamodb:Query", call: (body) => dynamodb.call("Query", body) },
            },
        ],
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
        for (let i = 0; i < THUMBNAILS_PAGE_SIZE; i++) {
            const key = `photos/${String(i).padStart(4, "0")}.jpg`;
            const item = recordItem({
                bucket: BUCKET,
                sourceKey: key,
                sourceSize: 2_000_000,
                sourceETag: "0123456789abcdef",
                thumbnailBucket: "thumbnails",
                thumbnailKey: `resized-${key}`,
                size: 50_000,
                width: 1024,
                height: 768,
                format: "jpeg",
                createdAt: new Date(Date.UTC(2026, 10, 27, 8, 0, i)).toISOString(),
                sequencer: "0000000000000000000000000000000A",
            });
            const put = await dynamodb.call("PutItem", JSON.stringify({ TableName: TABLE, Item: item }));
            if (put.status !== 200) throw new Error(`seeding ${key}: ${put.body}`);
        }
        const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/bench/thumbnails`;
        const viaApi = async () => {
            const body = JSON.parse(await get(url, agent)) as { thumbnails: unknown[] };
            if (body.thumbnails.length !== THUMBNAILS_PAGE_SIZE)
                throw new Error(`the API listed ${body.thumbnails.length}`);
        };
        const direct = async () => {
            const page: QueryCommandOutput = await client.send(
                new QueryCommand({
                    TableName: TABLE,
                    KeyConditionExpression: "#bucket = :bucket",
                    ExpressionAttributeNames: { "#bucket": RECORD_KEY.partition },
                    ExpressionAttributeValues: { ":bucket": { S: BUCKET } },
                    Limit: THUMBNAILS_PAGE_SIZE,
                }),
            );
            if (page.Items?.length !== THUMBNAILS_PAGE_SIZE)
                throw new Error(`the Query returned ${page.Items?.length}`);
        };
        for (let i = 0; i < WARMUP; i++) {
            await viaApi();
            await direct();
        }
        // Interleaved, so that a slow moment of a shared machine lands on both.
        const samples = { api: [] as number[], direct: [] as number[] };
        for (let i = 0; i < REQUESTS; i++) {
            let start = process.hrtime.bigint();
            await viaApi();
            samples.api.push(msSince(start));
            start = process.hrtime.bigint();
            await direct();
            samples.direct.push(msSince(start));
        }
        const row = (name: string, s: number[]) => [name, fmt(median(s)), fmt(percentile(s, 99))];
        return (
            `## Thumbnail records (GET /thumbnails, no function)\n\nA page of ${THUMBNAILS_PAGE_SIZE} records from the local DynamoDB (dynalite), ${REQUESTS} interleaved requests one at a time, after ${WARMUP} of each to warm up\n\n` +
            table(
                ["path", "p50 ms", "p99 ms"],
                [
                    row("GET /thumbnails through the local API Gateway (its templates)", samples.api),
                    row("the same Query from this process with the AWS SDK (baseline)", samples.direct),
                ],
            ) +
            `\n\nThrough the API / direct Query at p50: ${fmt(median(samples.api) / median(samples.direct))}×; at p99: ${fmt(percentile(samples.api, 99) / percentile(samples.direct, 99))}×\n`
        );
    } finally {
        agent.destroy();
        client.destroy();
        await new Promise((resolve) => api.close(resolve));
        await dynamodb.stop();
    }
}

function get(url: string, agent: http.Agent): Promise<string> {
    return new Promise((resolve, reject) => {
        http.get(url, { agent }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("error", reject);
            res.on("end", () =>
                res.statusCode === 200
                    ? resolve(Buffer.concat(chunks).toString("utf8"))
                    : reject(new Error(`GET ${url}: ${res.statusCode}`)),
            );
        }).on("error", reject);
    });
}
