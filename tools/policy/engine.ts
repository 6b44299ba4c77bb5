/**
 * Runs a CrossGuard pack over recorded resources the way the Pulumi engine and `@pulumi/policy`'s analyzer
 * server do in a preview:
 * - config reconciled as the CLI does (ReconcilePolicyPackConfig): each policy's level (its own, else the
 *   pack's), its config schema's defaults, then the pack's initial config, then the config file (`all`
 *   first, then each policy's entry), and the result validated against the schema;
 * - every resource validation on every resource (with the single-function type filter and
 *   `notApplicable`), every stack validation once over all resources, each awaited;
 * - `args.opts` and `args.provider` as the engine passes them (the default provider when none is explicit);
 * - remediations first (`remediate` policies with a remediateResource), each resource's inputs replaced by
 *   what they return before any validation sees them;
 * - `disabled` skipped, `advisory` reported, `mandatory` (and `remediate`) failing; a policy that throws is
 *   an error of that policy, which fails the run as it fails a preview.
 */
import type {
    EnforcementLevel,
    Policies,
    Policy,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationPolicy,
    Severity,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { EngineResource } from "../../policy/pack";
import { RecordedOptions, RecordedResource } from "../offline/evaluate";
import { validateConfig } from "./config-schema";

/** A policy config file, as `--policy-pack-config` takes it. */
export type PolicyConfig = Record<
    string,
    EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

/** What the engine needs of a pack: what its `new PolicyPack(...)` declared. */
export interface PackDefinition {
    name: string;
    version?: string;
    /** The pack's default level; the engine's default (advisory) when the pack gives none. */
    enforcementLevel?: EnforcementLevel;
    policies: Policies;
    initialConfig?: PolicyConfig;
}

export interface Violation {
    pack: string;
    policy: string;
    /** As the policy (or its report) gives it; packs such as AWSGuard give none. */
    severity?: Severity;
    level: "advisory" | "mandatory";
    message: string;
    resource?: { name: string; type: string; urn: string };
}

/** A policy that threw: the engine fails the preview with it. */
export interface PolicyError {
    pack: string;
    policy: string;
    message: string;
    resource?: { name: string; type: string; urn: string };
}

/** One pack's run: what ran, at which levels, and from which config. */
export interface PackRun {
    name: string;
    version?: string;
    /** The pack's default level as it applied. */
    enforcementLevel: EnforcementLevel;
    /** The enforcement config it ran with: the file, or a sentence saying none was. */
    enforcement: string;
    policies: number;
    /** The level each policy ran at. */
    levels: Record<string, EnforcementLevel>;
    disabled: string[];
}

/** A resource whose inputs a remediation changed before validation. */
export interface Remediation {
    pack: string;
    policy: string;
    resource: { name: string; type: string; urn: string };
}

export interface PolicyRun {
    packs: PackRun[];
    policies: number;
    resources: number;
    violations: Violation[];
    errors: PolicyError[];
    remediations: Remediation[];
    disabled: string[];
}

/** The recorded stack a pack runs over. */
export interface RunSubject {
    project?: string;
    stack?: string;
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
    /** The program's runtime config, for the default providers' inputs. */
    config?: Record<string, string>;
}

export const ENGINE_DEFAULT_LEVEL: EnforcementLevel = "advisory";

class NotApplicable extends Error {}

/** Runs one pack; `configSource` names where `config` came from, for the report. */
export async function runPack(
    pack: PackDefinition,
    subject: RunSubject,
    config: PolicyConfig = {},
    configSource = "none: every policy at its own level, else the pack's",
): Promise<PolicyRun> {
    const packLevel = pack.enforcementLevel ?? ENGINE_DEFAULT_LEVEL;
    const reconciled = reconcileConfig(pack, config, configSource);
    const violations: Violation[] = [];
    const errors: PolicyError[] = [];
    const disabled: string[] = [];
    const levels: Record<string, EnforcementLevel> = {};
    const resources = toPolicyResources(subject);
    const stackTags = stackTagsOf(subject);
    const brief = (r: PolicyResource | undefined) => r && { name: r.name, type: r.type, urn: r.urn };
    const remediations: Remediation[] = [];
    for (const resource of resources) {
        if (resource.type === STACK) continue;
        for (const policy of pack.policies) {
            const remediate = (policy as ResourceValidationPolicy).remediateResource;
            const { level, properties } = reconciled[policy.name];
            if (level !== "remediate" || !remediate) continue;
            const only = pulumiType(remediate);
            if (only && only !== resource.type) continue;
            const props = structuredClone(resource.props); // a remediation may change what it is given
            try {
                const result = (await remediate({
                    type: resource.type,
                    name: resource.name,
                    urn: resource.urn,
                    props,
                    opts: resource.opts,
                    ...(resource.provider ? { provider: resource.provider } : {}),
                    stackTags,
                    getConfig: <T>() => ({ ...properties }) as T,
                    isType: (cls: never) => resource.isType(cls),
                    asType: (cls: never) => (resource.isType(cls) ? props : undefined),
                    notApplicable: (reason?: string): never => {
                        throw new NotApplicable(reason);
                    },
                } as never)) as Record<string, unknown> | undefined;
                if (result) {
                    resource.props = result;
                    remediations.push({ pack: pack.name, policy: policy.name, resource: brief(resource)! });
                }
            } catch (error) {
                if (error instanceof NotApplicable) continue;
                errors.push({
                    pack: pack.name,
                    policy: policy.name,
                    message: `Error remediating resource with remediation '${policy.name}' from policy pack '${pack.name}@v${pack.version ?? "0"}': ${(error as Error)?.message ?? String(error)}`,
                    resource: brief(resource),
                });
            }
        }
    }

    for (const policy of pack.policies) {
        const { level, properties } = reconciled[policy.name];
        levels[policy.name] = level;
        if (level === "disabled") {
            disabled.push(policy.name);
            continue;
        }
        const failing = level === "advisory" ? "advisory" : "mandatory"; // remediate reports as mandatory
        const reporter = (resource: PolicyResource | undefined) => (message: unknown, urn?: string) => {
            const info = typeof message === "object" && message !== null ? (message as ViolationInfo) : undefined;
            const at = urn ?? info?.urn;
            violations.push({
                pack: pack.name,
                policy: info?.name ?? policy.name,
                severity: info?.severity ?? policy.severity,
                level:
                    info?.enforcementLevel === "advisory" ? "advisory" : info?.enforcementLevel ? "mandatory" : failing,
                message: (info ? (info.message ?? info.description) : (message as string)) || policy.description,
                resource: brief(at ? resources.find((r) => r.urn === at) : resource),
            });
        };
        const guarded = async (resource: PolicyResource | undefined, run: () => unknown) => {
            try {
                await run();
            } catch (error) {
                if (error instanceof NotApplicable) return;
                errors.push({
                    pack: pack.name,
                    policy: policy.name,
                    message: `Error validating ${resource ? "resource" : "stack"} with policy '${policy.name}' from policy pack '${pack.name}@v${pack.version ?? "0"}': ${(error as Error)?.message ?? error}`,
                    resource: brief(resource),
                });
            }
        };
        const common = {
            stackTags,
            getConfig: <T>() => ({ ...properties }) as T,
            notApplicable: (reason?: string): never => {
                throw new NotApplicable(reason);
            },
        };
        if (isResourcePolicy(policy)) {
            const validations = [policy.validateResource].flat();
            const only = validations.length === 1 ? pulumiType(validations[0]) : undefined;
            for (const resource of resources) {
                if (only && only !== resource.type) continue; // the analyzer's fast type filter
                const args = {
                    ...common,
                    type: resource.type,
                    name: resource.name,
                    urn: resource.urn,
                    // The engine analyzes a resource's inputs; the root stack has none.
                    props: resource.type === STACK ? {} : resource.props,
                    opts: resource.opts,
                    ...(resource.provider ? { provider: resource.provider } : {}),
                    isType: (cls: never) => resource.isType(cls),
                    asType: (cls: never) => (resource.isType(cls) ? resource.props : undefined),
                };
                for (const validate of validations)
                    await guarded(resource, () => validate(args as never, reporter(resource)));
            }
        } else if (isStackPolicy(policy)) {
            const only = pulumiType(policy.validateStack);
            if (only && !resources.some((r) => r.type === only)) continue;
            await guarded(undefined, () => policy.validateStack({ ...common, resources }, reporter(undefined)));
        }
    }
    return {
        packs: [
            {
                name: pack.name,
                version: pack.version,
                enforcementLevel: packLevel,
                enforcement: configSource,
                policies: pack.policies.length,
                levels,
                disabled,
            },
        ],
        policies: pack.policies.length,
        resources: subject.resources.length,
        violations,
        errors,
        remediations,
        disabled,
    };
}

/** Several packs' runs as one, as a preview with several `--policy-pack`s reports them. */
export function mergeRuns(runs: PolicyRun[]): PolicyRun {
    return {
        packs: runs.flatMap((r) => r.packs),
        policies: runs.reduce((n, r) => n + r.policies, 0),
        resources: runs[0]?.resources ?? 0,
        violations: runs.flatMap((r) => r.violations),
        errors: runs.flatMap((r) => r.errors),
        remediations: runs.flatMap((r) => r.remediations),
        disabled: runs.flatMap((r) => r.disabled),
    };
}

/** Whether a run fails as the preview would: a mandatory violation or a policy error. */
export function failed(run: PolicyRun): boolean {
    return run.errors.length > 0 || run.violations.some((v) => v.level === "mandatory");
}

interface ViolationInfo {
    name?: string;
    message?: string;
    description?: string;
    urn?: string;
    enforcementLevel?: EnforcementLevel;
    severity?: Severity;
}

interface Reconciled {
    level: EnforcementLevel;
    properties: Record<string, unknown>;
}

/**
 * The config each policy runs with, reconciled as the Pulumi CLI does: schema defaults, then the pack's
 * initial config, then the file; `all` sets every level before the policies' own entries. A result the
 * schema rejects fails before any policy runs, naming the policy and the source.
 */
export function reconcileConfig(
    pack: PackDefinition,
    config: PolicyConfig,
    source = "the policy config",
): Record<string, Reconciled> {
    const packLevel = pack.enforcementLevel ?? ENGINE_DEFAULT_LEVEL;
    const result: Record<string, Reconciled> = {};
    for (const policy of pack.policies) {
        const defaults = Object.entries(policy.configSchema?.properties ?? {}).filter(
            ([, schema]) => (schema as { default?: unknown }).default !== undefined,
        );
        result[policy.name] = {
            level: policy.enforcementLevel ?? packLevel,
            properties: Object.fromEntries(defaults.map(([k, s]) => [k, (s as { default: unknown }).default])),
        };
    }
    for (const layer of [pack.initialConfig ?? {}, config]) {
        const all = levelOf(layer.all);
        if (all) for (const entry of Object.values(result)) entry.level = all;
        for (const [name, given] of Object.entries(layer)) {
            const entry = result[name];
            if (!entry || name === "all") continue;
            entry.level = levelOf(given) ?? entry.level;
            if (typeof given === "object") {
                const { enforcementLevel: _level, ...properties } = given;
                Object.assign(entry.properties, properties);
            }
        }
    }
    const problems = pack.policies.flatMap((policy) =>
        policy.configSchema
            ? validateConfig(policy.configSchema, result[policy.name].properties).map((p) => `${policy.name}: ${p}`)
            : [],
    );
    if (problems.length > 0) throw new Error(`${source} is invalid for pack ${pack.name}:\n  ${problems.join("\n  ")}`);
    return result;
}

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
function levelOf(entry: PolicyConfig[string] | undefined): EnforcementLevel | undefined {
    const level = typeof entry === "string" ? entry : entry?.enforcementLevel;
    return level && LEVELS.includes(level) ? level : undefined;
}

const STACK = "pulumi:pulumi:Stack";

function isResourcePolicy(p: Policy): p is ResourceValidationPolicy & { validateResource: NonNullable<unknown> } {
    return typeof (p as ResourceValidationPolicy).validateResource !== "undefined";
}
function isStackPolicy(p: Policy): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}
function pulumiType(fn: unknown): string | undefined {
    return (fn as { __pulumiType?: string } | undefined)?.__pulumiType;
}

