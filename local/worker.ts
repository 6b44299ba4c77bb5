/**
 * One Lambda execution environment, in a worker thread: the function's module loaded once (its module
 * scope, like a container's, lives as long as the worker), its own `process.env`, and each invocation's
 * event and result crossing Lambda's JSON boundary (a result that is not a string, number, boolean or null is
 * made JSON and back here; plain values pass as they are, as the round trip would leave them, without the
 * cost of escaping a large string twice). Started by local/function-host.ts.
 */
import * as path from "path";
import { parentPort, workerData } from "worker_threads";

export interface WorkerData {
    directory: string;
    handler: string;
    functionName: string;
    memorySize: number;
}

/** `event` is JSON data already (parsed from a request, or made by a local stand-in). */
export type WorkerRequest = { id: number; requestId: string; event: unknown; deadline: number };
export type WorkerReply =
    | { id: number; ok: true; value: unknown }
    | { id: number; ok: false; error: { errorType: string; errorMessage: string; stackTrace: string[] } };

const data = workerData as WorkerData;
type Handler = (event: unknown, context: unknown) => unknown;
type RuntimeError = { errorType: string; errorMessage: string; stackTrace: string[] };

/** The handler, or the error Lambda's runtime reports when it cannot load it. */
function loadHandler(): Handler | RuntimeError {
    const dot = data.handler.lastIndexOf(".");
    const [file, exported] = [data.handler.slice(0, dot), data.handler.slice(dot + 1)];
    try {
        const module = require(path.resolve(data.directory, file)) as Record<string, unknown>;
        const fn = module[exported];
        if (typeof fn !== "function")
            return failure("Runtime.HandlerNotFound", `${file}.${exported} is undefined or not exported`);
        return fn as Handler;
    } catch (error) {
        const e = error as Error & { code?: string };
        const type =
            e instanceof SyntaxError
                ? "Runtime.UserCodeSyntaxError"
                : e.code === "MODULE_NOT_FOUND"
                  ? "Runtime.ImportModuleError"
                  : (e.name ?? "Error");
        return failure(type, e.message, e.stack);
    }
}

function failure(errorType: string, errorMessage: string, stack?: string): RuntimeError {
    return { errorType, errorMessage, stackTrace: lines(stack) };
}

function lines(stack: string | undefined): string[] {
    return String(stack ?? "")
        .split("\n")
        .slice(1)
        .map((l) => l.trim());
}

const loaded = loadHandler();
// Loaded (or failed to): Lambda's init phase is over, and invocations' timeouts start from here.
parentPort!.postMessage({ ready: true });

parentPort!.on("message", (request: WorkerRequest) => {
    void run(request).then((reply) => parentPort!.postMessage(reply));
});

/** The value as Lambda's JSON serialization of the result gives it back. */
function jsonBoundary(result: unknown): unknown {
    if (result === undefined || result === null) return null;
    if (typeof result === "string" || typeof result === "boolean") return result;
    if (typeof result === "number") return Number.isFinite(result) ? result : null;
    return JSON.parse(JSON.stringify(result)) as unknown;
}

async function run({ id, requestId, event, deadline }: WorkerRequest): Promise<WorkerReply> {
    if (typeof loaded !== "function") return { id, ok: false, error: loaded };
    const context = {
        callbackWaitsForEmptyEventLoop: true,
        functionName: data.functionName,
        functionVersion: "$LATEST",
        invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${data.functionName}`,
        memoryLimitInMB: String(data.memorySize),
        awsRequestId: requestId,
        logGroupName: `/aws/lambda/${data.functionName}`,
        logStreamName: `local/[$LATEST]${requestId}`,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
    };
    try {
        const result = await loaded(event, context);
        return { id, ok: true, value: jsonBoundary(result) };
    } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        return { id, ok: false, error: failure(e.name, e.message, e.stack) };
    }
}
