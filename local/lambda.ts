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
    const context = lambdaContext(fn.name, fn.memorySize ?? 512, requestId, deadline);
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
        return succeededWith(jsonBoundary(outcome));
    } catch (error) {
        return { ok: false, error: thrownError(error) };
    } finally {
        clearTimeout(timer);
    }
}

/** The context Lambda passes a handler, for a local invocation that must end by `deadline` (epoch ms). */
export function lambdaContext(functionName: string, memorySize: number, requestId: string, deadline: number): Context {
    return {
        callbackWaitsForEmptyEventLoop: true,
        functionName,
        functionVersion: "$LATEST",
        invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
        memoryLimitInMB: String(memorySize),
        awsRequestId: requestId,
        logGroupName: `/aws/lambda/${functionName}`,
        logStreamName: `local/[$LATEST]${requestId}`,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
    };
}

/**
 * A handler's result as it comes out of Lambda's JSON serialization. Plain values pass unchanged (what the
 * round trip would leave them), without the cost of escaping a large string twice.
 */
export function jsonBoundary(result: unknown): unknown {
    if (result === undefined || result === null) return null;
    if (typeof result === "string" || typeof result === "boolean") return result;
    if (typeof result === "number") return Number.isFinite(result) ? result : null;
    return JSON.parse(JSON.stringify(result)) as unknown;
}

/** A thrown value as Lambda reports an unhandled error. */
export function thrownError(error: unknown): LambdaError & { stackTrace: string[] } {
    const e = error instanceof Error ? error : new Error(String(error));
    return { errorType: e.name, errorMessage: e.message, stackTrace: stackLines(e.stack) };
}

/** A stack trace's frames, as Lambda's `stackTrace` lists them (without the message line). */
export function stackLines(stack: string | undefined): string[] {
    return String(stack ?? "")
        .split("\n")
        .slice(1)
        .map((l) => l.trim());
}

/**
 * A successful result from its value, and its JSON text when the caller has it already. A class, not an
 * object literal with a getter: V8 allocates such literals (and the closure their getter keeps) in its old
 * generation, where they kept every result's value, a page of HTML, alive past young collections: under
 * load, full collections cost the local API more than its routing and templates together.
 */
export function succeededWith(value: unknown, text?: string): InvokeResult {
    return new Succeeded(value, text);
}

class Succeeded {
    readonly ok = true;
    constructor(
        readonly value: unknown,
        private text?: string,
    ) {}

    get payload(): string {
        return (this.text ??= JSON.stringify(this.value));
    }
}
