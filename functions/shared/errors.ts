/**
 * Errors the functions throw to their callers. Their message starts with the HTTP status, e.g.
 * `[400] limit must be an integer between 1 and 1000`, so API Gateway maps them by selection pattern;
 * the message never carries stack traces, hostnames, SQL or secrets.
 */
export class PublicError extends Error {
    constructor(
        readonly status: 400 | 404 | 500 | 503,
        detail: string,
    ) {
        super(`[${status}] ${detail}`);
        this.name = "PublicError";
        // Lambda reports `stack` as the error's stackTrace: keep code paths out of it.
        this.stack = `${this.name}: ${this.message}`;
    }
}

/** Bad input from the caller. */
export const badRequest = (detail: string) => new PublicError(400, detail);

/** The database (or its secret) cannot be reached; the caller may retry. */
export const DATABASE_UNAVAILABLE = "database unavailable";
