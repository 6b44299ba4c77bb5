/**
 * A local stand-in for an API Gateway REST API stage with non-proxy Lambda integrations, driven by the
 * same route definitions the deployment uses (components/rest-api/definition.ts): request template
 * selection and rendering, Lambda invocation, integration response selection by pattern on the error
 * message, response templates chosen by the request's Accept header, header mappings, and API Gateway's
 * own answers (403 "Missing Authentication Token" for unknown routes, 415, 504).
 */
import { randomUUID } from "crypto";
import * as http from "http";
import { IntegrationResponse, RouteDefinition } from "../components/rest-api/definition";
import type { RouteAccess } from "./access";
import { LocalServiceAction, serviceResponse } from "./aws-service";
import { Invocable, LocalFunction, invokeFunction } from "./lambda";
import { LazyPayloadInput, javaMatches, jsonPath, renderTemplate } from "./vtl";

/** A route: a function it invokes, or an AWS service action it calls (see aws-service.ts). */
export type LocalRoute = (
    | { definition: RouteDefinition; function: LocalFunction | Invocable }
    | { definition: RouteDefinition; service: LocalServiceAction }
) & {
    /** For `auth: "cognito"`: the user pools whose ID tokens it accepts. */
    userPools?: string[];
};

export interface LocalApiOptions {
    stage: string;
    routes: LocalRoute[];
    stageVariables?: Record<string, string>;
    /** API Gateway's integration timeout. @default 29000 */
    integrationTimeoutMs?: number;
    /** Authorizers and API keys (local/access.ts). @default every request reaches its route */
    access?: RouteAccess;
}

export interface LocalResponse {
    status: number;
    headers: Record<string, string>;
    body: string;
}

export const json = (status: number, message: string): LocalResponse => ({
    status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message }),
});

/** An http.Server that serves the API at `/<stage>/...`. */
export function createLocalApi(options: LocalApiOptions): http.Server {
    return http.createServer(serveApis([options]));
}

/** A request listener serving each API at `/<stage>/...` (an unknown stage is API Gateway's 403). */
export function serveApis(apis: LocalApiOptions[]): http.RequestListener {
    return (req, res) => {
        // One ID per request: $context.requestId, and the x-amzn-RequestId header API Gateway answers with.
        const requestId = randomUUID();
        const stage = (req.url ?? "/").split(/[/?]/)[1];
        const api = apis.find((a) => a.stage === stage) ?? apis[0];
        void readBody(req)
            .then((body) =>
                api ? handleRequest(api, req, body, requestId) : json(403, "Missing Authentication Token"),
            )
            .catch((error): LocalResponse => {
                console.error("local API Gateway failure", error);
                return json(500, "Internal server error");
            })
            .then((response) => send(req, res, response, requestId));
    };
}

/** Sized, as API Gateway's responses are (never chunked): headers and body leave in one write. */
export function send(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    response: LocalResponse,
    requestId: string,
): void {
    res.writeHead(response.status, {
        ...response.headers,
        "content-length": Buffer.byteLength(response.body),
        "x-amzn-requestid": requestId,
    });
    res.end(req.method === "HEAD" ? undefined : response.body);
}

/** The request body as text. A request without one (no Content-Length, no Transfer-Encoding) is not read. */
export function readBody(req: http.IncomingMessage): Promise<string> {
    if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined)
        return Promise.resolve("");
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("error", reject);
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });
}

