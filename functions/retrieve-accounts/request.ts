import { badRequest } from "../shared/errors";

/**
 * The event the REST API's request template builds from the query string. Values arrive as strings
 * (`""` when absent) from the API, or as numbers from a direct invocation.
 */
export interface RetrieveAccountsEvent {
    limit?: number | string | null;
    offset?: number | string | null;
}

export interface Page {
    limit: number;
    offset: number;
}

export const LIMIT = { min: 1, max: 1000, default: 100 } as const;
export const OFFSET = { min: 0, max: 1_000_000_000, default: 0 } as const;

/** Reads `limit` and `offset`, refusing anything that is not an integer in range with a `[400]` error. */
export function parsePage(event: RetrieveAccountsEvent | null | undefined): Page {
    return {
        limit: integerParam("limit", event?.limit, LIMIT),
        offset: integerParam("offset", event?.offset, OFFSET),
    };
}

function integerParam(name: string, raw: unknown, range: { min: number; max: number; default: number }): number {
    if (raw === undefined || raw === null || raw === "") return range.default;
    const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
    const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
    if (!(value >= range.min && value <= range.max)) {
        throw badRequest(`${name} must be an integer between ${range.min} and ${range.max}`);
    }
    return value;
}
