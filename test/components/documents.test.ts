/**
 * The IAM, ECR and access-log documents the components attach: what each grants, to whom, and on what.
 * Plain functions, so checked here without Pulumi; the components only pass them to their resources.
 */
import * as assert from "assert/strict";
import { keepNewestImagesPolicy } from "../../components/container-function/policies";
import {
    MANAGED_POLICIES,
    lambdaTrustPolicy,
    managedPolicyArn,
    policyDocument,
    readSecretsStatement,
} from "../../components/lambda/policies";
import { flowLogsTrustPolicy, flowLogsWritePolicy } from "../../components/network/policies";
import { ACCESS_LOG_FORMAT, apiGatewayTrustPolicy } from "../../components/rest-api/access-log";

const trust = (service: string, extra: object = {}) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...extra }],
});

describe("IAM and ECR documents", () => {
    it("lets only the service that runs each role assume it", () => {
        assert.deepEqual(JSON.parse(lambdaTrustPolicy()), trust("lambda.amazonaws.com"));
        assert.deepEqual(JSON.parse(apiGatewayTrustPolicy()), trust("apigateway.amazonaws.com"));
        // Flow logs: only for this account's flow logs (the confused-deputy guard).
        assert.deepEqual(
            JSON.parse(flowLogsTrustPolicy("123456789012")),
            trust("vpc-flow-logs.amazonaws.com", {
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            }),
        );
    });

    it("lets flow logs write to their own log group and its streams, and list the account's groups", () => {
        const group = "arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/dev";
        assert.deepEqual(JSON.parse(flowLogsWritePolicy(group)), {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: [
                        "logs:CreateLogGroup",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "logs:DescribeLogStreams",
                    ],
                    Resource: [group, `${group}:log-stream:*`],
                },
                {
                    Effect: "Allow",
                    Action: ["logs:DescribeLogGroups"],
                    Resource: ["arn:aws:logs:eu-west-1:123456789012:log-group:*"],
                },
            ],
        });
    });

    it("grants reading exactly the given secrets, in a versioned document", () => {
        const arns = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:a-1", "arn:aws:secretsmanager:x"];
        const statement = readSecretsStatement(arns);
        assert.deepEqual(statement, { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: arns });
        assert.deepEqual(JSON.parse(policyDocument([statement, statement])), {
            Version: "2012-10-17",
            Statement: [statement, statement],
        });
    });

    it("names AWS-managed policies by partition", () => {
        assert.equal(
            managedPolicyArn("aws", MANAGED_POLICIES.basicExecution),
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        );
        assert.equal(
            managedPolicyArn("aws-cn", MANAGED_POLICIES.vpcAccess),
            "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
        );
        assert.equal(MANAGED_POLICIES.xray, "AWSXRayDaemonWriteAccess");
    });

    it("expires every image but the newest ones, tagged or not", () => {
        assert.deepEqual(JSON.parse(keepNewestImagesPolicy(7)), {
            rules: [
                {
                    rulePriority: 1,
                    description: "Keep the newest 7 images",
                    selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 7 },
                    action: { type: "expire" },
                },
            ],
        });
    });

    it("logs one JSON line per request, from API Gateway's $context variables", () => {
        const format = JSON.parse(ACCESS_LOG_FORMAT) as Record<string, string>;
        assert.deepEqual(format, {
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
        // API Gateway wants the request ID in the format, and the line must stay one line.
        assert.ok(!ACCESS_LOG_FORMAT.includes("\n"));
    });
});
