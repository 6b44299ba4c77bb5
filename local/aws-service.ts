/**
 * A REST API route's AWS-service integration, locally: the rendered request template goes to the service's
 * local stand-in (a DynamoDB action to dynalite), the service's HTTP status selects the integration
 * response (API Gateway matches selection patterns against the status code for AWS integrations), and the
 * response template renders the service's JSON, `$context.responseOverride.status` included.
 */
import type { RouteDefinition } from "../components/rest-api/definition";
import { LocalResponse, mapParameter, selectIntegrationResponse, selectResponseTemplate } from "./api-gateway";
import { TemplateInput, renderTemplate } from "./vtl";

/** A service action a route calls: its request body in, the service's status and body out. */
export interface LocalServiceAction {
    /** `dynamodb:Query`, for logs. */
    name: string;
    call(body: string): Promise<{ status: number; body: string }>;
}

export async function serviceResponse(
    definition: RouteDefinition,
    action: LocalServiceAction,
    requestBody: string,
    input: Omit<TemplateInput, "body">,
    accept: string | undefined,
): Promise<LocalResponse> {
    const answer = await action.call(requestBody);
    const response = selectIntegrationResponse(definition.integrationResponses, String(answer.status));
    if (!response)
        return {
            status: 500,
            headers: { "content-type": "application/json" },
            body: '{"message": "Internal server error"}',
        };
    const [templateType, template] = selectResponseTemplate(response.responseTemplates, accept);
    const responseOverride: { status?: number | string; header: Record<string, string> } = { header: {} };
    const body =
        template === undefined
            ? answer.body
            : renderTemplate(template, {
                  ...input,
                  body: answer.body,
                  context: { ...input.context, responseOverride },
              });
    const headers: Record<string, string> = { "content-type": templateType ?? "application/json" };
    for (const [target, source] of Object.entries(response.responseParameters)) {
        const value = mapParameter(source, () => answer.body);
        if (value !== undefined) headers[target.replace(/^method\.response\.header\./, "").toLowerCase()] = value;
    }
    for (const [name, value] of Object.entries(responseOverride.header)) headers[name.toLowerCase()] = String(value);
    return { status: Number(responseOverride.status ?? response.statusCode), headers, body };
}
