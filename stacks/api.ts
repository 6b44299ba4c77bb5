import { ContainerFunction, RestApi } from "../components/index";
import { EnvironmentConfig } from "./config";
import { FunctionKey, ROUTES } from "./routes";

/** The environment's REST API over its functions, from the route table. */
export function createApi(config: EnvironmentConfig, functions: Record<FunctionKey, ContainerFunction>): RestApi {
    const { auth, ...settings } = config.api;
    return new RestApi(`${config.stack}-api`, {
        ...settings,
        routes: ROUTES.map(({ function: key, ...route }) => ({
            ...route,
            auth: route.auth ?? auth,
            target: functions[key],
        })),
        accessLogRetentionInDays: config.logRetentionInDays,
        removal: config.removal,
        tags: config.tags,
    });
}
