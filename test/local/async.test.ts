/**
 * Lambda's asynchronous invocation, locally (local/async.ts), with Lambda's minutes scaled down: the maximum
 * event age. Pure: a function that always fails stands in for the worker, so no server or worker runs.
 */
import * as assert from "assert/strict";
import { AsyncInvoker, AsyncTarget, InvocationRecord } from "../../local/async";
import { InvokeResult } from "../../local/lambda";
import type { FunctionPlan } from "../../local/program";

/**
 * The invocation record AWS documents for an on-failure destination ("Example invocation record", an event
 * that failed three attempts), from the Lambda developer guide's "Asynchronous invocation" page:
 * https://github.com/awsdocs/aws-lambda-developer-guide/blob/03f7fcb0b771f031f7cb3aa43e8b18407c00b3a8/doc_source/invocation-async.md
 * (today https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
 */
const DOCUMENTED_RECORD = {
    version: "1.0",
    timestamp: "2019-11-14T18:16:05.568Z",
    requestContext: {
        requestId: "e4b46cbf-b738-xmpl-8880-a18cdf61200e",
        functionArn: "arn:aws:lambda:us-east-2:123456789012:function:my-function:$LATEST",
        condition: "RetriesExhausted",
        approximateInvokeCount: 3,
    },
    requestPayload: { ORDER_IDS: ["9e07af03-ce31-4ff3-xmpl-36dce652cb4f"] },
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
    responsePayload: {
        errorMessage: "RequestId: e4b46cbf-b738-xmpl-8880-a18cdf61200e Process exited before completing request",
    },
};

const DESTINATION = "arn:aws:sqs:us-east-1:000000000000:failed-events";
/** A local minute. The event's age is read on a clock the test moves (timers run late on a busy machine). */
const MINUTE_MS = 5;

function failingTarget(maximumEventAgeInSeconds: number, maximumRetryAttempts = 2) {
    const attemptsAt: number[] = [];
    /** The clock the age is read on: the n-th attempt moves it on by the wait Lambda then makes, n minutes. */
    const clock = { now: 0 };
    const plan: FunctionPlan = {
        name: "orders",
        aliases: [],
        arn: "arn:aws:lambda:us-east-1:000000000000:function:orders",
        code: { directory: "/nowhere", handler: "index.handler" },
        timeout: 3,
        memorySize: 128,
        environment: {},
        async: { maximumRetryAttempts, maximumEventAgeInSeconds, onFailure: DESTINATION },
    };
    const target: AsyncTarget = {
        plan,
        invoke: (): Promise<InvokeResult> => {
            attemptsAt.push(clock.now);
            clock.now += attemptsAt.length * MINUTE_MS;
            return Promise.resolve({
                ok: false,
                error: { errorType: "Error", errorMessage: "order store unavailable", stackTrace: [] },
            });
        },
    };
    return { target, attemptsAt, clock };
}

/** The keys of an object and of each object in it, as paths ("requestContext.condition"). */
function keyPaths(value: unknown, prefix = ""): string[] {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
    return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...keyPaths(v, `${prefix}${k}.`)]);
}

describe("local async invocation: the maximum event age", () => {
    it("stops retrying an event older than its maximum age and sends the EventAgeExceeded record", async () => {
        // 90 s of age: the first retry (1 minute after the first attempt) is inside it, the second (2 more) is not.
        const { target, attemptsAt, clock } = failingTarget(90);
        const delivered: [string, InvocationRecord][] = [];
        const invoker = new AsyncInvoker({
            minuteMs: MINUTE_MS,
            now: () => clock.now,
            onDelivered: (d, r) => delivered.push([d, r]),
        });
        const event = { orderId: "o-1" };
        const requestId = invoker.submit(target, event, "invoke");
        await invoker.idle();

        // Attempts at 0 and 1 minute; at 3 minutes the event is older than its 1.5: no third attempt.
        assert.deepEqual(attemptsAt, [0, MINUTE_MS], "retried once, inside the age; not a third time");
        assert.equal(delivered.length, 1);
        const [destination, record] = delivered[0];
        assert.equal(destination, DESTINATION);
        assert.deepEqual(invoker.destinations.get(DESTINATION), [record]);
        assert.deepEqual(record.requestContext, {
            requestId,
            functionArn: `${target.plan.arn}:$LATEST`,
            condition: "EventAgeExceeded",
            approximateInvokeCount: 2,
        });
        assert.deepEqual(record.requestPayload, event);
        assert.deepEqual(record.responseContext, {
            statusCode: 200,
            executedVersion: "$LATEST",
            functionError: "Unhandled",
        });
        assert.equal(record.responsePayload?.errorMessage, "order store unavailable");
        assert.match(record.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        // The documented record's shape: every field AWS shows, nothing AWS does not (inside the event and the
        // error's own fields aside).
        const shape = (r: unknown) =>
            keyPaths(r)
                .filter((k) => !/^requestPayload\.|^responsePayload\.(errorType|stackTrace)$/.test(k))
                .sort();
        assert.deepEqual(shape(record), shape(DOCUMENTED_RECORD));
    });

    it("retries an event younger than its maximum age until its retries are spent (RetriesExhausted)", async () => {
        const { target, attemptsAt, clock } = failingTarget(21_600, 1);
        const invoker = new AsyncInvoker({ minuteMs: MINUTE_MS, now: () => clock.now });
        invoker.submit(target, {}, "invoke");
        await invoker.idle();
        assert.equal(attemptsAt.length, 2);
        const [record] = invoker.destinations.get(DESTINATION) ?? [];
        assert.equal(record.requestContext.condition, "RetriesExhausted");
        assert.equal(record.requestContext.approximateInvokeCount, 2);
    });
});
