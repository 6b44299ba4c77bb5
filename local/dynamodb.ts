/**
 * A DynamoDB-compatible server (dynalite, in memory) on a loopback port, with the tables a program
 * registered, and DynamoDB's JSON protocol as API Gateway's AWS-service integration speaks it: a POST with
 * `X-Amz-Target: DynamoDB_20120810.<Action>`. Locally nothing is signed: dynalite checks that a request
 * carries a signature's shape, not its value.
 */
import * as http from "http";
import { AddressInfo } from "net";

/** A table as the program registered it: its name and key schema. */
export interface TablePlan {
    name: string;
    hashKey: string;
    rangeKey?: string;
    attributes: { name: string; type: string }[];
}

export interface LocalDynamoDb {
    /** `http://127.0.0.1:<port>` */
    endpoint: string;
    /** Calls an action; resolves with DynamoDB's HTTP status and JSON body, as API Gateway gets them. */
    call(action: string, body: string): Promise<{ status: number; body: string }>;
    stop(): Promise<void>;
}

type DynaliteFactory = (options: {
    createTableMs: number;
    deleteTableMs: number;
    updateTableMs: number;
}) => http.Server;

const JSON_1_0 = "application/x-amz-json-1.0";
// The shape of a SigV4 header (dynalite's check); never a real signature.
const UNSIGNED =
    "AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0";

/** Starts an in-memory server with the tables (active at once), on a free loopback port. */
export async function startDynamoDb(tables: TablePlan[]): Promise<LocalDynamoDb> {
    // Loaded on use: only a program with tables pays for it.
    const dynalite = require("dynalite") as DynaliteFactory;
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const agent = new http.Agent({ keepAlive: true });
    const call = (action: string, body: string) => post(endpoint, agent, action, body);
    const local: LocalDynamoDb = {
        endpoint,
        call,
        async stop() {
            agent.destroy();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
    try {
        for (const table of tables) {
            const created = await call("CreateTable", JSON.stringify(createTableRequest(table)));
            if (created.status !== 200) throw new Error(`table ${table.name}: ${created.body}`);
        }
    } catch (error) {
        await local.stop();
        throw error;
    }
    return local;
}

/** CreateTable's request for a registered table (on demand: the local server has no capacity anyway). */
export function createTableRequest(table: TablePlan): Record<string, unknown> {
    const keys = [table.hashKey, table.rangeKey].filter((k): k is string => Boolean(k));
    return {
        TableName: table.name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: table.attributes
            .filter((a) => keys.includes(a.name))
            .map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
        KeySchema: keys.map((k, i) => ({ AttributeName: k, KeyType: i === 0 ? "HASH" : "RANGE" })),
    };
}

function post(
    endpoint: string,
    agent: http.Agent,
    action: string,
    body: string,
): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.request(
            `${endpoint}/`,
            {
                method: "POST",
                agent,
                headers: {
                    "content-type": JSON_1_0,
                    "content-length": Buffer.byteLength(body),
                    "x-amz-target": `DynamoDB_20120810.${action}`,
                    "x-amz-date": "20260101T000000Z",
                    authorization: UNSIGNED,
                },
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("error", reject);
                res.on("end", () =>
                    resolve({ status: res.statusCode ?? 500, body: Buffer.concat(chunks).toString("utf8") }),
                );
            },
        );
        req.on("error", reject);
        req.end(body);
    });
}
