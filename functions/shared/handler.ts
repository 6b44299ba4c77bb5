import type { Context } from "aws-lambda";
import { DatabaseUnavailableError } from "./database";
import { DATABASE_UNAVAILABLE, PublicError } from "./errors";
import { describeError, log } from "./log";
import { SettingsError } from "./settings";

/**
 * Wraps a function's work so that every failure reaches the caller as a {@link PublicError}: the one
 * place where internal errors are logged and mapped to a status and a safe message.
 */
export function publicHandler<E, R>(
    work: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
    return async (event, context) => {
        try {
            return await work(event, context);
        } catch (error) {
            throw toPublicError(error, context);
        }
    };
}

export function toPublicError(error: unknown, context?: Pick<Context, "awsRequestId">): PublicError {
    const requestId = context?.awsRequestId;
    if (error instanceof PublicError) {
        log("INFO", "request refused", { requestId, status: error.status, reason: error.message });
        return error;
    }
    if (error instanceof DatabaseUnavailableError) {
        log("ERROR", "database unavailable", { requestId, ...describeError(error.cause) });
        return new PublicError(503, DATABASE_UNAVAILABLE);
    }
    if (error instanceof SettingsError) {
        log("ERROR", error.message, { requestId });
        return new PublicError(500, "function misconfigured");
    }
    log("ERROR", "unexpected error", { requestId, ...describeError(error), stack: (error as Error)?.stack });
    return new PublicError(500, "internal error");
}
