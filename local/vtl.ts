/**
 * API Gateway's mapping templates, rendered locally: Velocity (velocityjs) with the variables API Gateway
 * defines: `$input` (body, json, path, params), `$util` (escapeJavaScript, parseJson, urlEncode,
 * urlDecode, base64Encode, base64Decode), `$context` and `$stageVariables`; the Java String methods
 * templates call on values (replaceAll, matches, ...), with Java's regular expression semantics; and
 * values written and compared as API Gateway does (its recorded results: test/fixtures/apigateway-recorded/).
 */
import { JSONPath } from "jsonpath-plus";
import { Compile, parse } from "velocityjs";

/** The request (or integration response) a template reads. */
export interface TemplateInput {
    /** The raw payload. */
    body: string;
    /** The payload already parsed, when the caller has it (saves parsing it again). */
    parsed?: unknown;
    params: { path: Record<string, string>; querystring: Record<string, string>; header: Record<string, string> };
    context: Record<string, unknown>;
    stageVariables: Record<string, string>;
}

type Ast = ReturnType<typeof parse>[number];
type Reference = Extract<Ast, { type: "references" }>;
/** A method call: `args` is false for `()`, as velocityjs parses it. */
type Call = { id: string; args?: unknown[] | false };

/** The parts of velocityjs's compiler (mixed into Compile at run time) the overrides below build on. */
interface VelocityParts {
    getLocal(ast: Reference): { value: unknown; isLocal: boolean };
    getAttributes(property: unknown, baseRef: unknown, ast: Reference): unknown;
    getLiteral(ast: unknown): unknown;
    renderAstList(asts: Ast[]): string;
}