/** Tags the engine configures on the analyzer for every stack (`configureStack`). */
function stackTagsOf(subject: RunSubject): Map<string, string> {
    const tags = new Map<string, string>();
    if (subject.project) tags.set("pulumi:project", subject.project);
    tags.set("pulumi:runtime", "nodejs");
    return tags;
}

/** Recorded resources as the engine presents them (props are inputs; the root stack's are its outputs). */
function toPolicyResources(subject: RunSubject): EngineResource[] {
    const recorded = subject.resources;
    const byUrn = new Map<string, EngineResource>();
    for (const r of recorded) {
        byUrn.set(r.urn, {
            type: r.type,
            name: r.name,
            urn: r.urn,
            id: r.id || undefined,
            outputs: r.outputs,
            props: r.type === STACK ? subject.outputs : r.inputs,
            opts: engineOptions(r),
            provider: r.custom && !r.type.startsWith("pulumi:") ? providerOf(r, recorded, subject) : undefined,
            dependencies: [],
            propertyDependencies: {},
            isType: ((cls: { __pulumiType?: string; isInstance?: (o: unknown) => boolean }) =>
                cls?.__pulumiType
                    ? cls.__pulumiType === r.type
                    : cls?.isInstance?.({ __pulumiType: r.type }) === true) as never,
            asType: () => undefined,
        });
    }
    for (const r of recorded) {
        const resource = byUrn.get(r.urn)!;
        resource.parent = r.parent ? byUrn.get(r.parent) : undefined;
        resource.dependencies = r.dependencies
            .map((u) => byUrn.get(u))
            .filter((x): x is NonNullable<typeof x> => x !== undefined);
        resource.propertyDependencies = Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([k, urns]) => [
                k,
                urns.map((u) => byUrn.get(u)).filter((x): x is NonNullable<typeof x> => x !== undefined),
            ]),
        );
    }
    return [...byUrn.values()];
}

