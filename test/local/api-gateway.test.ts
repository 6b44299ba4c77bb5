import * as assert from "assert/strict";
import * as http from "http";
import { request } from "../support/http";
import { AddressInfo } from "net";
import { defineRoute } from "../../components/rest-api";
import { LocalApiOptions, createLocalApi, selectResponseTemplate } from "../../local/api-gateway";
import { LocalFunction, invoke } from "../../local/lambda";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("local API Gateway", () => {
    let server: http.Server;
    let base: string;
    const seen: { event: unknown; remaining: number; requestId: string }[] = [];
    const echo: LocalFunction = {
        name: "echo",
        timeout: 5,
        handler: async (event, context) => {
            seen.push({ event, remaining: context.getRemainingTimeInMillis(), requestId: context.awsRequestId });
            const { mode } = event as { mode?: string };
            if (mode === "html") return "<p>it's <b>raw</b></p>";
            if (mode === "bad") throw new Error("[400] mode is bad");
            if (mode === "missing") throw new Error("[404] no such thing");
            if (mode === "down") throw new Error("[503] database unavailable");
            if (mode === "crash") throw new TypeError("Cannot read properties of undefined (reading 'secret')");
            if (mode === "slow") await sleep(400);
            return { got: event };
        },
    };
    // A fraction of a second (Lambda only allows whole seconds) keeps the timeout tests quick.
    const slow: LocalFunction = { ...echo, name: "slow", timeout: 0.2 };
    const options = (): LocalApiOptions => ({
        stage: "dev",
        routes: [
            {
                definition: defineRoute({
                    method: "GET",
                    path: "/",
                    queryParameters: ["mode"],
                    contentType: "text/html",
                }),
                function: echo,
            },
            {
                definition: defineRoute({ method: "GET", path: "/things/{id}", queryParameters: ["mode"] }),
                function: echo,
            },
            {
                definition: defineRoute({
                    method: "POST",
                    path: "/things",
                    requestTemplate:
                        '{"body": $input.json(\'$\'), "agent": "$context.identity.userAgent", "requestId": "$context.requestId"}',
                }),
                function: echo,
            },
            { definition: defineRoute({ method: "GET", path: "/slow", queryParameters: ["mode"] }), function: slow },
        ],
    });

    before(async () => {
        server = createLocalApi(options());
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dev`;
    });
    after(() => new Promise((r) => server.close(r)));

    it("passes an HTML string through raw as text/html", async () => {
        const res = await request(`${base}/?mode=html`);
        assert.equal(res.status, 200);
        assert.equal(res.headers["content-type"], "text/html");
        assert.equal(res.body, "<p>it's <b>raw</b></p>");
        assert.equal(
            res.headers["content-length"],
            String(Buffer.byteLength(res.body)),
            "sized, not chunked, as API Gateway answers",
        );
    });

    it("maps query and path parameters into the event through the request template", async () => {
        const res = await request(`${base}/things/a%20b?mode=json&ignored=1`);
        assert.equal(res.status, 200);
        assert.equal(res.headers["content-type"], "application/json");
        assert.deepEqual(JSON.parse(res.body), { got: { id: "a b", mode: "json" } });
    });

    it("builds the event from the JSON body and $context, and refuses other content types (415)", async () => {
        const res = await request(`${base}/things`, {
            method: "POST",
            headers: { "content-type": "application/json", "user-agent": "tester/1" },
            body: '{"name": "x"}',
        });
        assert.match(res.headers["x-amzn-requestid"] as string, /^[0-9a-f-]{36}$/);
        assert.deepEqual(JSON.parse(res.body), {
            got: { body: { name: "x" }, agent: "tester/1", requestId: res.headers["x-amzn-requestid"] },
        });
        const refused = await request(`${base}/things`, {
            method: "POST",
            headers: { "content-type": "text/plain" },
            body: "x",
        });
        assert.equal(refused.status, 415);
    });

    const errors: [string, number, string][] = [
        ["bad", 400, '{"message": "mode is bad"}'],
        ["missing", 404, '{"message": "no such thing"}'],
        ["down", 503, '{"message": "database unavailable"}'],
        ["crash", 500, '{"message": "Internal server error"}'],
    ];
    for (const [mode, status, body] of errors) {
        it(`selects ${status} for a function error ${mode === "crash" ? "without a status prefix (nothing leaks)" : `prefixed [${status}], the prefix left out of the body`}`, async () => {
            const res = await request(`${base}/?mode=${mode}`);
            assert.equal(res.status, status);
            assert.equal(res.headers["content-type"], "application/json");
            assert.equal(res.body, body);
        });
    }

    it("enforces the function's timeout, as Lambda does, answering 500", async () => {
        const res = await request(`${base}/slow?mode=slow`);
        assert.equal(res.status, 500);
        assert.equal(res.body, '{"message": "Internal server error"}');
    });

    it("gives handlers a Lambda context: a request ID, and the time left under the function's timeout", async () => {
        seen.length = 0;
        await request(`${base}/slow?mode=json`);
        assert.match(seen[0].requestId, /^[0-9a-f-]{36}$/);
        assert.ok(seen[0].remaining > 100 && seen[0].remaining <= 200, String(seen[0].remaining));
    });

    it("reports failures as Lambda does: errorMessage, errorType, stackTrace", async () => {
        const result = await invoke(echo, { mode: "crash" });
        assert.equal(result.ok, false);
        if (!result.ok) {
            assert.equal(result.error.errorMessage, "Cannot read properties of undefined (reading 'secret')");
            assert.equal(result.error.errorType, "TypeError");
            assert.ok(Array.isArray(result.error.stackTrace));
        }
        const timedOut = await invoke(slow, { mode: "slow" });
        assert.ok(
            !timedOut.ok &&
                /Task timed out after 0\.20 seconds$/.test(timedOut.error.errorMessage) &&
                timedOut.error.errorType === "Sandbox.Timedout",
        );
    });

    it("answers 504 when the integration outlives API Gateway's limit", async () => {
        const quick = createLocalApi({ ...options(), integrationTimeoutMs: 100 });
        await new Promise<void>((r) => quick.listen(0, "127.0.0.1", r));
        try {
            const res = await request(
                `http://127.0.0.1:${(quick.address() as AddressInfo).port}/dev/things/1?mode=slow`,
            );
            assert.equal(res.status, 504);
            assert.deepEqual(JSON.parse(res.body), { message: "Endpoint request timed out" });
        } finally {
            await new Promise((r) => quick.close(r));
        }
    });

    for (const [label, url, method] of [
        ["an unknown path", "/nope", "GET"],
        ["an unknown stage", "/../prod/", "GET"],
        ["a method the path lacks", "/", "DELETE"],
    ] as const) {
        it(`answers 403 Missing Authentication Token for ${label}`, async () => {
            const res = await request(
                label === "an unknown stage" ? base.replace(/\/dev$/, "/prod/") : `${base}${url}`,
                { method },
            );
            assert.equal(res.status, 403);
            assert.deepEqual(JSON.parse(res.body), { message: "Missing Authentication Token" });
        });
    }

    it("chooses the response template by Accept, then application/json, then the first", () => {
        const templates = { "application/xml": "<x/>", "application/json": "{}", "text/html": "<p/>" };
        assert.deepEqual(selectResponseTemplate(templates, "text/html,application/xhtml+xml;q=0.9"), [
            "text/html",
            "<p/>",
        ]);
        assert.deepEqual(selectResponseTemplate(templates, "image/png"), ["application/json", "{}"]);
        assert.deepEqual(selectResponseTemplate(templates, undefined), ["application/json", "{}"]);
        assert.deepEqual(selectResponseTemplate({ "text/html": "<p/>", "text/plain": "p" }, "*/*"), [
            "text/html",
            "<p/>",
        ]);
    });
});
