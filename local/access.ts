/**
 * Whether a request reaches a local route's integration, decided as API Gateway decides it: the Cognito
 * authorizer of `auth: "cognito"` routes, then the API key and its usage plan for `auth: "apiKey"` routes.
 * Refusals are API Gateway's default gateway responses (its "Gateway response types" table): UNAUTHORIZED
 * 401 `{"message":"Unauthorized"}`, INVALID_API_KEY 403 `{"message":"Forbidden"}`, THROTTLED 429
 * `{"message":"Too Many Requests"}` and QUOTA_EXCEEDED 429 `{"message":"Limit Exceeded"}`, each with its
 * `x-amzn-ErrorType`.
 */
import type { LocalResponse, LocalRoute } from "./api-gateway";
import type { LocalUserPools } from "./cognito";
import type { UsagePlans, UsageVerdict } from "./usage-plan";

const gatewayResponse = (status: number, message: string, type: string): LocalResponse => ({
    status,
    headers: { "content-type": "application/json", "x-amzn-errortype": type },
    body: JSON.stringify({ message }),
});

export const GATEWAY_RESPONSES = {
    unauthorized: gatewayResponse(401, "Unauthorized", "UnauthorizedException"),
    forbidden: gatewayResponse(403, "Forbidden", "ForbiddenException"),
    throttled: gatewayResponse(429, "Too Many Requests", "TooManyRequestsException"),
    quota: gatewayResponse(429, "Limit Exceeded", "LimitExceededException"),
} as const satisfies Record<Exclude<UsageVerdict, "ok"> | "unauthorized", LocalResponse>;

/**
 * A request's access to a route: refused with API Gateway's answer, or let through with what API Gateway adds
 * to `$context` (`authorizer.claims`, the token's claims as strings; `identity.apiKey`).
 */
export type AccessDecision = { refused: LocalResponse } | { claims?: Record<string, string>; apiKey?: string };
export type RouteAccess = (route: LocalRoute, headers: Record<string, string>) => AccessDecision;

export function routeAccess(
    pools: LocalUserPools | undefined,
    usagePlans: UsagePlans | undefined,
    log: (line: string) => void = () => undefined,
): RouteAccess {
    return (route, headers) => {
        const { auth, method, path } = route.definition;
        if (auth === "cognito") {
            const result = pools?.authorize(headers.authorization, route.userPools ?? []) ?? {
                ok: false as const,
                reason: "no user pool",
            };
            if (result.ok) return { claims: claimStrings(result.claims) };
            log(`${method} ${path}: 401 (${result.reason})`);
            return { refused: GATEWAY_RESPONSES.unauthorized };
        }
        if (auth === "apiKey") {
            const apiKey = headers["x-api-key"];
            const verdict = usagePlans?.admit(apiKey) ?? "forbidden";
            return verdict === "ok" ? { apiKey } : { refused: GATEWAY_RESPONSES[verdict] };
        }
        return {};
    };
}

/** Claims as `$context.authorizer.claims` has them: every value a string (numbers and booleans as text). */
function claimStrings(claims: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(
        Object.entries(claims).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}
