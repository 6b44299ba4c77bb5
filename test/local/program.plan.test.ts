/** The planner alone: recorded registrations in, a local environment's plan out (no evaluation, no servers). */
import * as assert from "assert/strict";
import { PlanError, TYPES, planLocalEnvironment } from "../../local/program";
import type { RecordedResource } from "../../tools/offline/evaluate";
import { recordedResource } from "../support/records";

const ARN = "arn:aws:lambda:eu-west-1:123456789012:function:dev-api-fn-function-abc1234";

function resource(type: string, name: string, fields: Partial<RecordedResource> = {}): RecordedResource {
    return recordedResource(type, name, { id: name, ...fields });
}

const component = resource("paas:layer-function:LayerFunction", "dev-api-fn", { custom: false, id: "" });
const fn = resource(TYPES.function, "dev-api-fn-function", {
    parent: component.urn,
    inputs: { timeout: 7, memorySize: 256, environment: { variables: { A: "1" } }, handler: "index.handler" },
    outputs: {
        name: "dev-api-fn-function-abc1234",
        arn: ARN,
        invokeArn: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${ARN}/invocations`,
    },
});
const api = resource(TYPES.restApi, "api", { id: "r1", outputs: { rootResourceId: "root" } });
const items = resource(TYPES.resource, "items", {
    id: "res-items",
    inputs: { restApi: "r1", parentId: "root", pathPart: "items" },
});
const item = resource(TYPES.resource, "item", {
    id: "res-item",
    inputs: { restApi: "r1", parentId: "res-items", pathPart: "{id}" },
});
const at = { restApi: "r1", resourceId: "res-item", httpMethod: "GET" };
const method = resource(TYPES.method, "get-item", { inputs: { ...at, authorization: "NONE" } });
const integration = (type: string) =>
    resource(TYPES.integration, "get-item-integration", {
        inputs: { ...at, type, uri: fn.outputs.invokeArn, requestTemplates: { "application/json": "{}" } },
    });
const response = resource(TYPES.integrationResponse, "get-item-200", {
    inputs: { ...at, statusCode: "200", responseTemplates: { "application/json": "$input.json('$')" } },
});
const stage = resource(TYPES.stage, "stage", { inputs: { restApi: "r1", stageName: "v2" } });
const invokeConfig = resource(TYPES.invokeConfig, "async", {
    inputs: {
        functionName: "dev-api-fn-function-abc1234",
        maximumRetryAttempts: 0,
        destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-west-1:1:dlq" } },
    },
});
const code = new Map([[fn.urn, { directory: "/code", handler: "index.handler" }]]);

describe("planLocalEnvironment (registered resources → local environment)", () => {
    const plan = (resources: RecordedResource[], located = code) =>
        planLocalEnvironment({ project: "p", stack: "dev", resources }, located);

    it("names a component's function by the component, and answers to its short, physical and ARN names", () => {
        const [f] = plan([component, fn]).functions;
        assert.equal(f.name, "dev-api-fn");
        assert.deepEqual(f.aliases, ["api-fn", "dev-api-fn-function-abc1234", ARN]);
        assert.deepEqual([f.timeout, f.memorySize, f.environment], [7, 256, { A: "1" }]);
        assert.deepEqual(f.async, { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600 }, "Lambda's defaults");
    });

    it("takes the async config, the route's path from the resource tree, and its responses as registered", () => {
        const p = plan([component, fn, api, items, item, method, integration("AWS"), response, stage, invokeConfig]);
        assert.deepEqual(p.functions[0].async, {
            maximumRetryAttempts: 0,
            maximumEventAgeInSeconds: 21_600,
            onFailure: "arn:aws:sqs:eu-west-1:1:dlq",
        });
        assert.equal(p.apis[0].stage, "v2");
        const [route] = p.apis[0].routes;
        assert.equal(route.function, "dev-api-fn");
        assert.deepEqual([route.definition.method, route.definition.path], ["GET", "/items/{id}"]);
        assert.deepEqual(route.definition.integrationResponses, [
            {
                statusCode: "200",
                selectionPattern: undefined,
                responseParameters: {},
                responseTemplates: { "application/json": "$input.json('$')" },
            },
        ]);
        assert.equal(route.definition.passthroughBehavior, "WHEN_NO_MATCH", "API Gateway's default");
    });

    it("refuses, naming each resource, a proxy integration and a function without code it can run", () => {
        assert.throws(
            () => plan([component, fn, api, items, item, method, integration("AWS_PROXY"), stage], new Map()),
            (e: Error) =>
                e instanceof PlanError &&
                /function dev-api-fn: no code this machine can run/.test(e.message) &&
                /route GET \/items\/\{id\} \(get-item-integration\): only non-proxy Lambda integrations/.test(
                    e.message,
                ),
        );
    });

    it("takes DynamoDB tables and AWS-service routes to DynamoDB; refuses another service's, naming it", () => {
        const table = resource(TYPES.table, "records", {
            inputs: {
                hashKey: "bucket",
                rangeKey: "sourceKey",
                attributes: [
                    { name: "bucket", type: "S" },
                    { name: "sourceKey", type: "S" },
                ],
            },
            outputs: { name: "records-abc1234" },
        });
        const service = (action: string) =>
            resource(TYPES.integration, "get-item-integration", {
                inputs: { ...at, type: "AWS", uri: `arn:aws:apigateway:eu-west-1:${action}`, requestTemplates: {} },
            });
        const p = plan([table, api, items, item, method, service("dynamodb:action/GetItem"), response, stage]);
        assert.deepEqual(p.tables, [
            {
                name: "records-abc1234",
                hashKey: "bucket",
                rangeKey: "sourceKey",
                attributes: [
                    { name: "bucket", type: "S" },
                    { name: "sourceKey", type: "S" },
                ],
            },
        ]);
        const [route] = p.apis[0].routes;
        assert.deepEqual([route.function, route.service], [undefined, { service: "dynamodb", action: "GetItem" }]);
        assert.equal(route.definition.integrationResponses[0].statusCode, "200");
        assert.throws(
            () => plan([api, items, item, method, service("sqs:action/SendMessage"), stage]),
            /route GET \/items\/\{id\} \(get-item-integration\): .* dynamodb actions run locally, got type AWS to arn:aws:apigateway:eu-west-1:sqs:action\/SendMessage/,
        );
    });
});
