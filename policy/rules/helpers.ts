import { ResourceRule, StackRule } from "./types";

export const resourceRule = (rule: Omit<ResourceRule, "kind">): ResourceRule => ({ kind: "resource", ...rule });
export const stackRule = (rule: Omit<StackRule, "kind">): StackRule => ({ kind: "stack", ...rule });

/** Parses an IAM policy document given as JSON text or an object. */
export function policyStatements(document: unknown): { Effect?: string; Action?: string | string[]; Resource?: string | string[] }[] {
    const doc = typeof document === "string" ? safeJson(document) : document;
    const statements = (doc as { Statement?: unknown })?.Statement;
    return Array.isArray(statements) ? statements : statements ? [statements as never] : [];
}

export const asList = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** IPv4 CIDR as [first address, last address]. */
export function cidrRange(cidr: unknown): [number, number] | undefined {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(String(cidr));
    if (!m) return undefined;
    const base = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
    const size = 2 ** (32 - Number(m[5]));
    const first = Math.floor(base / size) * size;
    return [first, first + size - 1];
}
