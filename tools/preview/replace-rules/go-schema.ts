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

/** The schema entries directly in `text` (entries inside them are theirs). */
function entries(text: string, constants: Record<string, string>): Entry[] {
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
        // An identifier is a key only when it is one of the package's constants; anything else is scanned into.
        if (!match || (match[4] !== undefined && constants[match[4]] === undefined)) {
            if (c === '"') for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
            continue;
        }
        const key = match[2] ?? constants[match[3] ?? match[4]];
        const open = i + match[0].length - 1;
        const end = closingBrace(text, open);
        if (key) found.push({ key, body: text.slice(open + 1, end - 1) });
        i = end - 1;
    }
    return found;
}

/** The dotted Terraform paths of the attributes whose change forces a replacement. */
export function forceNewPaths(source: string, constants: Record<string, string> = {}): string[] {
    const paths: string[] = [];
    const visit = (text: string, prefix: string) => {
        for (const entry of entries(text, constants)) {
            const nested = entries(entry.body, constants);
            let own = entry.body;
            for (const n of nested) own = own.replace(n.body, "");
            if (FORCES_REPLACEMENT.test(own)) paths.push(prefix + entry.key);
            visit(entry.body, `${prefix}${entry.key}.`);
        }
    };
    visit(source, "");
    return [...new Set(paths)];
}

/** `AttrDBName = "db_name"` constants of newer provider versions (internal/names). */
export function attributeConstants(source: string): Record<string, string> {
    return Object.fromEntries([...source.matchAll(/\b(Attr\w+)\s*=\s*"([a-z0-9_]+)"/g)].map((m) => [m[1], m[2]]));
}

/** A service package's own string constants (`attrRestAPIID = "rest_api_id"`), which some schemas use as keys. */
export function packageConstants(source: string): Record<string, string> {
    return Object.fromEntries(
        [...source.matchAll(/^\s*(?:const\s+)?([a-z]\w*)\s*=\s*"([a-z0-9_]+)"\s*$/gm)].map((m) => [m[1], m[2]]),
    );
}

/** Terraform's snake case as Pulumi's camel case: `db_subnet_group_name` → `dbSubnetGroupName`. */
export function camelCase(name: string): string {
    return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
