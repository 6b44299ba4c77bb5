/**
 * Reads the replacement rules out of a Terraform provider's Go source: the schema attributes marked
 * `ForceNew: true` (SDKv2) or given a `RequiresReplace…` plan modifier (Plugin Framework), with their paths
 * through nested blocks. A reader of the schema literals only (no Go toolchain): it follows braces, skipping
 * strings and comments.
 */

/**
 * `"key": {`, `"key": schema.StringAttribute{`, `names.AttrName: &schema.Schema{`, and a package's own
 * constant as the key (`attrRestAPIID: {`, as newer provider versions write some): Go's unexported names start
 * lower case, where a schema literal's own fields (`Elem:`, `Schema:`) start upper case.
 */
const ENTRY = /("([a-z0-9_]+)"|names\.(Attr\w+)|([a-z]\w*))\s*:\s*&?[\w.[\]*]*\{/y;
const FORCES_REPLACEMENT = /ForceNew:\s*true|RequiresReplace\w*\(/;

interface Entry {
    key: string;
    /** The text between the entry's braces. */
    body: string;
}

/** The index just past the brace that closes the one at `open`, skipping Go strings, runes and comments. */
export function closingBrace(text: string, open: number): number {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        const c = text[i];
        if (c === "/" && text[i + 1] === "/") i = text.indexOf("\n", i) === -1 ? text.length : text.indexOf("\n", i);
        else if (c === "/" && text[i + 1] === "*") i = text.indexOf("*/", i + 2) + 1;
        else if (c === '"' || c === "'") {
            for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
        } else if (c === "`") i = text.indexOf("`", i + 1);
        else if (c === "{") depth++;
        else if (c === "}" && --depth === 0) return i + 1;
    }
    throw new Error(`unbalanced braces from offset ${open}`);
}

/**
 * The schema entries directly in `text` (entries inside them are theirs). A key named by a constant that is not
 * in `constants` is told to `unresolved`, and its body skipped: its attributes' paths are not known.
 */
function entries(text: string, constants: Record<string, string>, unresolved: (name: string) => void): Entry[] {
    const found: Entry[] = [];
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === "/" && text[i + 1] === "/") {
            const end = text.indexOf("\n", i);
            i = end === -1 ? text.length : end;
            continue;
        }
        if (c === "`") {
            i = text.indexOf("`", i + 1);
            continue;
        }
        if (c !== '"' && !/[a-z]/.test(c)) continue;
        ENTRY.lastIndex = i;
        const match = c === '"' || !/[\w.]/.test(text[i - 1] ?? "") ? ENTRY.exec(text) : null;
        if (!match) {
            if (c === '"') for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
            continue;
        }
        const name = match[3] ?? match[4];
        const key = match[2] ?? (Object.hasOwn(constants, name) ? constants[name] : undefined);
        const open = i + match[0].length - 1;
        const end = closingBrace(text, open);
        if (key) found.push({ key, body: text.slice(open + 1, end - 1) });
        else unresolved(name);
        i = end - 1;
    }
    return found;
}

/**
 * The dotted Terraform paths of the attributes whose change forces a replacement. `unresolved` is told each
 * key named by a constant `constants` lacks (whose attribute, and what it holds, is then left out).
 */
export function forceNewPaths(
    source: string,
    constants: Record<string, string> = {},
    unresolved: (name: string) => void = () => undefined,
): string[] {
    const paths: string[] = [];
    // Each body is read for its entries once: they say what is the entry's own text, and are visited next.
    const visit = (found: Entry[], prefix: string) => {
        for (const entry of found) {
            const nested = entries(entry.body, constants, unresolved);
            let own = entry.body;
            for (const n of nested) own = own.replace(n.body, "");
            if (FORCES_REPLACEMENT.test(own)) paths.push(prefix + entry.key);
            visit(nested, `${prefix}${entry.key}.`);
        }
    };
    visit(entries(source, constants, unresolved), "");
    return [...new Set(paths)];
}

/** `AttrDBName = "db_name"` constants of newer provider versions (internal/names). */
export function attributeConstants(source: string): Record<string, string> {
    return Object.fromEntries([...source.matchAll(/\b(Attr\w+)\s*=\s*"([a-z0-9_]+)"/g)].map((m) => [m[1], m[2]]));
}

/** `name [type] = "value"`, with an optional comment after it: one constant's declaration. */
const CONSTANT = /^\s*([a-z]\w*)(?:\s+\w+)?\s*=\s*"([a-z0-9_]+)"\s*(?:\/\/.*)?$/;

/**
 * A service package's own string constants (`attrRestAPIID = "rest_api_id"`), which some schemas use as keys:
 * those of `const (...)` blocks and `const x = "..."` lines, not assignments in function bodies.
 */
export function packageConstants(source: string): Record<string, string> {
    const found: Record<string, string> = {};
    const declare = (line: string) => {
        const m = CONSTANT.exec(line);
        if (m) found[m[1]] = m[2];
    };
    for (const block of source.matchAll(/^const\s*\(([\s\S]*?)^\)/gm)) block[1].split("\n").forEach(declare);
    for (const line of source.matchAll(/^const\s+(.*)$/gm)) declare(line[1]);
    return found;
}

/** Terraform's snake case as Pulumi's camel case: `db_subnet_group_name` → `dbSubnetGroupName`. */
export function camelCase(name: string): string {
    return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