/** Keys velocityjs refuses to read through, so that a template cannot reach an object's prototype. */
const BLOCKED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Velocity as API Gateway runs it, where velocityjs (JavaScript's semantics) differs from API Gateway's
 * recorded output: a value is written as Java writes it (`javaText`), and `==` is Velocity's (`velocityEquals`).
 * References and method calls are resolved here too: velocityjs's own resolution writes each reference's
 * source text out on every render (for a context-key feature templates here never use), which made a
 * one-reference template cost as much as a request's routing and HTTP work together.
 */
class ApiGatewayVelocity extends Compile {
    private get parts(): VelocityParts {
        return this as unknown as VelocityParts;
    }

    protected override getReferences(ast: Ast, isVal?: boolean): string {
        const ref = ast as Reference;
        const define = ref.prue ? this.defines[ref.id] : undefined;
        if (Array.isArray(define)) return this.parts.renderAstList(define);
        let value: unknown = BLOCKED_KEYS.has(ref.id) ? undefined : (this.context as Record<string, unknown>)[ref.id];
        if (value !== undefined && ref.args !== undefined) value = this.getPropMethod(ref, this.context, ref);
        const local = this.parts.getLocal(ref);
        if (local.isLocal) value = local.value;
        for (const property of ref.path ?? []) value = this.parts.getAttributes(property, value, ref);
        // Only a reference written out (isVal) becomes text; one read as a value (#set, arguments) stays a value.
        return (isVal ? javaText(value) : value) as string;
    }

    /** `$a.b(...)`: the methods JavaScript's values lack or name alike (METHODS), else the function itself. */
    protected getPropMethod(property: Call, baseRef: unknown, _ast: Reference): unknown {
        const payload = {
            property: property.id,
            params: (property.args || []).map((arg) => this.parts.getLiteral(arg)),
            context: baseRef,
        };
        const handler = this.config.customMethodHandlers?.find((h) => h.match(payload));
        if (handler) return handler.resolve(payload);
        if (BLOCKED_KEYS.has(property.id) || baseRef === null || baseRef === undefined) return undefined;
        const fn = (baseRef as Record<string, unknown>)[property.id];
        return typeof fn === "function"
            ? (fn as (...a: unknown[]) => unknown).apply(baseRef, payload.params)
            : undefined;
    }

    protected override getExpression(ast: Ast): string {
        if (ast.type === "math" && (ast.operator === "==" || ast.operator === "!=")) {
            const [left, right] = ast.expression.map((e): unknown => this.getExpression(e));
            return ((ast.operator === "==") === velocityEquals(left, right)) as unknown as string;
        }
        return super.getExpression(ast);
    }
}

/**
 * A template's input whose raw payload is only made if a template reads it (an integration's result, whose
 * JSON text costs more than the rest of a request when it is a page). A class: see InputVariable.
 */
export class LazyPayloadInput implements TemplateInput {
    constructor(
        private readonly text: () => string,
        readonly parsed: unknown,
        readonly params: TemplateInput["params"],
        readonly context: Record<string, unknown>,
        readonly stageVariables: Record<string, string>,
    ) {}

    get body(): string {
        return this.text();
    }
}

// A stage's templates are few and fixed: parse each once. Each render gets a fresh Compile, which keeps
// state between renders (#define, #stop, loop locals) that must not leak from one request into the next.
const parsedTemplates = new Map<string, ReturnType<typeof parse>>();

/** Renders a mapping template the way API Gateway does (missing references render as nothing). */
export function renderTemplate(template: string, input: TemplateInput): string {
    let ast = parsedTemplates.get(template);
    if (!ast) parsedTemplates.set(template, (ast = parse(template)));
    return new ApiGatewayVelocity(ast, { escape: false, customMethodHandlers: METHODS }).render(
        {
            input: new InputVariable(input),
            util: UTIL,
            context: input.context,
            stageVariables: input.stageVariables,
        },
        undefined,
        true,
    );
}

/**
 * `$input`. A class (its state in private fields, which a template writing `$input` out does not see), not
 * an object literal with getters: V8 keeps such literals in its old generation, and this one holds the
 * payload (a page of HTML) that should die young with the request.
 */
class InputVariable {
    readonly #input: TemplateInput;
    /** The payload parsed, once, on first use (or as the caller parsed it). */
    #payload?: { json: unknown };

    constructor(input: TemplateInput) {
        this.#input = input;
        if ("parsed" in input) this.#payload = { json: input.parsed };
    }

    /** An empty payload reads as an empty JSON object, as $input.json('$') reads it (recorded). */
    get body(): string {
        const body = this.#input.body;
        return body === "" ? "{}" : body;
    }

    /**
     * A payload that is not JSON is written as it is, not as a JSON string: AWS documents that such a payload
     * (unescaped characters JavaScript cannot parse) may get a 400, which is the Lambda integration refusing
     * the rendered event; `$input.path('$')` in quotes passes it as a string instead.
     */
    json(path: string): string {
        const value = this.path(path);
        if (path === "$" && this.#payload?.json === NOT_JSON) return value as string;
        return JSON.stringify(value ?? null);
    }

    path(path: string): unknown {
        this.#payload ??= { json: parsePayload(this.#input.body) };
        return selectJson(this.#payload.json, path, () => this.#input.body);
    }

    /** Without a name: every parameter by location; with one: path, then query string, then header. */
    params(name?: string): unknown {
        const { path, querystring, header } = this.#input.params;
        if (name === undefined) return this.#input.params;
        const lower = name.toLowerCase();
        return (
            path[name] ??
            querystring[name] ??
            Object.entries(header).find(([k]) => k.toLowerCase() === lower)?.[1] ??
            ""
        );
    }
}

const NOT_JSON = Symbol("not JSON");

function parsePayload(body: string): unknown {
    try {
        return body.trim() === "" ? {} : JSON.parse(body);
    } catch {
        return NOT_JSON;
    }
}

/** Evaluates a JSONPath expression over a JSON payload (an empty payload is `{}`; a non-JSON one is only `$`). */
export function jsonPath(body: string, path: string): unknown {
    return selectJson(parsePayload(body), path, () => body);
}

/** `jsonPath` over a payload parsed already; the raw text is only read when the payload is not JSON. */
function selectJson(parsed: unknown, path: string, body: () => string): unknown {
    if (parsed === NOT_JSON) return path === "$" ? body() : undefined;
    if (path === "$") return parsed;
    return JSONPath({ path, json: parsed as object, wrap: false });
}

/**
 * How API Gateway writes a value into a template's output (recorded): null, and a method named without a
 * call (a property Velocity does not find), as nothing; a list as compact JSON; a map as Java's
 * `{key=value, ...}`, its lists as JSON and its maps the same way.
 */
export function javaText(value: unknown): string {
    if (value === null || value === undefined || typeof value === "function") return "";
    if (Array.isArray(value)) return JSON.stringify(value);
    if (typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>);
        return `{${entries.map(([k, v]) => `${k}=${v === null ? "null" : javaText(v)}`).join(", ")}}`;
    }
    return typeof value === "string" ? value : `${value as number | boolean}`;
}

/**
 * Velocity's `==`: values of one kind compare by value, of different kinds by their text (`1 == "1"`);
 * a missing value equals another missing one and, as API Gateway records it, the empty string; an empty
 * list is neither (JavaScript's `[] == ""` is true).
 */
export function velocityEquals(left: unknown, right: unknown): boolean {
    const missing = (v: unknown) => v === null || v === undefined;
    if (missing(left) || missing(right)) return (missing(left) && missing(right)) || left === "" || right === "";
    if (typeof left === typeof right && typeof left !== "object") return left === right;
    return javaText(left) === javaText(right);
}

/** $util's functions read their argument as its text: null (a missing reference) as "" (recorded for urlEncode). */
export const UTIL = {
    escapeJavaScript,
    parseJson: (json: string): unknown => JSON.parse(json),
    urlEncode,
    urlDecode: (value: unknown) => decodeURIComponent(javaText(value).replace(/\+/g, " ")),
    base64Encode: (value: unknown) => Buffer.from(javaText(value), "utf8").toString("base64"),
    base64Decode: (value: unknown) => Buffer.from(javaText(value), "base64").toString("utf8"),
};

const NEEDS_ESCAPE = /[^\x20-\x7e]|['"\\/]/;

/**
 * JavaScript string escaping as API Gateway does it (Apache Commons Lang's `escapeJavaScript`): quotes
 * (single ones too, which JSON does not allow escaped), backslash, slash, control characters, and every
 * non-ASCII character as `\uXXXX`.
 */
export function escapeJavaScript(value: unknown): string {
    if (value === null || value === undefined) return "";
    // Template values reaching here are strings, numbers and booleans.
    const text = typeof value === "string" ? value : `${value as number | boolean}`;
    if (!NEEDS_ESCAPE.test(text)) return text; // most values: printable ASCII without quotes or slashes
    let out = "";
    for (const ch of text) {
        for (let i = 0; i < ch.length; i++) {
            const code = ch.charCodeAt(i);
            const c = ch[i];
            if (code > 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
            else if (code < 32)
                out +=
                    ({ 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" } as Record<number, string>)[code] ??
                    `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
            else if (c === "'" || c === '"' || c === "\\" || c === "/") out += `\\${c}`;
            else out += c;
        }
    }
    return out;
}

/** `application/x-www-form-urlencoded`, as Java's URLEncoder writes it: spaces as `+`. */
export function urlEncode(value: unknown): string {
    return encodeURIComponent(javaText(value))
        .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, "+");
}

/** A Java regular expression as a JavaScript one: leading inline flags such as `(?s)` become flags. */
export function javaRegex(pattern: string, extraFlags = ""): RegExp {
    const match = /^\(\?([imsx]+)\)/.exec(pattern);
    const flags = new Set([...(match?.[1] ?? "").replace("x", ""), ...extraFlags]);
    return new RegExp(match ? pattern.slice(match[0].length) : pattern, [...flags].join(""));
}

// Selection patterns and the patterns templates use are few and fixed: each is compiled once (the bound
// only matters for a template that builds its patterns from the request).
const compiledRegexes = new Map<string, RegExp>();

function compiledRegex(key: string, compile: () => RegExp): RegExp {
    let regex = compiledRegexes.get(key);
    if (!regex) {
        if (compiledRegexes.size >= 1000) compiledRegexes.clear();
        compiledRegexes.set(key, (regex = compile()));
    }
    return regex;
}

/** Whether `pattern` matches the whole of `text`, as Java's `String.matches` (and API Gateway's selection patterns). */
export function javaMatches(text: string, pattern: string): boolean {
    return compiledRegex(`whole:${pattern}`, () => {
        const re = javaRegex(pattern);
        return new RegExp(`^(?:${re.source})$`, re.flags);
    }).test(text);
}

type MethodCall = { property: string; context: unknown; params: unknown[] };
const onString =
    (name: string) =>
    ({ property, context }: MethodCall) =>
        property === name && typeof context === "string";

/**
 * The methods templates call whose JavaScript namesakes differ or are missing: `toString()` of a map or a
 * list (their Java text), and the java.lang.String methods.
 */
const METHODS = [
    {
        uid: "java: toString",
        match: ({ property, context }: MethodCall) => property === "toString" && typeof context === "object",
        resolve: ({ context }: MethodCall) => javaText(context),
    },
    {
        uid: "java: replaceAll",
        match: onString("replaceAll"),
        resolve: ({ context, params }: MethodCall) =>
            (context as string).replace(
                compiledRegex(`all:${String(params[0])}`, () => javaRegex(String(params[0]), "g")),
                javaReplacement(params[1]),
            ),
    },
    {
        uid: "java: replaceFirst",
        match: onString("replaceFirst"),
        resolve: ({ context, params }: MethodCall) =>
            (context as string).replace(
                compiledRegex(`first:${String(params[0])}`, () => javaRegex(String(params[0]))),
                javaReplacement(params[1]),
            ),
    },
    {
        uid: "java: matches",
        match: onString("matches"),
        resolve: ({ context, params }: MethodCall) => javaMatches(context as string, String(params[0])),
    },
    {
        uid: "java: length",
        match: onString("length"),
        resolve: ({ context }: MethodCall) => (context as string).length,
    },
    {
        uid: "java: isEmpty",
        match: onString("isEmpty"),
        resolve: ({ context }: MethodCall) => (context as string).length === 0,
    },
    {
        uid: "java: equals",
        match: onString("equals"),
        resolve: ({ context, params }: MethodCall) => context === params[0],
    },
    {
        uid: "java: equalsIgnoreCase",
        match: onString("equalsIgnoreCase"),
        resolve: ({ context, params }: MethodCall) =>
            (context as string).toLowerCase() === String(params[0]).toLowerCase(),
    },
    {
        uid: "java: contains",
        match: onString("contains"),
        resolve: ({ context, params }: MethodCall) => (context as string).includes(String(params[0])),
    },
];

/** Java replacement strings: `$1` as in JavaScript, `\x` for a literal x. */
function javaReplacement(replacement: unknown): string {
    return String(replacement).replace(/\\(.)/g, (_match, c: string) => (c === "$" ? "$$" : c));
}
