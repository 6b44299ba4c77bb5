import { obj, resourceRule, stackRule, text } from "./helpers";
import { PolicyResourceLike, StackView } from "./types";

const STAGE = "aws:apigateway/stage:Stage";
const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";
const METHOD = "aws:apigateway/method:Method";
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE", "ANY"];

/** The method settings that apply to a stage (by reference, or by the API and stage name given as values). */
function settingsOf(stack: StackView, stage: PolicyResourceLike): PolicyResourceLike[] {
    return stack
        .ofType(METHOD_SETTINGS)
        .filter(
            (m) =>
                stack.referenced(m, "stageName", STAGE).includes(stage) ||
                (m.props.restApi === stage.props.restApi && m.props.stageName === stage.props.stageName),
        );
}
const INTEGRATION_LIMIT_SECONDS = 29;

export const apiGatewayRules = [
    stackRule({
        name: "apigateway-execution-logging",
        securityHub: ["APIGateway.1"],
        checkov: ["CKV2_AWS_4"],
        types: [STAGE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description:
            "REST API stages write execution logs (loggingLevel ERROR or INFO), which show why a request failed.",
        remediation: 'Add aws.apigateway.MethodSettings for "*/*" with settings.loggingLevel "ERROR" (or "INFO").',
        validate: (stack, report) => {
            for (const stage of stack.ofType(STAGE)) {
                const logged = settingsOf(stack, stage).some((m) =>
                    ["ERROR", "INFO"].includes(text(obj(m.props.settings).loggingLevel)),
                );
                if (!logged) report(stage, "execution logging is off");
            }
        },
    }),
    resourceRule({
        name: "apigateway-no-data-trace",
        checkov: ["CKV_AWS_276"],
        types: [METHOD_SETTINGS],
        severity: "high",
        enforcementLevel: "mandatory",
        description:
            "Data tracing is off: it writes whole requests and responses (tokens, personal data) to CloudWatch Logs.",
        remediation: "Set settings.dataTraceEnabled: false (use loggingLevel ERROR or INFO and access logs instead).",
        validate: (r, report) => {
            if (obj(r.props.settings).dataTraceEnabled === true)
                report(`data tracing is on for ${text(r.props.methodPath)}`);
        },
    }),
    resourceRule({
        name: "apigateway-cache-encrypted",
        securityHub: ["APIGateway.5"],
        checkov: ["CKV_AWS_308"],
        types: [METHOD_SETTINGS],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Methods that cache responses encrypt the cache.",
        remediation: "Set settings.cacheDataEncrypted: true wherever settings.cachingEnabled is true.",
        validate: (r, report) => {
            const settings = obj(r.props.settings);
            if (settings.cachingEnabled === true && settings.cacheDataEncrypted !== true)
                report(`cached responses of ${text(r.props.methodPath)} are not encrypted`);
        },
    }),
    resourceRule({
        name: "apigateway-write-methods-authorized",
        checkov: ["CKV_AWS_59"],
        types: [METHOD],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: `Methods that change data (${WRITE_METHODS.join(", ")}) require an authorizer, IAM or an API key.`,
        remediation:
            'Set authorization to "AWS_IAM", "COGNITO_USER_POOLS" or "CUSTOM" (with authorizerId), or apiKeyRequired: true.',
        validate: (r, report) => {
            if (
                WRITE_METHODS.includes(text(r.props.httpMethod)) &&
                r.props.authorization === "NONE" &&
                r.props.apiKeyRequired !== true
            )
                report(`${text(r.props.httpMethod)} is open to anyone`);
        },
    }),
    resourceRule({
        name: "apigateway-methods-authorized",
        checkov: ["CKV_AWS_59"],
        types: [METHOD],
        severity: "low",
        enforcementLevel: "advisory",
        description:
            "Every method requires an authorizer, IAM or an API key (advisory: public read-only pages are a choice).",
        remediation: 'Set authorization to "AWS_IAM", "COGNITO_USER_POOLS" or "CUSTOM", or apiKeyRequired: true.',
        validate: (r, report) => {
            if (r.props.httpMethod !== "OPTIONS" && r.props.authorization === "NONE" && r.props.apiKeyRequired !== true)
                report(`${text(r.props.httpMethod)} is open to anyone`);
        },
    }),
    resourceRule({
        name: "apigateway-access-logging",
        securityHub: ["APIGateway.9"],
        checkov: ["CKV_AWS_76"],
        types: [STAGE, "aws:apigatewayv2/stage:Stage"],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "API stages (REST and HTTP/WebSocket) write access logs: who called what, with the request ID.",
        remediation: "Set accessLogSettings with a log group ARN and a format.",
        validate: (r, report) => {
            if (!r.props.accessLogSettings?.destinationArn) report("the stage has no access logs");
        },
    }),
    resourceRule({
        name: "apigateway-tracing",
        securityHub: ["APIGateway.3"],
        checkov: ["CKV_AWS_73"],
        types: [STAGE],
        severity: "low",
        enforcementLevel: "mandatory",
        description: "API stages trace with X-Ray.",
        remediation: "Set xrayTracingEnabled: true.",
        validate: (r, report) => {
            if (r.props.xrayTracingEnabled !== true) report("X-Ray tracing is off");
        },
    }),
    resourceRule({
        name: "apigateway-deployment-triggers",
        types: ["aws:apigateway/deployment:Deployment"],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Deployments redeploy when the API changes (without triggers, changes never reach the stage).",
        remediation: "Set triggers to a digest of the routes, integrations and responses.",
        validate: (r, report) => {
            if (Object.keys(r.props.triggers ?? {}).length === 0) report("the deployment has no redeployment triggers");
        },
    }),
    resourceRule({
        name: "apigateway-lambda-permission-scoped",
        types: ["aws:lambda/permission:Permission"],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "Permissions for API Gateway to invoke a function name the API (and route) in sourceArn.",
        remediation: "Set sourceArn to <api executionArn>/<stage>/<METHOD>/<path>.",
        validate: (r, report) => {
            if (r.props.principal !== "apigateway.amazonaws.com") return;
            const arn = String(r.props.sourceArn ?? "");
            if (!/^arn:aws[a-z-]*:execute-api:[^:]+:\d{12}:[a-z0-9]+\//.test(arn))
                report(`sourceArn ${arn || "(none)"} does not name one API`);
        },
    }),
    stackRule({
        name: "apigateway-throttling",
        types: [STAGE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Every stage throttles requests (rate and burst).",
        remediation: 'Add aws.apigateway.MethodSettings for "*/*" with throttlingRateLimit and throttlingBurstLimit.',
        validate: (stack, report) => {
            for (const stage of stack.ofType(STAGE)) {
                const throttled = settingsOf(stack, stage).some((m) => {
                    const settings = obj(m.props.settings);
                    return Number(settings.throttlingRateLimit) > 0 && Number(settings.throttlingBurstLimit) > 0;
                });
                if (!throttled) report(stage, "the stage has no throttling");
            }
        },
    }),
    stackRule({
        name: "apigateway-integration-timeout",
        types: ["aws:apigateway/integration:Integration"],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: `Functions behind API Gateway time out before its ${INTEGRATION_LIMIT_SECONDS} s integration limit (or callers get 504s while they run on).`,
        remediation: `Set the function's timeout under ${INTEGRATION_LIMIT_SECONDS} seconds.`,
        validate: (stack, report) => {
            for (const integration of stack.ofType("aws:apigateway/integration:Integration")) {
                const [fn] = stack.referenced(integration, "uri", "aws:lambda/function:Function");
                const timeout = Number(fn?.props.timeout ?? 3);
                if (fn && timeout >= INTEGRATION_LIMIT_SECONDS)
                    report(integration, `it calls ${fn.name}, which may run ${timeout} s`);
            }
        },
    }),
];
