/**
 * Lambda's invoke semantics for handlers run in-process: the event and result cross a JSON boundary, the
 * context carries the request ID and the time left, the timeout is enforced, and a failure comes back
 * the way Lambda reports it (`errorMessage`, `errorType`, `stackTrace`).
 */
import type { Context } from "aws-lambda";
import { randomUUID } from "crypto";

export type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalFunction {
    name: string;
    handler: Handler;
    /** Seconds, as configured for the deployed function. */
    timeout: number;
    memorySize?: number;
}

export interface LambdaError {
    errorMessage: string;
    errorType: string;
    stackTrace?: string[];
}

/**
 * A successful invocation: `value` is the result as it comes out of Lambda's JSON boundary, and `payload`
 * the JSON text itself (made when first read: a template that only reads the value never pays for it).
 */
export type InvokeResult = { ok: true; value: unknown; readonly payload: string } | { ok: false; error: LambdaError };

/** A function that runs its invocations itself (e.g. in a worker thread: local/function-host.ts). */
export interface Invocable {
    name: string;
    /** Seconds, as configured for the deployed function. */
    timeout: number;
    invoke(event: unknown): Promise<InvokeResult>;
}

/** Invokes either kind of local function. */
export function invokeFunction(fn: LocalFunction | Invocable, event: unknown): Promise<InvokeResult> {
    return "invoke" in fn ? fn.invoke(event) : invoke(fn, event);
}

/** Invokes like `lambda:Invoke` (RequestResponse): the payload is the JSON the service would return. */
export async function invoke(fn: LocalFunction, event: unknown): Promise<InvokeResult> {
    const requestId = randomUUID();
    const deadline = Date.now() + fn.timeout * 1000;
    const context: Context = {
        callbackWaitsForEmptyEventLoop: true,
        functionName: fn.name,
        functionVersion: "$LATEST",
        invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${fn.name}`,
        memoryLimitInMB: String(fn.memorySize ?? 512),
        awsRequestId: requestId,
        logGroupName: `/aws/lambda/${fn.name}`,
        logStreamName: `local/[$LATEST]${requestId}`,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
    };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), fn.timeout * 1000);
    });
    try {
        const outcome = await Promise.race([fn.handler(JSON.parse(JSON.stringify(event ?? null)), context), timedOut]);
        if (outcome === "timeout") {
            return {
                ok: false,
                error: {
                    errorMessage: `${new Date().toISOString()} ${requestId} Task timed out after ${fn.timeout.toFixed(2)} seconds`,
                    errorType: "Sandbox.Timedout",
                },
            };
        }
        return succeeded(outcome);
    } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        return {
            ok: false,
            error: {
                errorMessage: e.message,
                errorType: e.name,
                stackTrace: String(e.stack ?? "")
                    .split("\n")
                    .slice(1)
                    .map((l) => l.trim()),
            },
        };
    } finally {
        clearTimeout(timer);
    }
}

/** The result as JSON would carry it; primitives pass unchanged, which is what the round trip would give. */
function succeeded(result: unknown): InvokeResult {
    const plain =
        typeof result === "string" ||
        typeof result === "boolean" ||
        (typeof result === "number" && Number.isFinite(result)) ||
        result === null ||
        result === undefined;
    const value: unknown = plain ? (result ?? null) : JSON.parse(JSON.stringify(result));
    return succeededWith(value);
}

/** A successful result from its value, and its JSON text when the caller has it already. */
export function succeededWith(value: unknown, text?: string): InvokeResult {
    let payload = text;
    return {
        ok: true,
        value,
        get payload() {
            return (payload ??= JSON.stringify(value));
        },
    };
}
