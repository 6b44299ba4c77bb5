/**
 * One Lambda execution environment, in a worker thread: the function's module loaded once (its module
 * scope, like a container's, lives as long as the worker), its own `process.env`, and each invocation's
 * event and result crossing Lambda's JSON boundary (a result that is not a string, number, boolean or null is
 * made JSON and back here; plain values pass as they are, as the round trip would leave them, without the
 * cost of escaping a large string twice). Started by local/function-host.ts.
 */
import * as path from "path";
import { parentPort, workerData } from "worker_threads";
import { jsonBoundary, lambdaContext, stackLines, thrownError } from "./lambda";

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
    return { errorType, errorMessage, stackTrace: stackLines(stack) };
}

const loaded = loadHandler();
// Loaded (or failed to): Lambda's init phase is over, and invocations' timeouts start from here.
parentPort!.postMessage({ ready: true });

parentPort!.on("message", (request: WorkerRequest) => {
    void run(request).then((reply) => parentPort!.postMessage(reply));
});

async function run({ id, requestId, event, deadline }: WorkerRequest): Promise<WorkerReply> {
    if (typeof loaded !== "function") return { id, ok: false, error: loaded };
    const context = lambdaContext(data.functionName, data.memorySize, requestId, deadline);
    try {
        const result = await loaded(event, context);
        return { id, ok: true, value: jsonBoundary(result) };
    } catch (error) {
        return { id, ok: false, error: thrownError(error) };
    }
}
