import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

/** A Pulumi project on disk, read the way the CLI reads it. */
export interface ProjectFiles {
    dir: string;
    name: string;
    /** The program's entry (Pulumi.yaml `main`, else the project folder). */
    main: string;
}

/** The flat config the Pulumi runtime hands a program: `namespace:key` → string, objects as JSON. */
export interface StackConfig {
    values: Record<string, string>;
    /** Keys whose values are `secure:` ciphertexts (unreadable offline, replaced by a placeholder). */
    secretKeys: string[];
}

export function readProject(dir: string): ProjectFiles {
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!file) throw new Error(`no Pulumi.yaml in ${dir}`);
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { name?: string; main?: string };
    if (!doc?.name) throw new Error(`${file} has no project name`);
    return { dir, name: doc.name, main: path.resolve(dir, doc.main ?? ".") };
}

/**
 * Reads `Pulumi.<stack>.yaml` over the project-level `config:` defaults of `Pulumi.yaml`, and flattens
 * it as the CLI does: keys without a namespace get the project's, structured values become JSON.
 */
export function readStackConfig(project: ProjectFiles, stack: string): StackConfig {
    const stackFile = path.join(project.dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile))
        throw new Error(`no Pulumi.${stack}.yaml in ${project.dir}: unknown stack "${stack}"`);
    const projectDoc = yaml.load(fs.readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8")) as {
        config?: Record<string, unknown>;
    };
    const stackDoc = (yaml.load(fs.readFileSync(stackFile, "utf8")) ?? {}) as { config?: Record<string, unknown> };

    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    const put = (rawKey: string, value: unknown) => {
        const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
        if (isSecure(value)) {
            values[key] = "[secret]";
            secretKeys.push(key);
        } else {
            values[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    };
    for (const [key, decl] of Object.entries(projectDoc.config ?? {})) {
        // Project-level declarations are `{ type, default | value }` or a bare value.
        const value =
            typeof decl === "object" && decl !== null && ("default" in decl || "value" in decl)
                ? ((decl as { default?: unknown; value?: unknown }).value ?? (decl as { default?: unknown }).default)
                : decl;
        if (value !== undefined) put(key, value);
    }
    for (const [key, value] of Object.entries(stackDoc.config ?? {})) put(key, value);
    return { values, secretKeys };
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && "secure" in value;
}
