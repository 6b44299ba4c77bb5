/**
 * Routes that call an AWS service's API directly (API Gateway's `AWS` integration without a function):
 * a request template builds the action's JSON request, the service's HTTP status selects an integration
 * response, and response templates shape its JSON. Pure data and checks; RestApi wires them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ArgIssue } from "../errors";
import { checkUnique, show } from "../validation";
import { MethodResponse, RouteDefinition, RouteSpec } from "./definition";

/** One integration response of an AWS-service route. */
export interface ServiceResponse {
    /** The HTTP status the client gets: `200`, `400`, `500`. */
    statusCode: string;
    /**
     * A Java regular expression matched against the whole HTTP status code the service answered with
     * (`400`, `5\d{2}`). Exactly one response has none: the default, for the service's success and for any
     * status no pattern matches.
     * Default: none (the default response).
     * @default none (the default response)
     */
    selectionPattern?: string;
    /**
     * The response mapping template (VTL) over the service's JSON answer; it may set
     * `$context.responseOverride.status` (declare such statuses in `AwsServiceTarget.overrideStatusCodes`).
     * Default: "$input.json('$')" (the service's answer as it is).
     * @default "$input.json('$')" (the service's answer as it is)
     */
    template?: string;
}

/** An AWS service action a route calls, with no function in the path. */
export interface AwsServiceTarget {
    /** The service's endpoint prefix, as in its IAM actions: `dynamodb`, `sqs`, `states`. */
    service: string;
    /** The API action, called with POST: `Query`, `GetItem`, `SendMessage`. */
    action: string;
    /**
     * The request mapping template (VTL) that builds the action's JSON request from the HTTP request. An
     * input, so it can name the resources it acts on (`pulumi.interpolate`).
     */
    requestTemplate: pulumi.Input<string>;
    /**
     * The resources the action may act on: the component creates the role API Gateway assumes for the
     * route, allowing exactly `<service>:<action>` on these. Give this or `credentialsRoleArn`.
     * Default: none.
     * @default none
     */
    resources?: pulumi.Input<string>[];
    /**
     * A role of your own for API Gateway to assume instead (it must trust `apigateway.amazonaws.com`).
     * Default: the component's role (see `resources`).
     * @default the component's role (see `resources`)
     */
    credentialsRoleArn?: pulumi.Input<string>;
    /**
     * The integration responses.
     * Default: 200 with the service's answer as it is, 400 for the service's 400, 500 for any other error.
     * @default 200 with the service's answer as it is, 400 for the service's 400, 500 for any other error
     */
    responses?: ServiceResponse[];
    /**
     * Statuses a response template sets with `$context.responseOverride.status` (a missing item's 404),
     * declared as method responses.
     * Default: [].
     * @default []
     */
    overrideStatusCodes?: string[];
}

const CONTENT_TYPE = "method.response.header.Content-Type";
const STATUS = /^[1-5]\d\d$/;
const SERVICE = /^[a-z0-9-]+$/;
const ACTION = /^[A-Za-z0-9]+$/;

/**
 * A service's errors as a client sees them: its 400 (a validation error) as 400, any other 4XX or 5XX
 * (throttling, a role without the permission, the service's own failures) as 500; never the service's
 * message, which names resources.
 */
export const SERVICE_ERROR_RESPONSES: readonly ServiceResponse[] = [
    { statusCode: "400", selectionPattern: "400", template: '{"message": "Bad request"}' },
    { statusCode: "500", selectionPattern: "(?!400)[45]\\d\\d", template: '{"message": "Internal server error"}' },
];

/** The responses of a service route that declares none: its answer as it is, and its errors. */
export const DEFAULT_SERVICE_RESPONSES: readonly ServiceResponse[] = [
    { statusCode: "200" },
    ...SERVICE_ERROR_RESPONSES,
];

