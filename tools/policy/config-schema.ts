/**
 * Checks a policy's reconciled config against its `configSchema`, as the Pulumi CLI does before a preview
 * (it uses a full JSON Schema validator). The keywords here are those CrossGuard packs use: `required`,
 * `type`, `enum`, `const`, numeric bounds, string length and `pattern`, and `items`/`minItems`/`maxItems`
 * for arrays. Other keywords are not checked.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema, PolicyConfigJSONSchemaDefinition } from "@pulumi/policy/schema";

/** The problems with `config`, each naming the property; empty when it is valid. */
export function validateConfig(schema: PolicyConfigSchema, config: Record<string, unknown>): string[] {
    const problems = (schema.required ?? [])
        .filter((key) => config[key] === undefined)
        .map((key) => `${key} is required`);
    for (const [key, definition] of Object.entries(schema.properties ?? {})) {
        if (config[key] !== undefined) problems.push(...check(key, definition, config[key]));
    }
    return problems;
}

function check(where: string, definition: PolicyConfigJSONSchemaDefinition, value: unknown): string[] {
    if (definition === true) return [];
    if (definition === false) return [`${where} is not allowed`];
    const s: PolicyConfigJSONSchema = definition;
    const types = s.type === undefined ? [] : [s.type].flat();
    if (types.length > 0 && !types.some((t) => isOfType(t, value)))
        return [`${where}: expected ${types.join(" or ")}, got ${JSON.stringify(value)}`];
    const problems: string[] = [];
    const json = JSON.stringify(value);
    if (s.enum && !s.enum.some((e) => JSON.stringify(e) === json))
        problems.push(`${where}: must be one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    if (s.const !== undefined && JSON.stringify(s.const) !== json)
        problems.push(`${where}: must be ${JSON.stringify(s.const)}`);
    if (typeof value === "number") {
        if (s.minimum !== undefined && value < s.minimum) problems.push(`${where}: must be >= ${s.minimum}`);
        if (s.maximum !== undefined && value > s.maximum) problems.push(`${where}: must be <= ${s.maximum}`);
        if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum)
            problems.push(`${where}: must be > ${s.exclusiveMinimum}`);
        if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum)
            problems.push(`${where}: must be < ${s.exclusiveMaximum}`);
    }
    if (typeof value === "string") {
        if (s.minLength !== undefined && value.length < s.minLength)
            problems.push(`${where}: must be at least ${s.minLength} characters`);
        if (s.maxLength !== undefined && value.length > s.maxLength)
            problems.push(`${where}: must be at most ${s.maxLength} characters`);
        if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(value))
            problems.push(`${where}: must match ${s.pattern}`);
    }
    if (Array.isArray(value)) {
        if (s.minItems !== undefined && value.length < s.minItems)
            problems.push(`${where}: must have at least ${s.minItems} items`);
        if (s.maxItems !== undefined && value.length > s.maxItems)
            problems.push(`${where}: must have at most ${s.maxItems} items`);
        if (s.items !== undefined && !Array.isArray(s.items))
            value.forEach((item, i) => problems.push(...check(`${where}[${i}]`, s.items as never, item)));
    }
    return problems;
}

function isOfType(type: string, value: unknown): boolean {
    switch (type) {
        case "integer":
            return Number.isInteger(value);
        case "array":
            return Array.isArray(value);
        case "null":
            return value === null;
        case "object":
            return typeof value === "object" && value !== null && !Array.isArray(value);
        default:
            return typeof value === type;
    }
}