export async function handleRequest(
    options: LocalApiOptions,
    req: http.IncomingMessage,
    body: string,
    requestId: string,
): Promise<LocalResponse> {
    const url = new URL(req.url ?? "/", "http://local");
    const [, stage, ...rest] = url.pathname.split("/");
    if (stage !== options.stage) return json(403, "Missing Authentication Token");
    const requestPath = `/${rest.join("/")}`;
    const matched = matchRoute(options.routes, req.method ?? "GET", requestPath);
    if (!matched) return json(403, "Missing Authentication Token");
    const { route, pathParams } = matched;
    const definition = route.definition;

    const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]),
    );
    const access = options.access?.(route, headers) ?? {};
    if ("refused" in access) return access.refused;
    const querystring = Object.fromEntries(url.searchParams.entries());
    const now = new Date();
    const context = {
        requestId,
        extendedRequestId: requestId,
        accountId: "000000000000",
        apiId: "local",
        resourceId: "local",
        stage: options.stage,
        httpMethod: definition.method,
        resourcePath: definition.path,
        path: `/${options.stage}${requestPath === "/" ? "/" : requestPath}`,
        protocol: `HTTP/${req.httpVersion}`,
        domainName: headers.host ?? "",
        domainPrefix: (headers.host ?? "").split(".")[0],
        requestTime: clfTime(now),
        requestTimeEpoch: now.getTime(),
        identity: {
            sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "",
            userAgent: headers["user-agent"] ?? "",
            ...(access.apiKey === undefined ? {} : { apiKey: access.apiKey }),
        },
        ...(access.claims === undefined ? {} : { authorizer: { claims: access.claims } }),
    };
    const params = { path: pathParams, querystring, header: headers };
    const stageVariables = options.stageVariables ?? {};

    // Request template: by the request's Content-Type (application/json when it has none).
    const contentType = (headers["content-type"] ?? "application/json").split(";")[0].trim().toLowerCase();
    const requestTemplate = definition.requestTemplates[contentType];
    // Without a template for the type: NEVER refuses; WHEN_NO_MATCH passes the body through, and so does
    // WHEN_NO_TEMPLATES when the integration has no template at all.
    const passThrough =
        definition.passthroughBehavior === "WHEN_NO_MATCH" ||
        (definition.passthroughBehavior === "WHEN_NO_TEMPLATES" &&
            Object.keys(definition.requestTemplates).length === 0);
    if (requestTemplate === undefined && !passThrough) return json(415, "Unsupported Media Type");
    const eventText =
        requestTemplate === undefined
            ? body
            : renderTemplate(requestTemplate, { body, params, context, stageVariables });
    if ("service" in route)
        return serviceResponse(
            definition,
            route.service,
            eventText,
            { params, context, stageVariables },
            headers.accept,
        );
    const event = lambdaEvent(eventText);
    if (event instanceof Error) return json(400, event.message);

    const outcome = await withIntegrationTimeout(
        invokeFunction(route.function, event),
        route.function.timeout * 1000,
        options.integrationTimeoutMs ?? 29_000,
    );
    if (outcome === "timeout") return json(504, "Endpoint request timed out");
    const payload = () => (outcome.ok ? outcome.payload : JSON.stringify(outcome.error));
    const parsed = outcome.ok ? outcome.value : (JSON.parse(JSON.stringify(outcome.error)) as unknown);
    const response = selectIntegrationResponse(
        definition.integrationResponses,
        outcome.ok ? undefined : outcome.error.errorMessage,
    );
    if (!response) return json(500, "Internal server error");

    const [templateType, template] = selectResponseTemplate(response.responseTemplates, headers.accept);
    const responseHeaders: Record<string, string> = { "content-type": templateType ?? "application/json" };
    for (const [target, source] of Object.entries(response.responseParameters)) {
        const name = target.replace(/^method\.response\.header\./, "").toLowerCase();
        const value = mapParameter(source, payload);
        if (value !== undefined) responseHeaders[name] = value;
    }
    return {
        status: Number(response.statusCode),
        headers: responseHeaders,
        body:
            template === undefined
                ? payload()
                : renderTemplate(template, new LazyPayloadInput(payload, parsed, params, context, stageVariables)),
    };
}

/**
 * The event a Lambda integration sends: the request as its template rendered it (or passed through), which
 * must be JSON; otherwise API Gateway answers 400 without invoking the function, with this message.
 */
