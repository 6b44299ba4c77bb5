import { PolicyResourceLike, ResourceRule, StackRule, StackView } from "./types";

export const resourceRule = (rule: Omit<ResourceRule, "kind">): ResourceRule => ({ kind: "resource", ...rule });
export const stackRule = (rule: Omit<StackRule, "kind">): StackRule => ({ kind: "stack", ...rule });

/** Parses an IAM policy document given as JSON text or an object. */
export function policyStatements(
    document: unknown,
): { Effect?: string; Action?: string | string[]; Resource?: string | string[] }[] {
    const doc = typeof document === "string" ? safeJson(document) : document;
    const statements = (doc as { Statement?: unknown })?.Statement;
    return Array.isArray(statements) ? statements : statements ? [statements] : [];
}

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
    type: string,
    companionType: string,
    prop: string,
    missing: string,
    ok: (companion: PolicyResourceLike) => boolean = () => true,
): StackRule["validate"] {
    return (stack, report) => {
        for (const resource of stack.ofType(type)) {
            if (!stack.referencing(companionType, prop, resource).some(ok)) report(resource, missing);
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
