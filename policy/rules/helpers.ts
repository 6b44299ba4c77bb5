import { PolicyResourceLike, ResourceRule, StackRule, StackView } from "./types";

export const resourceRule = (rule: Omit<ResourceRule, "kind">): ResourceRule => ({ kind: "resource", ...rule });
export const stackRule = (rule: Omit<StackRule, "kind">): StackRule => ({ kind: "stack", ...rule });

/** One statement of an IAM policy document. */
export interface Statement {
    Effect?: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    Principal?: string | Record<string, string | string[]>;
    Condition?: Record<string, unknown>;
}

/** Parses an IAM policy document given as JSON text or an object. */
export function policyStatements(document: unknown): Statement[] {
    const doc = typeof document === "string" ? safeJson(document) : document;
    const statements = (doc as { Statement?: unknown })?.Statement;
    return Array.isArray(statements) ? statements : statements ? [statements] : [];
}

/** A property read as an object (empty when absent or not an object). */
export const obj = (value: unknown): Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** A property read as a list of objects (empty when absent). */
export const objects = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.map(obj) : []);

/** A property read as text (empty when absent or not a scalar). */
export const text = (value: unknown): string =>
    typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";

export const asList = (value: unknown): string[] =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);

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

/**
 * A stack check that every resource of `type` has a companion resource of `companionType` pointing at it
 * through `prop` (and satisfying `ok`, when given), reporting `missing` otherwise.
 */
export function requireCompanion(
    type: string | string[],
    companionType: string | string[],
    prop: string,
    missing: string,
    ok: (companion: PolicyResourceLike) => boolean = () => true,
): StackRule["validate"] {
    return (stack, report) => {
        for (const resource of [type].flat().flatMap((t) => stack.ofType(t))) {
            const companions = [companionType].flat().flatMap((t) => stack.referencing(t, prop, resource));
            if (!companions.some(ok)) report(resource, missing);
        }
    };
}

/**
 * The AZs of the subnets a resource lists in `prop` (`subnetIds` under it). Subnets from outside the stack
 * count as one AZ each: only what is known to be wrong gets reported.
 */
export function subnetZones(
    stack: StackView,
    resource: PolicyResourceLike,
    prop: string,
    subnetIds: string[],
): Set<string> {
    const subnets = stack.referenced(resource, prop, "aws:ec2/subnet:Subnet");
    return new Set([
        ...subnets.map((s) => String(s.props.availabilityZone)),
        ...subnetIds.slice(subnets.length).map((id) => `external:${id}`),
    ]);
}

/** Every principal a statement names (`"*"` for the anonymous principal, in any of its spellings). */
export function principals(statement: Statement): string[] {
    const p = statement.Principal;
    if (p === undefined) return [];
    if (typeof p === "string") return [p];
    return Object.values(p).flatMap((v) => asList(v));
}

/** An Allow statement that anyone may use: principal `*` and no condition narrowing who. */
export function isPublicStatement(statement: Statement): boolean {
    return (
        statement.Effect === "Allow" &&
        principals(statement).includes("*") &&
        Object.keys(statement.Condition ?? {}).length === 0
    );
}

/** The public statements of a resource policy (bucket, queue, topic, key, trust policy). */
export const publicStatements = (document: unknown): Statement[] =>
    policyStatements(document).filter(isPublicStatement);

/** Whether any of the actions a statement allows matches `action` (with IAM's `*` wildcards). */
export function allows(statement: Statement, action: string): boolean {
    return asList(statement.Action).some((pattern) =>
        new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(action),
    );
}
