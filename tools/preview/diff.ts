/**
 * The offline change preview: what `pulumi preview --diff` would do to a stack recorded in a baseline
 * (`npm run -s preview -- --stack <name> --format json`), computed from two evaluations and the providers'
 * replace rules. Pure: no Pulumi SDK, no files.
 */
import type { Evaluation, RecordedResource } from "../offline/evaluate";

export type ChangeKind = "create" | "update" | "replace" | "delete";

/** One changed input: where, and its value before and after (undefined when absent). */
export interface InputChange {
    path: string;
    before: unknown;
    after: unknown;
    /** This change (or the replacement of a resource it is computed from) forces the replacement. */
    forcesReplacement: boolean;
}

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
    kind: ChangeKind;
    /** For updates and replacements: the inputs that change. */
    inputs: InputChange[];
    /** For replacements that follow from another: the replaced resources whose outputs force this one. */
    replacedWith?: string[];
    /** A resource whose replacement or deletion loses data. */
    stateful: boolean;
}

export interface ChangePlan {
    project: string;
    stack: string;
    changes: ResourceChange[];
    summary: Record<ChangeKind | "same", number>;
    /** Stateful resources that would be replaced or deleted without an `--allow-replace` for them. */
    blocked: { name: string; type: string; kind: ChangeKind }[];
}

/** Replace rules per resource type: the input paths whose change replaces it. */
export type ReplaceRuleTable = Record<string, readonly string[]>;

/** Types that hold data: their replacement or deletion loses it. */
export const STATEFUL_TYPES = new Set([
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:ecr/repository:Repository",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:sqs/queue:Queue",
    "aws:dynamodb/table:Table",
    "aws:efs/fileSystem:FileSystem",
    // Its users (and their passwords, which cannot be exported): a replaced pool starts empty.
    "aws:cognito/userPool:UserPool",
]);

/** Stateful by type, or because its component kept it out of a destroy (retainOnDelete, protect). */
export function isStateful(r: RecordedResource): boolean {
    return STATEFUL_TYPES.has(r.type) || Boolean(r.options?.retainOnDelete || r.options?.protect);
}

/** The changes that turn `baseline` into `current`, in registration order (deletes last). */
export function planChanges(
    baseline: Evaluation,
    current: Evaluation,
    rules: ReplaceRuleTable,
    allowReplace: readonly string[] = [],
): ChangePlan {
    const before = new Map(baseline.resources.filter((r) => r.custom).map((r) => [r.urn, r]));
    const changes: ResourceChange[] = [];
    const replaced = new Set<string>();
    let same = 0;
    for (const r of current.resources.filter((r) => r.custom)) {
        const old = before.get(r.urn);
        if (!old) {
            changes.push({
                urn: r.urn,
                type: r.type,
                name: r.name,
                kind: "create",
                inputs: [],
                stateful: isStateful(r),
            });
            continue;
        }
        const ignored = r.options?.ignoreChanges ?? [];
        const forcing = [...(rules[r.type] ?? []), ...(r.options?.replaceOnChanges ?? [])];
        const inputs = diffValues(old.inputs, r.inputs, "")
            .filter(({ path }) => !ignored.some((i) => covers(i, path)))
            .map((c) => ({ ...c, forcesReplacement: forcing.some((f) => covers(f, c.path) || covers(c.path, f)) }));
        // A replaced resource gets new IDs and outputs: its dependents' forcing inputs change with it.
        const via = Object.entries(r.propertyDependencies)
            .filter(
                ([input, urns]) => forcing.some((f) => f.split(".")[0] === input) && urns.some((u) => replaced.has(u)),
            )
            .flatMap(([, urns]) => urns.filter((u) => replaced.has(u)));
        if (inputs.length === 0 && via.length === 0) {
            same++;
            continue;
        }
        const kind: ChangeKind = inputs.some((i) => i.forcesReplacement) || via.length > 0 ? "replace" : "update";
        if (kind === "replace") replaced.add(r.urn);
        changes.push({
            urn: r.urn,
            type: r.type,
            name: r.name,
            kind,
            inputs,
            ...(via.length > 0 ? { replacedWith: [...new Set(via)].map((u) => u.split("::").pop()!) } : {}),
            stateful: isStateful(r),
        });
    }
    const now = new Set(current.resources.map((r) => r.urn));
    for (const old of before.values()) {
        if (!now.has(old.urn))
            changes.push({
                urn: old.urn,
                type: old.type,
                name: old.name,
                kind: "delete",
                inputs: [],
                stateful: isStateful(old),
            });
    }
    const summary = { create: 0, update: 0, replace: 0, delete: 0, same };
    for (const c of changes) summary[c.kind]++;
    const blocked = changes
        .filter((c) => c.stateful && (c.kind === "replace" || c.kind === "delete") && !allowReplace.includes(c.name))
        .map(({ name, type, kind }) => ({ name, type, kind }));
    return { project: current.project, stack: current.stack, changes, summary, blocked };
}

