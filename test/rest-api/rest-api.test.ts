import * as assert from "assert/strict";
import { RestApi, RestApiArgs, Route, defineRoute, defineServiceRoute } from "../../components/rest-api";
import { Evaluation } from "../../tools/offline/evaluate";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { REGION, T, childrenOf, evaluateInvalid, evaluateProgram, named, ofType } from "../support/harness";

const TARGET = {
    functionName: "accounts-fn",
    invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${MOCK_ACCOUNT_ID}:function:accounts-fn/invocations`,
    timeout: 10,
};
const PAGE: Route = {
    method: "GET",
    path: "/",
    target: TARGET,
    queryParameters: ["limit", "offset"],
    contentType: "text/html",
};
const ACCOUNT: Route = { method: "GET", path: "/accounts/{id}", target: TARGET };

function evaluateApi(args: Partial<RestApiArgs> = {}): Promise<Evaluation> {
    return evaluateProgram(() => {
        const api = new RestApi("web", { routes: [PAGE, ACCOUNT], stageName: "dev", tags: { team: "web" }, ...args });
        return { url: api.invokeUrl, ...(api.apiKeyId ? { apiKeyId: api.apiKeyId } : {}) };
    });
}

describe("RestApi", () => {
    describe("with two routes and defaults", () => {
        let e: Evaluation;
        before(async () => {
            e = await evaluateApi();
        });

        it("is a regional REST API with a resource per path segment", () => {
            assert.deepEqual(named(e, "web-api").inputs.endpointConfiguration, { types: "REGIONAL" });
            const api = named(e, "web-api");
            const accounts = named(e, "web-resource-accounts");
            assert.deepEqual(
                [accounts.inputs.parentId, accounts.inputs.pathPart],
                [api.outputs.rootResourceId, "accounts"],
            );
            const id = named(e, "web-resource-accounts-id");
            assert.deepEqual([id.inputs.parentId, id.inputs.pathPart], [accounts.id, "{id}"]);
            assert.equal(named(e, "web-get-root-method").inputs.resourceId, api.outputs.rootResourceId);
            assert.equal(named(e, "web-get-accounts-id-method").inputs.resourceId, id.id);
        });

        it("integrates each route with its function: AWS type, POST to the invoke ARN, the route's request template", () => {
            const integration = named(e, "web-get-root-integration").inputs;
            assert.equal(integration.type, "AWS");
            assert.equal(integration.integrationHttpMethod, "POST");
            assert.equal(integration.uri, TARGET.invokeArn);
            assert.deepEqual(integration.requestTemplates, defineRoute(PAGE).requestTemplates);
            assert.equal(integration.passthroughBehavior, "NEVER");
            assert.equal(integration.timeoutMilliseconds, 29000);
            const method = named(e, "web-get-root-method").inputs;
            assert.equal(method.authorization, "NONE");
            assert.deepEqual(method.requestParameters, {
                "method.request.querystring.limit": false,
                "method.request.querystring.offset": false,
            });
        });

        it("declares every method response and integration response of the definition", () => {
            const definition = defineRoute(PAGE);
            for (const response of definition.integrationResponses) {
                const deployed = named(e, `web-get-root-integration-response-${response.statusCode}`).inputs;
                assert.equal(deployed.selectionPattern, response.selectionPattern);
                assert.deepEqual(deployed.responseTemplates, response.responseTemplates);
                assert.deepEqual(deployed.responseParameters, response.responseParameters);
                assert.ok(
                    named(e, `web-get-root-integration-response-${response.statusCode}`).dependencies.includes(
                        named(e, `web-get-root-response-${response.statusCode}`).urn,
                    ),
                );
            }
            assert.deepEqual(named(e, "web-get-root-integration-response-200").inputs.responseTemplates, {
                "text/html": "$input.path('$')",
            });
            assert.equal(
                named(e, "web-get-root-integration-response-200").inputs.responseParameters[
                    "method.response.header.Content-Type"
                ],
                "'text/html'",
            );
            assert.equal(ofType(e, "aws:apigateway/methodResponse:MethodResponse").length, 10);
        });

        it("scopes each Lambda permission to this API, the route's method and path", () => {
            const executionArn = named(e, "web-api").outputs.executionArn;
            assert.equal(named(e, "web-get-root-permission").inputs.sourceArn, `${executionArn}/*/GET/`);
            assert.equal(
                named(e, "web-get-accounts-id-permission").inputs.sourceArn,
                `${executionArn}/*/GET/accounts/*`,
            );
            const permission = named(e, "web-get-root-permission").inputs;
            assert.deepEqual(
                [permission.action, permission.principal, permission.function],
                ["lambda:InvokeFunction", "apigateway.amazonaws.com", "accounts-fn"],
            );
        });

        it("redeploys on any definition change: the deployment's trigger digests every route, and waits for them", () => {
            const deployment = named(e, "web-deployment");
            assert.match(deployment.inputs.triggers.definition, /^[0-9a-f]{64}$/);
            for (const r of e.resources.filter((r) => /web-get-.*-(method|integration|response)/.test(r.name))) {
                assert.ok(deployment.dependencies.includes(r.urn), `the deployment does not wait for ${r.name}`);
            }
        });

        it("has a stage of its own with JSON access logs, metrics, execution logging and throttling", () => {
            const stage = named(e, "web-stage").inputs;
            assert.equal(stage.stageName, "dev");
            assert.equal(stage.deployment, named(e, "web-deployment").id);
            assert.equal(stage.xrayTracingEnabled, false);
            assert.equal(stage.accessLogSettings.destinationArn, named(e, "web-access-logs").outputs.arn);
            assert.equal(JSON.parse(stage.accessLogSettings.format).requestId, "$context.requestId");
            assert.equal(named(e, "web-access-logs").inputs.retentionInDays, 30);
            const settings = named(e, "web-method-settings").inputs;
            assert.equal(settings.methodPath, "*/*");
            assert.deepEqual(settings.settings, {
                metricsEnabled: true,
                loggingLevel: "ERROR",
                dataTraceEnabled: false,
                throttlingRateLimit: 100,
                throttlingBurstLimit: 200,
            });
            assert.equal(
                named(e, "web-execution-logs").inputs.name,
                `API-Gateway-Execution-Logs_${named(e, "web-api").id}/dev`,
            );
            assert.equal(ofType(e, "aws:apigateway/account:Account").length, 0);
        });

        it("exports the invoke URL, and parents and names its children", () => {
            assert.equal(e.outputs.url, `https://${named(e, "web-api").id}.execute-api.${REGION}.amazonaws.com/dev/`);
            for (const child of childrenOf(e, "web")) assert.match(child.name, /^web-/);
            assert.equal(
                childrenOf(e, "web").length,
                e.resources.filter((r) => r.type !== T.stack && r.name !== "web").length,
            );
        });
    });

    describe("with AWS-service routes", () => {
        const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${MOCK_ACCOUNT_ID}:table/items`;
        const GET_ITEM: Route = {
            method: "GET",
            path: "/items/{key+}",
            awsService: {
                service: "dynamodb",
                action: "GetItem",
                requestTemplate: '{"TableName": "items"}',
                resources: [TABLE_ARN],
                overrideStatusCodes: ["404"],
            },
        };
        const OWN_ROLE = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/mine`;
        const QUERY: Route = {
            method: "GET",
            path: "/items",
            awsService: { service: "dynamodb", action: "Query", requestTemplate: "{}", credentialsRoleArn: OWN_ROLE },
        };
        let e: Evaluation;
        before(async () => {
            e = await evaluateApi({ routes: [PAGE, GET_ITEM, QUERY] });
        });

        it("calls the action with POST, its template and a role allowed exactly that action on the resources", () => {
            const integration = named(e, "web-get-items-key-integration").inputs;
            assert.deepEqual(
                [integration.type, integration.integrationHttpMethod, integration.uri],
                ["AWS", "POST", `arn:aws:apigateway:${REGION}:dynamodb:action/GetItem`],
            );
            assert.deepEqual(integration.requestTemplates, { "application/json": '{"TableName": "items"}' });
            const role = named(e, "web-get-items-key-role");
            assert.equal(integration.credentials, role.outputs.arn);
            assert.match(role.inputs.assumeRolePolicy, /apigateway\.amazonaws\.com/);
            assert.deepEqual(JSON.parse(named(e, "web-get-items-key-policy").inputs.policy).Statement, [
                { Effect: "Allow", Action: "dynamodb:GetItem", Resource: [TABLE_ARN] },
            ]);
            // A role of one's own is used as it is; no function, so no Lambda permission.
            assert.equal(named(e, "web-get-items-integration").inputs.credentials, OWN_ROLE);
            assert.equal(ofType(e, "aws:iam/role:Role").length, 1);
            assert.deepEqual(
                ofType(e, "aws:lambda/permission:Permission").map((p) => p.name),
                ["web-get-root-permission"],
            );
        });

        it("declares the responses: the default 200, the service's 400 and other errors by status, the override's 404", () => {
            const definition = defineServiceRoute(GET_ITEM, GET_ITEM.awsService!, "");
            assert.deepEqual(
                definition.methodResponses.map((r) => r.statusCode),
                ["200", "400", "500", "404"],
            );
            for (const response of definition.integrationResponses) {
                const deployed = named(e, `web-get-items-key-integration-response-${response.statusCode}`).inputs;
                assert.equal(deployed.selectionPattern, response.selectionPattern);
                assert.deepEqual(deployed.responseTemplates, response.responseTemplates);
            }
            assert.equal(named(e, "web-get-items-key-integration-response-400").inputs.selectionPattern, "400");
            assert.ok(named(e, "web-get-items-key-response-404"));
        });
    });

    it("changes the deployment trigger when a template changes, and only then", async () => {
        const digest = async (route: Route) =>
            named(
                await evaluateProgram(() => new RestApi("web", { routes: [route], stageName: "dev" })),
                "web-deployment",
            ).inputs.triggers.definition;
        const base = await digest(PAGE);
        assert.equal(await digest({ ...PAGE }), base);
        assert.notEqual(await digest({ ...PAGE, requestTemplate: '{"limit": "5"}' }), base);
        assert.notEqual(await digest({ ...PAGE, contentType: "text/plain" }), base);
    });

    it("applies production settings and manages the account's logging role when asked", async () => {
        const e = await evaluateApi({
            tracing: true,
            throttlingRateLimit: 500,
            throttlingBurstLimit: 1000,
            loggingLevel: "INFO",
            manageAccountLoggingRole: true,
            accessLogRetentionInDays: 365,
        });
        assert.equal(named(e, "web-stage").inputs.xrayTracingEnabled, true);
        assert.equal(named(e, "web-method-settings").inputs.settings.throttlingRateLimit, 500);
        assert.equal(named(e, "web-access-logs").inputs.retentionInDays, 365);
        const role = named(e, "web-account-logging-role");
        assert.equal(
            JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal.Service,
            "apigateway.amazonaws.com",
        );
        assert.equal(
            named(e, "web-account-logging-policy").inputs.policyArn,
            "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
        );
        assert.equal(named(e, "web-account").inputs.cloudwatchRoleArn, role.outputs.arn);
        // Account-wide: a destroy of this stack must not reset it for the others.
        for (const kept of ["web-account", "web-account-logging-role", "web-account-logging-policy"])
            assert.equal(named(e, kept).options?.retainOnDelete, true, kept);
        assert.ok(named(e, "web-stage").dependencies.includes(named(e, "web-account").urn));
    });

    it("protects apiKey routes with a usage plan and a key", async () => {
        const e = await evaluateApi({ routes: [{ ...PAGE, auth: "apiKey" }] });
        assert.equal(named(e, "web-get-root-method").inputs.apiKeyRequired, true);
        const plan = named(e, "web-usage-plan").inputs;
        assert.deepEqual(plan.apiStages, [{ apiId: named(e, "web-api").id, stage: "dev" }]);
        assert.deepEqual(plan.throttleSettings, { rateLimit: 100, burstLimit: 200 });
        const key = named(e, "web-api-key");
        assert.deepEqual(named(e, "web-usage-plan-key").inputs, {
            keyId: key.id,
            keyType: "API_KEY",
            usagePlanId: named(e, "web-usage-plan").id,
        });
        assert.equal(e.outputs.apiKeyId, key.id);
        assert.equal(plan.quotaSettings, undefined, "no quota unless asked");
    });

    it("applies a usage plan's quota and throttle per key, and copies the key's value into a secret", async () => {
        const e = await evaluateApi({
            routes: [{ ...PAGE, auth: "apiKey" }],
            usagePlan: { quotaLimit: 5000, throttlingRateLimit: 10, throttlingBurstLimit: 20 },
            removal: "remove",
        });
        const plan = named(e, "web-usage-plan").inputs;
        assert.deepEqual(plan.quotaSettings, { limit: 5000, period: "MONTH" });
        assert.deepEqual(plan.throttleSettings, { rateLimit: 10, burstLimit: 20 });
        const secret = named(e, "web-api-key-secret");
        assert.deepEqual([secret.inputs.recoveryWindowInDays, secret.options?.protect], [0, false]);
        const version = named(e, "web-api-key-secret-value");
        assert.equal(version.inputs.secretString, named(e, "web-api-key").outputs.value);
        assert.deepEqual(version.secretInputs, ["secretString"]);
        assert.deepEqual(version.propertyDependencies.secretString, [named(e, "web-api-key").urn]);
    });

    it("protects cognito routes with a user pool authorizer", async () => {
        const pool = `arn:aws:cognito-idp:${REGION}:${MOCK_ACCOUNT_ID}:userpool/${REGION}_abc`;
        const e = await evaluateApi({ routes: [{ ...PAGE, auth: "cognito" }], cognitoUserPoolArns: [pool] });
        const authorizer = named(e, "web-cognito-authorizer");
        assert.deepEqual(
            [authorizer.inputs.type, authorizer.inputs.providerArns, authorizer.inputs.identitySource],
            ["COGNITO_USER_POOLS", [pool], "method.request.header.Authorization"],
        );
        const method = named(e, "web-get-root-method").inputs;
        assert.deepEqual([method.authorization, method.authorizerId], ["COGNITO_USER_POOLS", authorizer.id]);
    });

    const invalid: [string, Partial<RestApiArgs>, RegExp][] = [
        [
            "a function that outlives API Gateway's 29 s",
            { routes: [{ ...PAGE, target: { ...TARGET, timeout: 30 } }] },
            /- routes\[0\]\.target: times out after 30 s, but API Gateway gives up on an integration after 29 s\. Fix: give the function a timeout under 29 seconds\./,
        ],
        ["exactly 29 s", { routes: [{ ...PAGE, target: { ...TARGET, timeout: 29 } }] }, /times out after 29 s/],
        [
            "a duplicate route",
            { routes: [PAGE, { ...PAGE }] },
            /- routes \(method and path\): lists "GET \/" more than once/,
        ],
        ["a malformed path", { routes: [{ ...PAGE, path: "accounts" }] }, /- routes\[0\]\.path: got "accounts"/],
        [
            "an unknown method",
            { routes: [{ ...PAGE, method: "FETCH" as never }] },
            /- routes\[0\]\.method: got "FETCH"/,
        ],
        [
            "cognito without user pools",
            { routes: [{ ...PAGE, auth: "cognito" }] },
            /- routes\[0\]\.auth: is "cognito" but no cognitoUserPoolArns/,
        ],
        ["a stage name with a slash", { stageName: "dev/1" }, /- stageName: got "dev\/1"/],
        ["no routes", { routes: [] }, /- routes: is empty/],
        ["an unknown logging level", { loggingLevel: "DEBUG" as never }, /- loggingLevel: got "DEBUG"/],
    ];
    for (const [label, args, message] of invalid) {
        it(`rejects ${label} before registering anything`, async () => {
            const { error, resources } = await evaluateInvalid(
                () => new RestApi("bad", { routes: [PAGE], stageName: "dev", ...args }),
            );
            assert.match(error.message, /^RestApi "bad": /);
            assert.match(error.message, message);
            assert.deepEqual(
                resources.filter((r) => r.type !== T.stack),
                [],
            );
        });
    }
});