/** `args.opts` as `@pulumi/policy` builds it from the engine's request. */
function engineOptions(r: RecordedResource): PolicyResourceOptions {
    const o: Partial<RecordedOptions> = r.options ?? {};
    const opts: PolicyResourceOptions = {
        protect: o.protect ?? false,
        ignoreChanges: o.ignoreChanges ?? [],
        aliases: [],
        customTimeouts: {
            createSeconds: seconds(o.customTimeouts?.create),
            updateSeconds: seconds(o.customTimeouts?.update),
            deleteSeconds: seconds(o.customTimeouts?.delete),
        },
        additionalSecretOutputs: o.additionalSecretOutputs ?? [],
    };
    if (o.deleteBeforeReplace !== undefined) opts.deleteBeforeReplace = o.deleteBeforeReplace;
    if (r.parent) opts.parent = r.parent;
    return opts;
}

/** A Go duration (`"1h30m"`, `"90s"`) in seconds; 0 when unset, as the engine sends it. */
function seconds(duration: string | undefined): number {
    if (!duration) return 0;
    const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
    let total = 0;
    for (const [, n, unit] of duration.matchAll(/([\d.]+)(ms|h|m|s)/g)) total += Number(n) * units[unit];
    return total;
}

/**
 * The provider the engine passes with a custom resource: the explicit one it names, else the package's
 * default provider, whose inputs are the `<package>:` config keys and the version.
 */
function providerOf(r: RecordedResource, recorded: RecordedResource[], subject: RunSubject) {
    const explicit = r.options?.provider;
    if (explicit) {
        const urn = explicit.split("::").slice(0, -1).join("::");
        const p = recorded.find((x) => x.urn === urn);
        return p && { type: p.type, name: p.name, urn: p.urn, props: p.inputs };
    }
    const pkg = r.type.split(":")[0];
    const version = r.options?.version;
    const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
    const prefix = `${pkg}:`;
    const props: Record<string, unknown> = Object.fromEntries(
        Object.entries(subject.config ?? {})
            .filter(([k]) => k.startsWith(prefix))
            .map(([k, v]) => [k.slice(prefix.length), v]),
    );
    if (version) props.version = version;
    return {
        type: `pulumi:providers:${pkg}`,
        name,
        urn: `urn:pulumi:${subject.stack ?? "stack"}::${subject.project ?? "project"}::pulumi:providers:${pkg}::${name}`,
        props,
    };
}
