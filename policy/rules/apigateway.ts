import { resourceRule, stackRule } from "./helpers";

const STAGE = "aws:apigateway/stage:Stage";
const INTEGRATION_LIMIT_SECONDS = 29;

export const apiGatewayRules = [
    resourceRule({
        name: "apigateway-access-logging",
        types: [STAGE],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "API stages write access logs (Security Hub APIGateway.1).",
        remediation: "Set accessLogSettings with a log group ARN and a format.",
        validate: (r, report) => {
            if (!r.props.accessLogSettings?.destinationArn) report("the stage has no access logs");
        },
    }),
    resourceRule({
        name: "apigateway-tracing",
        types: [STAGE],
        severity: "low",
        enforcementLevel: "mandatory",
        description: "API stages trace with X-Ray (Security Hub APIGateway.3).",
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
                const throttled = stack
                    .ofType("aws:apigateway/methodSettings:MethodSettings")
                    .some(
                        (m) =>
                            (stack.referenced(m, "stageName", STAGE).includes(stage) ||
                                (m.props.restApi === stage.props.restApi &&
                                    m.props.stageName === stage.props.stageName)) &&
                            m.props.settings?.throttlingRateLimit > 0 &&
                            m.props.settings?.throttlingBurstLimit > 0,
                    );
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
