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

/** Lets flow logs write to one log group and nothing else. */
export function flowLogsWritePolicy(logGroupArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, `${logGroupArn}:log-stream:*`],
            },
        ],
    });
}
