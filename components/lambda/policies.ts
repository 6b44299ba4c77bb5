/** IAM documents of Lambda functions, as plain functions so they can be tested without Pulumi. */

export interface PolicyStatement {
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource: string[];
}

/** Lets the Lambda service assume the function's role. */
export function lambdaTrustPolicy(): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
}

/** Reading exactly the given secrets. */
export function readSecretsStatement(secretArns: string[]): PolicyStatement {
    return { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secretArns };
}

export function policyDocument(statements: PolicyStatement[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** AWS-managed policies a function's role may get, by what they are for. */
export const MANAGED_POLICIES = {
    /** CloudWatch Logs. */
    basicExecution: "service-role/AWSLambdaBasicExecutionRole",
    /** ENIs in a VPC. */
    vpcAccess: "service-role/AWSLambdaVPCAccessExecutionRole",
    /** X-Ray segments. */
    xray: "AWSXRayDaemonWriteAccess",
} as const;

export function managedPolicyArn(partition: string, policy: string): string {
    return `arn:${partition}:iam::aws:policy/${policy}`;
}
