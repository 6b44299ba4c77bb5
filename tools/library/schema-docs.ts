/**
 * The library's doc comments as other languages get them. Pulumi's component analyzer takes a description from a
 * doc comment's text: it drops the tags, so `@default` reaches TypeScript callers only, and it prints an inline
 * tag (`{@link Network}`) as "[object Object]". This tool keeps a `Default: <value>.` line in the text of each doc
 * comment that has a `@default` tag, generated from the tag (the one place a default is written), and writes
 * inline links as code (`Network`): `npm run docs:schema -- --write` writes them, and the tests fail while any
 * is missing or stale, as they do for the API report.
 */
import * as fs from "fs";
import * as path from "path";
import { command, runAsScript } from "../cli";
import { REPO_ROOT } from "../paths";

const LIBRARY = path.join(REPO_ROOT, "components");
const MAX_LINE = 120;
const DEFAULT_LINE = /^\s*\*\s*Default: /;
const TAG_LINE = /^\s*\*\s*@/;
const CLOSE_LINE = /^\s*\*\/\s*$/;

/** The library's source files: everything under components/ but its build. */
export function librarySources(dir = LIBRARY): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) return ["dist", "node_modules"].includes(entry.name) ? [] : librarySources(full);
            return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
        })
        .sort();
}

/** A tag's value as one line: the `@default` tag's text up to the next tag or the comment's end. */
function tagValue(lines: string[], at: number): string {
    const parts = [lines[at].replace(/^\s*\*?\s*@default\s*/, "")];
    for (let i = at + 1; i < lines.length && !TAG_LINE.test(lines[i]) && !CLOSE_LINE.test(lines[i]); i++)
        parts.push(lines[i].replace(/^\s*\*\s?/, ""));
    return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** `Default: <value>.` wrapped to the line length, each line starting with `prefix`. */
function defaultLines(prefix: string, value: string): string[] {
    const sentence = `Default: ${value}${/[.!?]$/.test(value) ? "" : "."}`;
    const lines: string[] = [];
    let line = "";
    for (const word of sentence.split(" ")) {
        if (line && prefix.length + line.length + 1 + word.length > MAX_LINE) {
            lines.push(prefix + line);
            line = `  ${word}`;
        } else line = line ? `${line} ${word}` : word;
    }
    return [...lines, prefix + line];
}

/** One doc comment with its `Default:` line in place: the comment unchanged when it has no `@default` tag. */
export function withDefaultLine(comment: string, indent: string): string {
    if (!/@default\b/.test(comment)) return comment;
    let lines = comment.split("\n");
    if (lines.length === 1) {
        // `/** Text. @default value */` on one line: opened up, text then tag.
        const match = /^\/\*\*\s*(.*?)\s*(@default\b.*?)\s*\*\/$/.exec(comment.trim());
        if (!match) return comment;
        lines = ["/**", ...(match[1] ? [`${indent} * ${match[1]}`] : []), `${indent} * ${match[2]}`, `${indent} */`];
    }
    const tag = lines.findIndex((l) => /^\s*\*?\s*@default\b/.test(l));
    const value = tagValue(lines, tag);
    // The stale line (and its wrapped continuation) goes; the new one goes before the first tag.
    const kept: string[] = [];
    for (let i = 0; i < lines.length; i++) {
        if (DEFAULT_LINE.test(lines[i])) {
            while (i + 1 < lines.length && /^\s*\*\s{3}\S/.test(lines[i + 1])) i++;
            continue;
        }
        kept.push(lines[i]);
    }
    const firstTag = kept.findIndex((l, i) => i > 0 && TAG_LINE.test(l));
    kept.splice(firstTag, 0, ...defaultLines(`${indent} * `, value));
    return kept.join("\n");
}

/** A source file with every doc comment's `Default:` line in place, and inline links as code. */
export function withDefaultLines(source: string): string {
    return source.replace(/^([ \t]*)(\/\*\*(?:(?!\*\/)[\s\S])*?\*\/)/gm, (_all, indent: string, comment: string) => {
        return indent + withDefaultLine(comment.replace(/\{@link\s+([^}\s|]+)[^}]*\}/g, "`$1`"), indent);
    });
}

/** The library's files whose `Default:` lines are missing or stale. */
export function staleFiles(files = librarySources()): string[] {
    return files.filter((file) => {
        const source = fs.readFileSync(file, "utf8");
        return withDefaultLines(source) !== source;
    });
}

export const main = command(
    {
        command: "npm run docs:schema --",
        summary:
            "Checks that each doc comment in components/ with a @default tag states the default in its text " +
            "(`Default: <value>.`) and has no inline {@link}: Pulumi's analyzer puts only the text in the schema, " +
            "and prints an inline tag as [object Object]. With --write, fixes them.",
        options: { write: { type: "boolean", description: "write the lines instead of listing stale files" } },
        examples: ["npm run docs:schema -- --write"],
    },
    (args, output) => {
        const stale = staleFiles();
        if (args.values.write) {
            for (const file of stale) fs.writeFileSync(file, withDefaultLines(fs.readFileSync(file, "utf8")));
            output.out(`wrote ${stale.length} file(s)`);
            return Promise.resolve(0);
        }
        for (const file of stale) output.out(path.relative(REPO_ROOT, file));
        return Promise.resolve(stale.length === 0 ? 0 : 1);
    },
);

if (require.main === module) runAsScript(main, 1);
