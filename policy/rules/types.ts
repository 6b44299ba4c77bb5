import type { EnforcementLevel, PolicyConfigSchema, Severity } from "@pulumi/policy";

/** A resource as a policy sees it: its type, name and inputs (`props`), as the engine passes them. */
export interface PolicyResourceLike {
    type: string;
    name: string;
    urn: string;
    props: Record<string, any>;
    /** The resources each input property was computed from (the engine's `propertyDependencies`). */
    propertyDependencies?: Record<string, PolicyResourceLike[]>;
    /** The resource's ID and outputs, where known, to resolve references given as plain values. */
    id?: string;
    outputs?: Record<string, any>;
    /** The resource options the engine passes (`protect`, `parent`, ...). */
    opts?: { protect?: boolean; parent?: string };
    /** The provider the engine passes with it (explicit, or the default one with the stack's config). */
    provider?: { type: string; name: string; props: Record<string, unknown> };
}

/** The stack a resource belongs to, from its URN (`urn:pulumi:<stack>::<project>::...`). */
export const stackOf = (resource: { urn: string }): string => resource.urn.split("::")[0].split(":").pop() ?? "";

export type Report = (message: string) => void;

/** A rule's config as the engine gives it: its schema's defaults under the policy config file's values. */
export type RuleConfig = Record<string, unknown>;

interface RuleBase {
    /** The policy name, kebab-case. */
    name: string;
    description: string;
    severity: Severity;
    /** One line: how to fix a violation. */
    remediation: string;
    /** The level unless the environment's policy config says otherwise. */
    enforcementLevel: EnforcementLevel;
    /** The AWS Security Hub Foundational Security Best Practices controls it checks (e.g. `RDS.2`). */
    securityHub?: string[];
    /** The checkov checks it checks (e.g. `CKV_AWS_17`). */
    checkov?: string[];
    /** Settings the environment's policy config may change; each with its default. */
    configSchema?: PolicyConfigSchema;
}

/** A rule over single resources of some types. */
export interface ResourceRule extends RuleBase {
    kind: "resource";
    types: string[];
    validate(resource: PolicyResourceLike, report: Report, config: RuleConfig): void;
}

/** A rule over the whole stack: how resources relate (subnets to VPCs, functions to roles, ...). */
export interface StackRule extends RuleBase {
    kind: "stack";
    /** Types the rule looks at; it is not applicable to a stack without any. */
    types: string[];
    validate(
        stack: StackView,
        report: (resource: PolicyResourceLike | undefined, message: string) => void,
        config: RuleConfig,
    ): void;
}

export type Rule = ResourceRule | StackRule;

/** The stack as a stack rule sees it, with lookups by type and by reference. */
export class StackView {
    constructor(
        readonly resources: PolicyResourceLike[],
        readonly outputs: Record<string, unknown>,
    ) {}

    ofType(type: string): PolicyResourceLike[] {
        return this.resources.filter((r) => r.type === type);
    }

    /**
     * The resources of `type` that `resource`'s property `prop` refers to: from the engine's property
     * dependencies, or else by matching the property's values against IDs, ARNs and names.
     */
    referenced(resource: PolicyResourceLike, prop: string, type: string): PolicyResourceLike[] {
        const dependencies = resource.propertyDependencies?.[prop]?.filter((r) => r.type === type) ?? [];
        if (dependencies.length > 0) return dependencies;
        const values = new Set(flatten(resource.props[prop]));
        return this.ofType(type).filter((r) =>
            [r.id, r.outputs?.arn, r.outputs?.name, r.outputs?.invokeArn, r.props.name].some(
                (v) => v !== undefined && values.has(v),
            ),
        );
    }

    /** The resources of `type` whose property `prop` refers to `target`. */
    referencing(type: string, prop: string, target: PolicyResourceLike): PolicyResourceLike[] {
        return this.ofType(type).filter((r) => this.referenced(r, prop, target.type).includes(target));
    }
}

/** Every string inside a value (nested objects and arrays included). */
function flatten(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(flatten);
    if (value && typeof value === "object") return Object.values(value).flatMap(flatten);
    return [];
}
