/**
 * Runs a policy pack's policies over recorded resources the way the Pulumi engine does: every resource
 * validation on every resource (with type filtering and `notApplicable`), every stack validation once
 * over all resources (the root stack's props being its outputs), enforcement levels from the pack's
 * defaults and the policy config (`disabled` skipped, `advisory` reported, `mandatory` failing).
 */
import type { EnforcementLevel, Policies, PolicyResource, ReportViolation, Severity } from "@pulumi/policy";
import type { EngineResource } from "../../policy/pack";
import { RecordedResource } from "../offline/evaluate";

/** A policy config file, as `--policy-pack-config` takes it. */
export type PolicyConfig = Record<
    string,
    EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

export interface Violation {
    policy: string;
    severity: Severity;
    level: "advisory" | "mandatory";
    message: string;
    resource?: { name: string; type: string; urn: string };
}

export interface PolicyRun {
    policies: number;
    resources: number;
    violations: Violation[];
    disabled: string[];
}

class NotApplicable extends Error {}

export function runPolicies(
    policies: Policies,
    recorded: RecordedResource[],
    outputs: Record<string, unknown>,
    config: PolicyConfig = {},
    packLevel: EnforcementLevel = "mandatory",
): PolicyRun {
    const violations: Violation[] = [];
    const disabled: string[] = [];
    const resources = toPolicyResources(recorded, outputs);
    for (const policy of policies) {
        const level = enforcementLevel(policy.name, policy.enforcementLevel ?? packLevel, config);
        if (level === "disabled") {
            disabled.push(policy.name);
            continue;
        }
        const policyConfig =
            typeof config[policy.name] === "object" ? (config[policy.name] as Record<string, unknown>) : {};
        const record = (resource: PolicyResource | undefined) => (message: string) =>
            violations.push({
                policy: policy.name,
                severity: policy.severity ?? "medium",
                level: level === "advisory" ? "advisory" : "mandatory",
                message,
                resource: resource && { name: resource.name, type: resource.type, urn: resource.urn },
            });
        const guard = (resource: PolicyResource | undefined, run: () => unknown) => {
            try {
                run();
            } catch (error) {
                if (!(error instanceof NotApplicable))
                    record(resource)(`the policy failed: ${(error as Error).message}`);
            }
        };
        const common = {
            stackTags: new Map<string, string>(),
            getConfig: <T>() => policyConfig as T,
            notApplicable: (reason?: string): never => {
                throw new NotApplicable(reason);
            },
        };
        if ("validateResource" in policy && policy.validateResource) {
            const validations = [policy.validateResource].flat();
            for (const resource of resources) {
                for (const validate of validations) {
                    const only = (validate as { __pulumiType?: string }).__pulumiType;
                    if (only && only !== resource.type) continue; // the engine's fast type filter
                    const report: ReportViolation = (message) => record(resource)(message);
                    guard(resource, () =>
                        validate(
                            {
                                ...resource,
                                ...common,
                                provider: undefined,
                                asType: () => resource.props as never,
                            } as never,
                            report,
                        ),
                    );
                }
            }
        } else if ("validateStack" in policy) {
            const report: ReportViolation = (message, urn) => record(resources.find((r) => r.urn === urn))(message);
            guard(undefined, () => policy.validateStack({ resources, ...common }, report));
        }
    }
    return { policies: policies.length, resources: recorded.length, violations, disabled };
}

/** The level a policy runs at: its config entry, else the config's `all`, else its own default. */
export function enforcementLevel(name: string, fallback: EnforcementLevel, config: PolicyConfig): EnforcementLevel {
    const entry = config[name] ?? config.all;
    if (typeof entry === "string") return entry;
    return entry?.enforcementLevel ?? fallback;
}

/** Recorded resources as the engine presents them to policies (props are the inputs; the stack's are its outputs). */
function toPolicyResources(recorded: RecordedResource[], outputs: Record<string, unknown>): EngineResource[] {
    const byUrn = new Map<string, EngineResource>();
    for (const r of recorded) {
        const isType = (cls: { __pulumiType?: string }) => cls?.__pulumiType === r.type;
        byUrn.set(r.urn, {
            type: r.type,
            name: r.name,
            urn: r.urn,
            id: r.id || undefined,
            outputs: r.outputs,
            props: r.type === "pulumi:pulumi:Stack" ? outputs : r.inputs,
            opts: {
                protect: false,
                ignoreChanges: [],
                aliases: [],
                customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                additionalSecretOutputs: [],
                parent: r.parent,
            },
            dependencies: [],
            propertyDependencies: {},
            isType: isType as never,
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