/** Whether rule path `rule` (dotted, no indices) covers the changed path (`a.b[0].c`). */
function covers(rule: string, changed: string): boolean {
    const plain = changed.replace(/\[\d+\]/g, "");
    return plain === rule || plain.startsWith(`${rule}.`);
}

/** Leaf-level differences between two input values, as paths. */
export function diffValues(a: unknown, b: unknown, path: string): Omit<InputChange, "forcesReplacement">[] {
    if (isPlainObject(a) && isPlainObject(b)) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
        return keys.flatMap((k) => diffValues(a[k], b[k], path ? `${path}.${k}` : k));
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
        return a.flatMap((v, i) => diffValues(v, b[i], `${path}[${i}]`));
    }
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, before: a, after: b }];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

const SYMBOLS: Record<ChangeKind, string> = { create: "+ ", update: "~ ", replace: "+-", delete: "- " };

/** Renders a plan like `pulumi preview --diff`: each change with its inputs, the counts, and what is blocked. */
export function renderPlan(plan: ChangePlan, against: string): string {
    const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));
    const lines = [
        `Previewing update (${plan.project}/${plan.stack}) against ${against}, offline (Pulumi mocks, no cloud)`,
        "",
    ];
    for (const c of plan.changes) {
        const forcing = c.inputs.filter((i) => i.forcesReplacement).map((i) => i.path);
        const detail =
            c.kind === "update" || c.kind === "replace"
                ? ` [diff: ${c.inputs.map((i) => `~${i.path}`).join(",")}${c.replacedWith ? `${c.inputs.length ? "," : ""}~(replaced ${c.replacedWith.join(", ")})` : ""}]`
                : "";
        lines.push(`  ${SYMBOLS[c.kind]} ${c.type}  ${c.name}  ${c.kind}${detail}${c.stateful ? "  (stateful)" : ""}`);
        for (const i of c.inputs) {
            lines.push(
                `      ~ ${i.path}: ${show(i.before)} => ${show(i.after)}${forcing.includes(i.path) ? "  (forces replacement)" : ""}`,
            );
        }
    }
    if (plan.changes.length === 0) lines.push("  no changes");
    const s = plan.summary;
    lines.push(
        "",
        "Resources:",
        ...(s.create ? [`    + ${s.create} to create`] : []),
        ...(s.update ? [`    ~ ${s.update} to update`] : []),
        ...(s.replace ? [`    +-${s.replace} to replace`] : []),
        ...(s.delete ? [`    - ${s.delete} to delete`] : []),
        `    ${s.same} unchanged`,
    );
    if (plan.blocked.length > 0) {
        lines.push(
            "",
            `error: ${plan.blocked.length} stateful resource(s) would be replaced or deleted, losing what they hold:`,
            ...plan.blocked.map((b) => `    ${b.name} (${b.type}): ${b.kind}`),
            `Fix: change the input back, or accept the loss for each with --allow-replace <name> (e.g. --allow-replace ${plan.blocked[0].name}).`,
        );
    }
    return lines.join("\n");
}
