/**
 * Checks a README's Python or Go example against the schema Pulumi's analyzer makes of the library: every class,
 * constructor, argument, field, enum member and output it names must be one the SDK that `pulumi package add`
 * generates from that schema has, by the names Pulumi's Python and Go code generators give them. Neither
 * language's toolchain is needed: the examples cannot run here (no Pulumi CLI to generate the SDKs), but a
 * renamed argument or a misspelled enum shows up as a problem.
 */

export interface SdkSchema {
    resources: Record<string, { inputProperties: Record<string, unknown>; properties: Record<string, unknown> }>;
    types: Record<string, { properties?: Record<string, unknown>; enum?: unknown[] }>;
}

/** A schema name's last segment: `pkg:index:Network` → `Network`. */
const short = (token: string) => token.split(":").pop()!;

/** Python's name for a schema property: snake case (`azCount` → `az_count`, `vpcId` → `vpc_id`). */
export function pythonName(name: string): string {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
        .toLowerCase();
}

/** Go's name for a schema property or enum member: the first letter upper-cased (`azCount` → `AzCount`). */
export function goName(name: string): string {
    return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Python's name for an enum member: upper snake case (`perAz` → `PER_AZ`). */
const pythonEnumMember = (name: string) => pythonName(name).toUpperCase();

/** The text between an opening bracket at `open` and its match. */
function enclosed(code: string, open: number): string {
    const pairs: Record<string, string> = { "(": ")", "{": "}", "[": "]" };
    const stack: string[] = [];
    for (let i = open; i < code.length; i++) {
        const c = code[i];
        if (c === '"' || c === "'") {
            i = code.indexOf(c, i + 1);
            continue;
        }
        if (pairs[c]) stack.push(pairs[c]);
        else if (c === stack[stack.length - 1] && stack.pop() && stack.length === 0) return code.slice(open + 1, i);
    }
    throw new Error(`unbalanced bracket at ${open}`);
}

/** The code with its string literals emptied, so that `"db.t4g.small"` does not read as an output of `db`. */
const withoutStrings = (code: string) => code.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');

/** The names given at the top level of a call's or literal's body: `key=` (Python) or `Key:` (Go). */
function topLevelKeys(body: string, pattern: RegExp): string[] {
    const keys: string[] = [];
    let depth = 0;
    let start = 0;
    const take = (part: string) => {
        const match = pattern.exec(part.trim());
        if (match) keys.push(match[1]);
    };
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c === '"' || c === "'") i = body.indexOf(c, i + 1);
        else if ("([{".includes(c)) depth++;
        else if (")]}".includes(c)) depth--;
        else if (c === "," && depth === 0) {
            take(body.slice(start, i));
            start = i + 1;
        }
    }
    take(body.slice(start));
    return keys;
}

interface Names {
    resources: Map<string, { inputs: Set<string>; outputs: Set<string> }>;
    types: Map<string, Set<string>>;
    enums: Map<string, Set<string>>;
}

function names(schema: SdkSchema, property: (name: string) => string, member: (name: string) => string): Names {
    const result: Names = { resources: new Map(), types: new Map(), enums: new Map() };
    for (const [token, r] of Object.entries(schema.resources))
        result.resources.set(short(token), {
            inputs: new Set(Object.keys(r.inputProperties).map(property)),
            outputs: new Set(Object.keys(r.properties).map(property)),
        });
    for (const [token, t] of Object.entries(schema.types)) {
        if (t.enum) {
            const members = t.enum as { name?: string; value: unknown }[];
            result.enums.set(short(token), new Set(members.map((e) => member(e.name ?? String(e.value)))));
        }
        // Input object types are generated as `<Type>Args` classes (Python) and structs (Go).
        else result.types.set(`${short(token)}Args`, new Set(Object.keys(t.properties ?? {}).map(property)));
    }
    return result;
}

/** The outputs an example reads from each variable bound to a component that the component does not have. */
function outputProblems(code: string, variables: Map<string, string>, known: Names): string[] {
    const text = withoutStrings(code);
    return [...variables].flatMap(([variable, resource]) =>
        [...text.matchAll(new RegExp(`\\b${variable}\\.(\\w+)`, "g"))]
            .filter(([, output]) => !known.resources.get(resource)!.outputs.has(output))
            .map(([, output]) => `${variable}.${output}: ${resource} has no such output`),
    );
}

/** What a Python example names that the generated SDK would not have. */
export function pythonProblems(schema: SdkSchema, code: string, module = "paas"): string[] {
    const known = names(schema, pythonName, pythonEnumMember);
    const problems: string[] = [];
    const variables = new Map<string, string>();
    for (const match of code.matchAll(
        new RegExp(`(?:(\\w+)\\s*=\\s*)?\\b${module}\\.(\\w+)(?:\\.(\\w+))?(\\()?`, "g"),
    )) {
        const [, variable, name, member, call] = match;
        if (member !== undefined) {
            if (!known.enums.get(name)?.has(member)) problems.push(`${module}.${name}.${member}: no such enum member`);
            continue;
        }
        const inputs = known.resources.get(name)?.inputs ?? known.types.get(name);
        if (!inputs || !call) {
            problems.push(`${module}.${name}: no such class`);
            continue;
        }
        if (variable && known.resources.has(name)) variables.set(variable, name);
        const open = match.index + match[0].length - 1;
        for (const key of topLevelKeys(enclosed(code, open), /^(\w+)\s*=/))
            if (!inputs.has(key)) problems.push(`${module}.${name}(${key}=...): no such argument`);
    }
    return [...problems, ...outputProblems(code, variables, known)];
}

/** What a Go example names that the generated SDK would not have. */
export function goProblems(schema: SdkSchema, code: string, module = "paas"): string[] {
    const known = names(schema, goName, goName);
    const problems: string[] = [];
    const variables = new Map<string, string>();
    for (const match of code.matchAll(
        new RegExp(`(?:(\\w+)(?:,\\s*\\w+)?\\s*:=\\s*)?&?\\b${module}\\.(\\w+)([({])?`, "g"),
    )) {
        const [, variable, name, bracket] = match;
        const open = match.index + match[0].length - 1;
        const constructor = /^New(\w+)$/.exec(name);
        if (constructor && bracket === "(") {
            if (!known.resources.has(constructor[1])) problems.push(`${module}.${name}: no such constructor`);
            else if (variable) variables.set(variable, constructor[1]);
            continue;
        }
        if (bracket === "{") {
            const resource = /^(\w+)Args$/.exec(name)?.[1];
            const fields = (resource && known.resources.get(resource)?.inputs) || known.types.get(name);
            if (!fields) {
                problems.push(`${module}.${name}: no such type`);
                continue;
            }
            for (const key of topLevelKeys(enclosed(code, open), /^(\w+)\s*:/))
                if (!fields.has(key)) problems.push(`${module}.${name}{${key}: ...}: no such field`);
            continue;
        }
        const isEnumConstant = [...known.enums].some(([e, members]) => [...members].some((m) => `${e}${m}` === name));
        if (!isEnumConstant) problems.push(`${module}.${name}: no such enum constant`);
    }
    return [...problems, ...outputProblems(code, variables, known)];
}

/** The fenced code blocks of one language in a Markdown text. */
export function codeBlocks(markdown: string, language: string): string[] {
    return [...markdown.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}
