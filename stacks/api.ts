import { RestApi, RouteArgs } from "../components/index";
import { EnvironmentConfig } from "./config";
import type { StackFunction } from "./functions";
import { FunctionManifest } from "./manifest";

/** The environment's REST API: every route of the manifest's functions, and routes without one (`serviceRoutes`). */
export function createApi(
    config: EnvironmentConfig,
    manifest: FunctionManifest,
    functions: Record<string, StackFunction>,
    serviceRoutes: RouteArgs[] = [],
): RestApi {
    const { auth, ...settings } = config.api;
    return new RestApi(`${config.stack}-api`, {
        ...settings,
        routes: [
            ...Object.entries(manifest).flatMap(([key, entry]): RouteArgs[] =>
                (entry.routes ?? []).map((route) => ({ ...route, auth: route.auth ?? auth, target: functions[key] })),
            ),
            ...serviceRoutes.map((route) => ({ ...route, auth: route.auth ?? auth })),
        ],
        accessLogRetentionInDays: config.logRetentionInDays,
        removal: config.removal,
        tags: config.tags,
    });
}
