import type {
    Policies,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { PolicyResourceLike, RULES, Rule, StackView } from "./rules";

export const PACK_NAME = "paas-aws";

/**
 * The rules as CrossGuard policies. The real pack (index.ts) and the offline runner both use exactly
 * these objects, so what CI checks offline is what `pulumi preview --policy-pack policy` enforces.
 */
export function toPolicies(rules: Rule[] = RULES): Policies {
    return rules.map((rule) => (rule.kind === "resource" ? resourcePolicy(rule) : stackPolicy(rule)));
}

/** The description with the controls the rule checks, as the engine shows it with each violation. */
export function describeRule(rule: Rule): string {
    const ids = [
        rule.securityHub?.length ? `Security Hub ${rule.securityHub.join(", ")}` : "",
        rule.checkov?.length ? `checkov ${rule.checkov.join(", ")}` : "",
    ].filter(Boolean);
    return ids.length > 0 ? `${rule.description} [${ids.join("; ")}]` : rule.description;
}

function base(rule: Rule) {
    return {
        name: rule.name,
        description: describeRule(rule),
        configSchema: rule.configSchema,
        severity: rule.severity,
        remediationSteps: rule.remediation,
        enforcementLevel: rule.enforcementLevel,
    };
}

function resourcePolicy(rule: Extract<Rule, { kind: "resource" }>): ResourceValidationPolicy {
    const validate = (args: ResourceValidationArgs, report: ReportViolation) => {
        if (!rule.types.includes(args.type)) return args.notApplicable(`applies to ${rule.types.join(", ")}`);
        rule.validate(
            {
                type: args.type,
                name: args.name,
                urn: args.urn,
                props: args.props,
                opts: args.opts,
                provider: args.provider,
            },
            (message) => report(`${message}. Fix: ${rule.remediation}`),
            args.getConfig(),
        );
    };
    // A single type lets the engine skip other resources without calling us (as validateResourceOfType does).
    if (rule.types.length === 1) Object.assign(validate, { __pulumiType: rule.types[0] });
    return { ...base(rule), validateResource: validate };
}

function stackPolicy(rule: Extract<Rule, { kind: "stack" }>): StackValidationPolicy {
    return {
        ...base(rule),
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const resources = likeResources(args.resources);
            if (!resources.some((r) => rule.types.includes(r.type)))
                return args.notApplicable(`no ${rule.types.join(", ")} in the stack`);
            const root = args.resources.find((r) => r.type === "pulumi:pulumi:Stack");
            const view = new StackView(resources, (root?.props ?? {}) as Record<string, unknown>);
            rule.validate(
                view,
                (resource, message) => report(`${message}. Fix: ${rule.remediation}`, resource?.urn),
                args.getConfig(),
            );
        },
    };
}

// Every stack policy gets the same resources: convert them once per run, not once per policy.
const converted = new WeakMap<object, PolicyResourceLike[]>();
function likeResources(resources: PolicyResource[]): PolicyResourceLike[] {
    let likes = converted.get(resources);
    if (!likes) converted.set(resources, (likes = toLike(resources)));
    return likes;
}

/** A resource as the engine gives it to stack policies, with its ID and outputs where the engine knows them. */
export type EngineResource = PolicyResource & { id?: string; outputs?: Record<string, any> };

/** The engine's resources as the rules see them, property dependencies resolved to resources. */
export function toLike(resources: EngineResource[]): PolicyResourceLike[] {
    const likes = new Map<PolicyResource, PolicyResourceLike>();
    for (const r of resources)
        likes.set(r, {
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: r.props,
            id: r.id ?? r.props.id,
            outputs: r.outputs,
            opts: r.opts,
            provider: r.provider,
        });
    for (const [r, like] of likes) {
        like.propertyDependencies = Object.fromEntries(
            Object.entries(r.propertyDependencies ?? {}).map(([key, deps]) => [
                key,
                deps.map((d) => likes.get(d)).filter((d): d is PolicyResourceLike => d !== undefined),
            ]),
        );
    }
    return [...likes.values()];
}
