/** IAM policy documents of the network, as plain functions so they can be tested without Pulumi. */

/** Lets the VPC Flow Logs service assume the role, only for this account's flow logs (confused-deputy guard). */
export function flowLogsTrustPolicy(accountId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    });
}

/**
 * The actions of AWS's documented flow-log policy ("IAM role for publishing flow logs to CloudWatch Logs"):
 * the service checks the group exists (DescribeLogGroups), may create it, and creates and writes streams.
 */
export const FLOW_LOGS_ACTIONS = [
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "logs:DescribeLogGroups",
    "logs:DescribeLogStreams",
] as const;

/**
 * Every action of the documented policy, on this one log group rather than the documentation's `*`
 * (DescribeLogGroups is a list call that IAM authorises on the account's `log-group:*`).
 */
export function flowLogsWritePolicy(logGroupArn: string): string {
    const allGroups = logGroupArn.replace(/:log-group:.*$/, ":log-group:*");
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: FLOW_LOGS_ACTIONS.filter((a) => a !== "logs:DescribeLogGroups"),
                Resource: [logGroupArn, `${logGroupArn}:log-stream:*`],
            },
            { Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: [allGroups] },
        ],
    });
}
