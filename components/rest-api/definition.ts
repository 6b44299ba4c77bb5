/**
 * A REST API route as data: method, path, request templates, method responses and integration responses
 * with their selection patterns. Pure, so the deployment (RestApi) and the local API Gateway
 * (local/api-gateway.ts) are built from the very same definition.
 */

export const HttpMethod = {
    GET: "GET",
    POST: "POST",
    PUT: "PUT",
    PATCH: "PATCH",
    DELETE: "DELETE",
    HEAD: "HEAD",
    OPTIONS: "OPTIONS",
} as const;
export type HttpMethod = (typeof HttpMethod)[keyof typeof HttpMethod];
export const HTTP_METHODS: readonly HttpMethod[] = Object.values(HttpMethod);
export const RouteAuth = { none: "none", apiKey: "apiKey", cognito: "cognito" } as const;
export type RouteAuth = (typeof RouteAuth)[keyof typeof RouteAuth];
export const ROUTE_AUTH: readonly RouteAuth[] = Object.values(RouteAuth);
export const ResponseContentType = { json: "application/json", html: "text/html", text: "text/plain" } as const;
export type ResponseContentType = (typeof ResponseContentType)[keyof typeof ResponseContentType];
export const RESPONSE_CONTENT_TYPES: readonly ResponseContentType[] = Object.values(ResponseContentType);

/** What a route declares, besides the function it invokes. */
export interface RouteSpec {
    /** The HTTP method. */
    method: HttpMethod;
    /** The resource path: `/`, `/accounts`, `/accounts/{id}`. */
    path: string;
    /**
     * Query string parameters copied into the function's event (as strings, `""` when absent).
     * Default: [].
     * @default []
     */
    queryParameters?: string[];
    /**
     * The request mapping template (VTL) that builds the event.
     * Default: a JSON object of the path parameters and `queryParameters`.
     * @default a JSON object of the path parameters and `queryParameters`
     */
    requestTemplate?: string;
    /**
     * The content type of a successful response. For `text/html` and `text/plain` the function returns a
     * string, passed through raw (not JSON-quoted); for `application/json`, its result as JSON.
     * Default: "application/json".
     * @default "application/json"
     */
    contentType?: ResponseContentType;
    /**
     * Who may call the route: anyone, holders of an API key (usage plan), or Cognito user pool users.
     * Default: "none".
     * @default "none"
     */
    auth?: RouteAuth;
}

export interface MethodResponse {
    statusCode: string;
    responseParameters: Record<string, boolean>;
}

export interface IntegrationResponse {
    statusCode: string;
    /** A Java regular expression matched against the whole Lambda `errorMessage`; absent for the default. */
    selectionPattern?: string;
    responseParameters: Record<string, string>;
    responseTemplates: Record<string, string>;
}

export interface RouteDefinition {
    method: HttpMethod;
    path: string;
    auth: RouteAuth;
    requestTemplates: Record<string, string>;
    /** What API Gateway does with a request whose content type has no template. */
    passthroughBehavior: "NEVER" | "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES";
    methodResponses: MethodResponse[];
    integrationResponses: IntegrationResponse[];
}

const CONTENT_TYPE = "method.response.header.Content-Type";
/** Error statuses a function selects with a `[status] ` message prefix; anything else is a 500. */
export const ERROR_STATUSES = ["400", "404", "503"] as const;
const GENERIC_500 = '{"message": "Internal server error"}';

/** The path parameters of a resource path: `/accounts/{id}` → `["id"]`. */
export function pathParameters(path: string): string[] {
    return [...path.matchAll(/\{([A-Za-z0-9_]+)\+?\}/g)].map((m) => m[1]);
}

/**
 * The default request template: every path parameter and listed query parameter as a JSON string,
 * escaped as API Gateway's documentation prescribes (`escapeJavaScript`, then un-escaping single quotes,
 * which JSON does not escape).
 */
export function defaultRequestTemplate(path: string, queryParameters: string[]): string {
    const names = [...pathParameters(path), ...queryParameters];
    if (names.length === 0) return "{}";
    const fields = names.map(
        (name) => `  "${name}": "$util.escapeJavaScript($input.params('${name}')).replaceAll("\\\\'","'")"`,
    );
    return `{\n${fields.join(",\n")}\n}`;
}

/** The whole definition of a route, with the responses every Lambda route of this library has. */
export function defineRoute(spec: RouteSpec): RouteDefinition {
    const contentType = spec.contentType ?? "application/json";
    const successTemplate = contentType === "application/json" ? "$input.json('$')" : "$input.path('$')";
    // The public message is the function's without its `[status] ` prefix, which only selects the response.
    const errorTemplate =
        "{\"message\": \"$util.escapeJavaScript($input.path('$.errorMessage').replaceFirst('^\\[\\d+\\] ', '')).replaceAll(\"\\\\'\",\"'\")\"}";
    const json = "'application/json'";
    return {
        method: spec.method,
        path: spec.path,
        auth: spec.auth ?? "none",
        requestTemplates: {
            "application/json": spec.requestTemplate ?? defaultRequestTemplate(spec.path, spec.queryParameters ?? []),
        },
        // A request with a body in another content type is refused (415), not passed through unmapped.
        passthroughBehavior: "NEVER",
        methodResponses: ["200", ...ERROR_STATUSES, "500"].map((statusCode) => ({
            statusCode,
            responseParameters: { [CONTENT_TYPE]: true },
        })),
        integrationResponses: [
            // The default response: a successful invocation (an unmatched error never gets here: see 500).
            {
                statusCode: "200",
                responseParameters: { [CONTENT_TYPE]: `'${contentType}'` },
                responseTemplates: { [contentType]: successTemplate },
            },
            ...ERROR_STATUSES.map((status) => ({
                statusCode: status,
                selectionPattern: `\\[${status}\\] .*`,
                responseParameters: { [CONTENT_TYPE]: json },
                responseTemplates: { "application/json": errorTemplate },
            })),
            {
                // Every other error (crashes, timeouts, unexpected messages): a generic body, nothing leaks.
                statusCode: "500",
                selectionPattern: `(?s)(?!\\[(${ERROR_STATUSES.join("|")})\\] ).+`,
                responseParameters: { [CONTENT_TYPE]: json },
                responseTemplates: { "application/json": GENERIC_500 },
            },
        ],
    };
}

/** A stable key for a route in resource names: `GET /accounts/{id}` → `get-accounts-id`. */
export function routeKey(method: HttpMethod, path: string): string {
    const slug = path.replace(/[{}+]/g, "").split("/").filter(Boolean).join("-");
    return `${method.toLowerCase()}-${slug || "root"}`;
}