/** Checks an AWS-service target; `at` names the route (`routes[2]`). */
export function checkServiceTarget(at: string, route: RouteSpec, target: AwsServiceTarget): ArgIssue[] {
    const issues: ArgIssue[] = [];
    const arg = `${at}.awsService`;
    if (typeof target.service !== "string" || !SERVICE.test(target.service))
        issues.push({
            argument: `${arg}.service`,
            problem: `got ${show(target.service)}`,
            fix: 'use the service\'s endpoint prefix, e.g. "dynamodb"',
        });
    if (typeof target.action !== "string" || !ACTION.test(target.action))
        issues.push({
            argument: `${arg}.action`,
            problem: `got ${show(target.action)}`,
            fix: 'use the API action\'s name, e.g. "Query"',
        });
    if (target.requestTemplate === undefined || target.requestTemplate === "")
        issues.push({
            argument: `${arg}.requestTemplate`,
            problem: "is missing",
            fix: "give the VTL template that builds the action's JSON request",
        });
    const roles = (target.resources?.length ? 1 : 0) + (target.credentialsRoleArn === undefined ? 0 : 1);
    if (roles !== 1)
        issues.push({
            argument: `${arg}.resources`,
            problem: roles === 0 ? "and credentialsRoleArn are both missing" : "and credentialsRoleArn are both given",
            fix: "give the resources the action may act on (the component makes the role), or a role of your own",
        });
    if (route.requestTemplate !== undefined)
        issues.push({
            argument: `${at}.requestTemplate`,
            problem: "is set on an AWS-service route",
            fix: `put the template in ${arg}.requestTemplate`,
        });
    if (route.contentType !== undefined && route.contentType !== "application/json")
        issues.push({
            argument: `${at}.contentType`,
            problem: `is ${show(route.contentType)}, but an AWS-service route answers JSON`,
            fix: "leave it out",
        });
    const responses = target.responses ?? DEFAULT_SERVICE_RESPONSES;
    const statuses = [...responses.map((r) => r.statusCode), ...(target.overrideStatusCodes ?? [])];
    for (const status of statuses)
        if (typeof status !== "string" || !STATUS.test(status))
            issues.push({
                argument: `${arg}.responses`,
                problem: `has status ${show(status)}`,
                fix: 'use a three-digit HTTP status as a string, e.g. "404"',
            });
    issues.push(
        ...checkUnique(
            `${arg}.responses (statusCode)`,
            responses.map((r) => r.statusCode),
        ),
    );
    const defaults = responses.filter((r) => r.selectionPattern === undefined).length;
    if (defaults !== 1)
        issues.push({
            argument: `${arg}.responses`,
            problem: `has ${defaults} responses without a selectionPattern`,
            fix: "give exactly one default response (no selectionPattern)",
        });
    return issues;
}

/**
 * The definition of an AWS-service route: its request template (resolved), method responses for every
 * status it can answer, and its integration responses, each JSON.
 */
export function defineServiceRoute(
    spec: RouteSpec,
    target: Pick<AwsServiceTarget, "responses" | "overrideStatusCodes">,
    requestTemplate: string,
): RouteDefinition {
    const responses = target.responses ?? DEFAULT_SERVICE_RESPONSES;
    const statuses = [...new Set([...responses.map((r) => r.statusCode), ...(target.overrideStatusCodes ?? [])])];
    const methodResponses: MethodResponse[] = statuses.map((statusCode) => ({
        statusCode,
        responseParameters: { [CONTENT_TYPE]: true },
    }));
    return {
        method: spec.method,
        path: spec.path,
        auth: spec.auth ?? "none",
        requestTemplates: { "application/json": requestTemplate },
        passthroughBehavior: "NEVER",
        methodResponses,
        integrationResponses: responses.map((r) => ({
            statusCode: r.statusCode,
            ...(r.selectionPattern === undefined ? {} : { selectionPattern: r.selectionPattern }),
            responseParameters: { [CONTENT_TYPE]: "'application/json'" },
            responseTemplates: { "application/json": r.template ?? "$input.json('$')" },
        })),
    };
}

/** API Gateway's URI of a service action: `arn:aws:apigateway:eu-west-1:dynamodb:action/Query`. */
export function serviceActionUri(partition: string, region: string, service: string, action: string): string {
    return `arn:${partition}:apigateway:${region}:${service}:action/${action}`;
}

/** The service and action of an integration URI made by `serviceActionUri`, if it is one. */
export function parseServiceActionUri(uri: string): { service: string; action: string } | undefined {
    const match = /^arn:[^:]+:apigateway:[^:]*:([a-z0-9-]+):action\/([A-Za-z0-9]+)$/.exec(uri);
    return match ? { service: match[1], action: match[2] } : undefined;
}
