/** The local API Gateway's AWS-service integration, against a stand-in service (no server but the API's). */
import * as assert from "assert/strict";
import * as http from "http";
import { AddressInfo } from "net";
import { defineServiceRoute } from "../../components/rest-api/service";
import { createLocalApi } from "../../local/api-gateway";
import { request } from "../support/http";

const GET = defineServiceRoute(
    { method: "GET", path: "/items/{key+}" },
    {
        responses: [
            {
                statusCode: "200",
                template:
                    '#set($item = $input.path(\'$.Item\'))#if("$!item" == "")#set($context.responseOverride.status = 404){"message": "Not found"}#else{"id": "$input.path(\'$.Item.id.S\')"}#end',
            },
            { statusCode: "400", selectionPattern: "400", template: '{"message": "Bad request"}' },
            {
                statusCode: "500",
                selectionPattern: "(?!400)[45]\\d\\d",
                template: '{"message": "Internal server error"}',
            },
        ],
        overrideStatusCodes: ["404"],
    },
    '{"Key": {"id": {"S": "$input.params(\'key\')"}}}',
);

describe("local API Gateway: AWS-service routes", () => {
    let server: http.Server;
    let base: string;
    const sent: string[] = [];
    /** Answers as DynamoDB would, by the key the request names. */
    const answer = (body: string) => {
        sent.push(body);
        const key = (JSON.parse(body) as { Key: { id: { S: string } } }).Key.id.S;
        if (key === "missing") return { status: 200, body: "{}" };
        if (key === "invalid") return { status: 400, body: '{"__type":"ValidationException","message":"table t"}' };
        if (key === "denied") return { status: 403, body: '{"__type":"AccessDeniedException"}' };
        return { status: 200, body: JSON.stringify({ Item: { id: { S: key } } }) };
    };
    before(async () => {
        server = createLocalApi({
            stage: "dev",
            routes: [
                { definition: GET, service: { name: "dynamodb:GetItem", call: (b) => Promise.resolve(answer(b)) } },
            ],
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dev`;
    });
    after(() => new Promise((r) => server.close(r)));

    it("sends the rendered request template, and renders the default response from the service's answer", async () => {
        const res = await request(`${base}/items/a/b`);
        assert.deepEqual(
            [res.status, res.headers["content-type"], JSON.parse(res.body)],
            [200, "application/json", { id: "a/b" }],
        );
        assert.deepEqual(JSON.parse(sent.at(-1)!), { Key: { id: { S: "a/b" } } });
    });

    it("applies a response override (404), and selects by the service's status: 400, and 500 for others", async () => {
        const statuses = await Promise.all(
            ["missing", "invalid", "denied"].map(async (key) => {
                const res = await request(`${base}/items/${key}`);
                return [res.status, JSON.parse(res.body)] as const;
            }),
        );
        assert.deepEqual(statuses, [
            [404, { message: "Not found" }],
            [400, { message: "Bad request" }],
            [500, { message: "Internal server error" }],
        ]);
    });
});