export function lambdaEvent(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch (error) {
        return new Error(`Could not parse request body into json: ${(error as Error).message}`);
    }
}

/**
 * API Gateway's integration timeout. A function that times out sooner is stopped by its own timeout
 * first, so the (costly, under load) timer is only armed when the function could outlive the integration.
 */
function withIntegrationTimeout<T>(
    invocation: Promise<T>,
    functionTimeoutMs: number,
    integrationTimeoutMs: number,
): Promise<T | "timeout"> {
    if (functionTimeoutMs < integrationTimeoutMs) return invocation;
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
        invocation,
        new Promise<"timeout">((r) => {
            timer = setTimeout(() => r("timeout"), integrationTimeoutMs);
        }),
    ]).finally(() => clearTimeout(timer));
}

/** The route for a method and path; `{name}` segments capture one segment, `{name+}` the rest. */
export function matchRoute(
    routes: LocalRoute[],
    method: string,
    path: string,
): { route: LocalRoute; pathParams: Record<string, string> } | undefined {
    const segments = path.split("/").filter(Boolean);
    for (const route of routes) {
        if (route.definition.method !== method) continue;
        const pattern = route.definition.path.split("/").filter(Boolean);
        const params: Record<string, string> = {};
        let ok = true;
        for (let i = 0; i < Math.max(pattern.length, segments.length) && ok; i++) {
            const p = pattern[i];
            const greedy = p && /^\{(\w+)\+\}$/.exec(p);
            if (greedy) {
                params[greedy[1]] = segments.slice(i).map(decodeURIComponent).join("/");
                ok = segments.length > i;
                break;
            }
            const capture = p && /^\{(\w+)\}$/.exec(p);
            if (p === undefined || segments[i] === undefined) ok = false;
            else if (capture) params[capture[1]] = decodeURIComponent(segments[i]);
            else ok = p === segments[i];
        }
        if (ok) return { route, pathParams: params };
    }
    return undefined;
}

/**
 * The integration response API Gateway picks: for a Lambda error, the one whose selection pattern matches
 * the whole error message; otherwise (success, or no pattern matched) the default one, without a pattern.
 */
export function selectIntegrationResponse(
    responses: IntegrationResponse[],
    errorMessage: string | undefined,
): IntegrationResponse | undefined {
    if (errorMessage !== undefined) {
        const matched = responses.find((r) => r.selectionPattern && javaMatches(errorMessage, r.selectionPattern));
        if (matched) return matched;
    }
    return responses.find((r) => !r.selectionPattern);
}

/** The response template for the request's Accept header, then application/json, then the first one. */
export function selectResponseTemplate(
    templates: Record<string, string>,
    accept: string | undefined,
): [string | undefined, string | undefined] {
    const wanted = (accept ?? "")
        .split(",")
        .map((t) => t.split(";")[0].trim().toLowerCase())
        .filter(Boolean);
    const types = Object.keys(templates);
    const chosen =
        wanted.map((w) => types.find((t) => t.toLowerCase() === w)).find(Boolean) ??
        (types.includes("application/json") ? "application/json" : types[0]);
    return [chosen, chosen === undefined ? undefined : templates[chosen]];
}

/**
 * A response parameter's value: a quoted literal, or a field of the integration response body (the only
 * case that reads the payload, whose JSON text costs more than the rest of a request when it is a page).
 */
export function mapParameter(source: string, payload: () => string): string | undefined {
    const literal = /^'(.*)'$/s.exec(source);
    if (literal) return literal[1];
    const bodyField = /^integration\.response\.body\.(.+)$/.exec(source);
    if (bodyField) {
        const value = jsonPath(payload(), `$.${bodyField[1]}`);
        return value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value);
    }
    return undefined;
}

/** Common Log Format time, as `$context.requestTime`: `21/Nov/2026:19:10:19 +0000`. */
function clfTime(date: Date): string {
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const p = (n: number) => String(n).padStart(2, "0");
    return `${p(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`;
}
