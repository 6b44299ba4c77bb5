import type { Context } from "aws-lambda";
import { randomUUID } from "crypto";

/** A Lambda context for calling handlers directly, as the Node.js runtime would build it. */
export function fakeContext(functionName = "test-function", timeoutMs = 10_000): Context {
    const deadline = Date.now() + timeoutMs;
    return {
        callbackWaitsForEmptyEventLoop: true,
        functionName,
        functionVersion: "$LATEST",
        invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
        memoryLimitInMB: "512",
        awsRequestId: randomUUID(),
        logGroupName: `/aws/lambda/${functionName}`,
        logStreamName: "2026/11/21/[$LATEST]test",
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
    };
}
