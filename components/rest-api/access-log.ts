/** The JSON line API Gateway writes per request to the access log group. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    requestTime: "$context.requestTime",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integrationLatency",
    integrationError: "$context.integration.error",
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    xrayTraceId: "$context.xrayTraceId",
});

/** Lets API Gateway assume the account's CloudWatch logging role. */
export function apiGatewayTrustPolicy(): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
}
