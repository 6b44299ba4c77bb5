import * as assert from "assert/strict";
import {
    HTTP_METHODS,
    HttpMethod,
    RESPONSE_CONTENT_TYPES,
    ROUTE_AUTH,
    ResponseContentType,
    RouteAuth,
    defaultRequestTemplate,
    defineRoute,
    pathParameters,
    routeKey,
} from "../../components/rest-api/definition";
import { selectIntegrationResponse } from "../../local/api-gateway";
import { javaMatches, renderTemplate } from "../../local/vtl";

describe("route definitions", () => {
    const html = defineRoute({
        method: "GET",
        path: "/",
        queryParameters: ["limit", "offset"],
        contentType: "text/html",
    });

    it("maps the query string into the event, escaped as API Gateway documents", () => {
        assert.deepEqual(html.requestTemplates, {
            "application/json": defaultRequestTemplate("/", ["limit", "offset"]),
        });
        assert.equal(
            defaultRequestTemplate("/accounts/{id}", ["q"]),
            `{\n  "id": "$util.escapeJavaScript($input.params('id')).replaceAll("\\\\'","'")",\n  "q": "$util.escapeJavaScript($input.params('q')).replaceAll("\\\\'","'")"\n}`,
        );
        assert.equal(defaultRequestTemplate("/", []), "{}");
        assert.equal(html.passthroughBehavior, "NEVER");
    });

    it("returns HTML raw from the default response, declaring Content-Type on every method response", () => {
        const success = html.integrationResponses.find((r) => !r.selectionPattern)!;
        assert.deepEqual(success, {
            statusCode: "200",
            responseParameters: { "method.response.header.Content-Type": "'text/html'" },
            responseTemplates: { "text/html": "$input.path('$')" },
        });
        assert.deepEqual(
            html.methodResponses.map((r) => r.statusCode),
            ["200", "400", "404", "503", "500"],
        );
        for (const r of html.methodResponses)
            assert.deepEqual(r.responseParameters, { "method.response.header.Content-Type": true });
        const jsonRoute = defineRoute({ method: "POST", path: "/things" });
        assert.deepEqual(jsonRoute.integrationResponses[0].responseTemplates, {
            "application/json": "$input.json('$')",
        });
    });

    // Which response each Lambda error message selects; exactly one pattern may match each.
    const selections: [string | undefined, string][] = [
        [undefined, "200"],
        ["[400] limit must be an integer between 1 and 1000", "400"],
        ["[404] no such account", "404"],
        ["[503] database unavailable", "503"],
        ["[500] internal error", "500"],
        ["2026-11-21T10:00:00.000Z 1b2c Task timed out after 10.00 seconds", "500"],
        ["Cannot read properties of undefined (reading 'x')", "500"],
        ["first line\nsecond line", "500"],
        ["[400]without a space", "500"],
        ["", "200"],
    ];
    for (const [message, status] of selections) {
        it(`selects ${status} for ${message === undefined ? "a successful invocation" : JSON.stringify(message)}`, () => {
            assert.equal(selectIntegrationResponse(html.integrationResponses, message)?.statusCode, status);
            if (message) {
                const matching = html.integrationResponses.filter(
                    (r) => r.selectionPattern && javaMatches(message, r.selectionPattern),
                );
                assert.ok(
                    matching.length <= 1,
                    `several patterns match: ${matching.map((r) => r.statusCode).join(", ")}`,
                );
            }
        });
    }

    it("never passes a 500's error message through", () => {
        const generic = html.integrationResponses.find((r) => r.statusCode === "500")!;
        assert.deepEqual(generic.responseTemplates, { "application/json": '{"message": "Internal server error"}' });
    });

    it("answers each selected error as JSON, its message, without the status prefix, escaped into a JSON string", () => {
        for (const status of ["400", "404", "503"]) {
            const response = html.integrationResponses.find((r) => r.statusCode === status)!;
            assert.deepEqual(response.responseParameters, {
                "method.response.header.Content-Type": "'application/json'",
            });
            const [[contentType, template]] = Object.entries(response.responseTemplates);
            assert.equal(contentType, "application/json");
            const message = `O'Hara said "no" \\ <b>`;
            const body = renderTemplate(template, {
                body: JSON.stringify({ errorMessage: `[${status}] ${message}` }),
                params: { path: {}, querystring: {}, header: {} },
                context: {},
                stageVariables: {},
            });
            assert.deepEqual(JSON.parse(body), { message });
        }
        const generic = html.integrationResponses.find((r) => r.statusCode === "500")!;
        assert.deepEqual(generic.responseParameters, { "method.response.header.Content-Type": "'application/json'" });
    });

    it("defaults to open routes with a template of the path parameters, and keeps what a route sets", () => {
        const plain = defineRoute({ method: "GET", path: "/accounts/{id}" });
        assert.equal(plain.auth, "none");
        assert.equal(plain.method, "GET");
        assert.equal(plain.path, "/accounts/{id}");
        assert.deepEqual(plain.requestTemplates, { "application/json": defaultRequestTemplate("/accounts/{id}", []) });
        assert.deepEqual(defineRoute({ method: "GET", path: "/" }).requestTemplates, { "application/json": "{}" });
        const custom = defineRoute({ method: "PUT", path: "/x", auth: "apiKey", requestTemplate: "$input.json('$')" });
        assert.equal(custom.auth, "apiKey");
        assert.deepEqual(custom.requestTemplates, { "application/json": "$input.json('$')" });
    });

    it("offers API Gateway's methods, the auth modes and the content types, by the names AWS uses", () => {
        const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
        assert.deepEqual(HttpMethod, Object.fromEntries(methods.map((m) => [m, m])));
        assert.deepEqual(HTTP_METHODS, methods);
        assert.deepEqual(RouteAuth, { none: "none", apiKey: "apiKey", cognito: "cognito" });
        assert.deepEqual(ROUTE_AUTH, ["none", "apiKey", "cognito"]);
        assert.deepEqual(ResponseContentType, { json: "application/json", html: "text/html", text: "text/plain" });
        assert.deepEqual(RESPONSE_CONTENT_TYPES, ["application/json", "text/html", "text/plain"]);
    });

    it("names routes and reads path parameters", () => {
        assert.equal(routeKey("GET", "/"), "get-root");
        assert.equal(routeKey("DELETE", "/accounts/{id}"), "delete-accounts-id");
        assert.deepEqual(pathParameters("/a/{x}/b/{rest+}"), ["x", "rest"]);
    });
});
