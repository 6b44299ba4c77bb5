import type { RouteSpec } from "../components/rest-api/definition";
import { TIMEOUTS } from "./timeouts";

export type FunctionKey = keyof typeof TIMEOUTS;

/**
 * The REST API's routes, as data: the deployment (RestApi) and the local API behind `npm start` are both
 * built from this table, so a template or response changed here changes both.
 */
export const ROUTES: (RouteSpec & { function: FunctionKey })[] = [
    {
        method: "GET",
        path: "/",
        function: "retrieve-accounts",
        queryParameters: ["limit", "offset"],
        contentType: "text/html",
    },
];
