/**
 * What every command-line tool of the project shares: one way to declare its options, `--help` with usage,
 * options and examples, an unknown option rejected with that usage, and an exit that lets a pipe drain.
 */
import { parseArgs } from "util";

/** What a command prints to: the console when run as a script, a buffer in tests. */
export interface CliOutput {
    out(text: string): void;
    err(text: string): void;
}

export const CONSOLE: CliOutput = { out: (text) => console.log(text), err: (text) => console.error(text) };

/** One option of a command. */
export interface OptionSpec {
    type: "string" | "boolean";
    description: string;
    /** The value's placeholder in the usage line, e.g. `<name>`. */
    placeholder?: string;
    default?: string;
    /** May be given more than once. */
    multiple?: boolean;
}

/** A command's interface: what `--help` prints, and what its parser accepts. */
export interface CommandSpec {
    /** How a user runs it, e.g. `npm run preview --`. */
    command: string;
    summary: string;
    options: Record<string, OptionSpec>;
    /** Operands after the options, e.g. `[function...]`; none when absent. */
    positionals?: { usage: string; description: string };
    examples: string[];
    /** Environment variables the command reads. */
    environment?: Record<string, string>;
}

/** A mistake in how a command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export interface ParsedCommandLine {
    values: Record<string, string | boolean | (string | boolean)[] | undefined>;
    positionals: string[];
}

const HELP: OptionSpec = { type: "boolean", description: "Show this help and exit." };

/** The options of the tools that evaluate a Pulumi program's stack offline (preview, policy). */
export const STACK_OPTIONS: Record<"stack" | "dir", OptionSpec> = {
    stack: { type: "string", placeholder: "<name>", default: "dev", description: "The stack (Pulumi.<name>.yaml)." },
    dir: {
        type: "string",
        placeholder: "<program>",
        description: "The Pulumi program's folder (default: this project).",
    },
};

/** The text `--help` prints. */
export function usage(spec: CommandSpec): string {
    const options = { ...spec.options, help: HELP };
    const synopsis = Object.entries(options).map(([name, o]) => {
        const value = o.type === "string" ? ` ${o.placeholder ?? "<value>"}` : "";
        return `[--${name}${value}]${o.multiple ? "..." : ""}`;
    });
    const rows = Object.entries(options).map(([name, o]) => {
        const flag = `--${name}${o.type === "string" ? ` ${o.placeholder ?? "<value>"}` : ""}`;
        const extra = o.default !== undefined ? ` (default: ${o.default})` : o.multiple ? " (repeatable)" : "";
        return [flag, o.description + extra] as const;
    });
    if (spec.positionals) rows.push([spec.positionals.usage, spec.positionals.description]);
    const width = Math.max(...rows.map(([flag]) => flag.length));
    const lines = [
        `Usage: ${spec.command} ${[...synopsis, spec.positionals?.usage ?? ""].join(" ").trim()}`,
        "",
        ...wrap(spec.summary, 100),
        "",
        "Options:",
        ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    ];
    if (spec.environment) {
        const names = Object.keys(spec.environment);
        const envWidth = Math.max(...names.map((n) => n.length));
        lines.push("", "Environment:", ...names.map((n) => `  ${n.padEnd(envWidth)}  ${spec.environment![n]}`));
    }
    lines.push("", "Examples:", ...spec.examples.map((e) => `  ${e}`));
    return lines.join("\n");
}

/** Breaks prose into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    for (const word of text.split(" ")) {
        const last = lines.length - 1;
        if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
        else lines.push(word);
    }
    return lines;
}

/**
 * Parses `argv` by the spec: strict (an unknown option, a missing value or an unexpected operand is a
 * {@link UsageError}). Returns undefined when `--help` was asked for, after printing the usage.
 */
export function parseCommandLine(spec: CommandSpec, argv: string[], output: CliOutput): ParsedCommandLine | undefined {
    const options = Object.fromEntries(
        Object.entries({ ...spec.options, help: HELP }).map(([name, o]) => [
            name,
            { type: o.type, multiple: o.multiple ?? false, ...(o.default !== undefined ? { default: o.default } : {}) },
        ]),
    );
    let parsed: ParsedCommandLine;
    try {
        parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: spec.positionals !== undefined });
    } catch (error) {
        // Node.js's codes for a command line that does not fit the options (unknown, missing value, operand).
        if (!String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS_")) throw error;
        throw new UsageError((error as Error).message);
    }
    if (parsed.values.help) {
        output.out(usage(spec));
        return undefined;
    }
    return parsed;
}

/** A command's entry: parses its command line by `spec`, answers `--help`, then runs. Exit code 2 on misuse. */
export function command(
    spec: CommandSpec,
    run: (args: ParsedCommandLine, output: CliOutput) => Promise<number>,
): (argv: string[], output?: CliOutput) => Promise<number> {
    return async (argv, output = CONSOLE) => {
        try {
            const args = parseCommandLine(spec, argv, output);
            return args ? await run(args, output) : 0;
        } catch (error) {
            if (!(error instanceof UsageError)) throw error;
            output.err(`${spec.command}: ${error.message}\n\n${usage(spec)}`);
            return 2;
        }
    };
}

/**
 * Ends the process with `code` once stdout and stderr have drained: `process.exit` right after a large write
 * to a pipe would cut the output (Node.js writes to pipes asynchronously).
 */
export function exitAfterOutput(code: number): void {
    process.exitCode = code;
    let pending = 2;
    const done = () => --pending === 0 && process.exit(code);
    process.stdout.write("", done);
    process.stderr.write("", done);
}

/**
 * Runs a command's `main` as the process's script: exits with its code, or on a failure with
 * `failureCode` and the message alone (messages name the input and the fix; a stack would bury them).
 */
export function runAsScript(main: (argv: string[], output: CliOutput) => Promise<number>, failureCode: number): void {
    main(process.argv.slice(2), CONSOLE).then(exitAfterOutput, (error: unknown) => {
        const cause = error instanceof Error && error.name === "EvaluationError" ? error.cause : error;
        console.error(cause instanceof Error ? cause.message : String(cause));
        exitAfterOutput(failureCode);
    });
}
