import { RestApi, Route, UserPool } from "../components/index";
import { RouteAuth } from "../components/rest-api/definition";
import { EnvironmentConfig } from "./config";
import type { StackFunction } from "./functions";
import { FunctionManifest } from "./manifest";

/** Who may call each route: its own `auth` (the manifest's, or a service route's), else the stack's `api.auth`. */
export function routeAuths(
    config: EnvironmentConfig,
    manifest: FunctionManifest,
    serviceRoutes: Pick<Route, "auth">[] = [],
): RouteAuth[] {
    return [...Object.values(manifest).flatMap((entry) => entry.routes ?? []), ...serviceRoutes].map(
        (r) => r.auth ?? config.api.auth,
    );
}

/**
 * The stack's Cognito user pool, when a route needs one and the config names no pools made elsewhere
 * (`paas:api.cognitoUserPoolArns`). Its users, like a database's rows, go with it: it follows the stack's
 * removal setting (protected, deletion protection on, kept on destroy, unless `remove`).
 */
export function createUsers(
    config: EnvironmentConfig,
    manifest: FunctionManifest,
    serviceRoutes: Pick<Route, "auth">[] = [],
): UserPool | undefined {
    if (
        config.api.cognitoUserPoolArns !== undefined ||
        !routeAuths(config, manifest, serviceRoutes).includes("cognito")
    )
        return undefined;
    return new UserPool(`${config.stack}-users`, { ...config.users, removal: config.removal, tags: config.tags });
}

/** The environment's REST API: every route of the manifest's functions, and routes without one (`serviceRoutes`). */
export function createApi(
    config: EnvironmentConfig,
    manifest: FunctionManifest,
    functions: Record<string, StackFunction>,
    serviceRoutes: Route[] = [],
    users?: UserPool,
): RestApi {
    const { auth, cognitoUserPoolArns, ...settings } = config.api;
    return new RestApi(`${config.stack}-api`, {
        ...settings,
        cognitoUserPoolArns: cognitoUserPoolArns ?? (users ? [users.userPoolArn] : undefined),
        routes: [
            ...Object.entries(manifest).flatMap(([key, entry]): Route[] =>
                (entry.routes ?? []).map((route) => ({ ...route, auth: route.auth ?? auth, target: functions[key] })),
            ),
            ...serviceRoutes.map((route) => ({ ...route, auth: route.auth ?? auth })),
        ],
        accessLogRetentionInDays: config.logRetentionInDays,
        removal: config.removal,
        tags: config.tags,
    });
}
