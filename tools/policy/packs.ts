/**
 * Loads CrossGuard policy packs the way the Pulumi CLI runs them, without serving them: a pack is a
 * program whose `new PolicyPack(...)` hands its name, policies, default enforcement level and initial
 * config to `@pulumi/policy`'s gRPC `serve`. Here that `serve` is replaced, for the copy of
 * `@pulumi/policy` the pack itself resolves, by a capture of those arguments.
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import { REPO_ROOT } from "../paths";
import type { PolicyConfig } from "./engine";

export interface LoadedPack {
    name: string;
    /** From the pack's package.json, as the engine reports it. */
    version: string;
    /** The pack's own default level (`new PolicyPack(name, { enforcementLevel })`, else advisory). */
    enforcementLevel: EnforcementLevel;
    policies: Policies;
    /** Config the pack's program supplies itself (the third argument of `new PolicyPack`), under the file's. */
    initialConfig?: PolicyConfig;
    /** What `--pack` named, and the folder it was loaded from. */
    spec: string;
    dir: string;
}

type Serve = (
    name: string,
    version: string,
    enforcementLevel: EnforcementLevel,
    args: { policies?: Policies },
    initialConfig?: PolicyConfig,
) => void;

/** The pack this repository ships. */
export const OWN_PACK = path.join(REPO_ROOT, "policy");

const loaded = new Map<string, LoadedPack>();

/**
 * A pack by folder (a CrossGuard pack: PulumiPolicy.yaml beside its program) or installed package name.
 * A package that only exports a PolicyPack class (as @pulumi/awsguard does) runs as `new Class()`, its
 * documented default. Loaded once per process: a pack's program registers its policies on load.
 */
export function loadPack(spec: string, cwd = process.cwd()): LoadedPack {
    const entry = resolveEntry(spec, cwd);
    const cached = loaded.get(entry);
    if (cached) return cached;
    const dir = packageDir(entry);
    // aws-sdk v2 (a dependency of AWSGuard) prints an end-of-support notice on load: not ours to print.
    process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= "1";

    // The pack's own copies of @pulumi/policy (it may have its own, as a pack installed apart would).
    const fromPack = createRequire(path.join(dir, "package.json"));
    const server = fromPack("@pulumi/policy/server") as { serve: Serve };
    const policyModule = fromPack("@pulumi/policy") as { PolicyPack: new (...args: unknown[]) => unknown };
    const served: Omit<LoadedPack, "spec" | "dir" | "version">[] = [];
    const serve = server.serve;
    server.serve = (name, _version, enforcementLevel, args, initialConfig) =>
        served.push({ name, enforcementLevel, policies: args.policies ?? [], initialConfig });
    const cwdBefore = process.cwd();
    try {
        process.chdir(dir); // PolicyPack reads its version from ./package.json, as under the CLI
        const exported = fromPack(entry) as Record<string, unknown>;
        if (served.length === 0) {
            const PackClass = Object.values(exported ?? {}).find(
                (v): v is new () => unknown =>
                    typeof v === "function" && v.prototype instanceof policyModule.PolicyPack,
            );
            if (PackClass) new PackClass();
        }
    } finally {
        process.chdir(cwdBefore);
        server.serve = serve;
    }
    if (served.length !== 1)
        throw new Error(
            `--pack ${spec}: ${entry} ${served.length === 0 ? "creates no PolicyPack and exports no PolicyPack class" : "creates more than one PolicyPack"}`,
        );
    const pack: LoadedPack = { ...served[0], version: packageVersion(dir), spec, dir };
    loaded.set(entry, pack);
    return pack;
}

/** The module to load: a folder's package.json `main` (or index), else an installed package. */
function resolveEntry(spec: string, cwd: string): string {
    const asPath = path.resolve(cwd, spec);
    const looksLikePath = spec.startsWith(".") || path.isAbsolute(spec) || fs.existsSync(asPath);
    try {
        return require.resolve(looksLikePath ? asPath : spec, { paths: [cwd, REPO_ROOT] });
    } catch {
        throw new Error(
            `--pack ${spec}: ${looksLikePath ? `no policy pack program in ${asPath}` : "not installed"}. ` +
                "Give a pack's folder (with PulumiPolicy.yaml) or an installed package (npm install -D <name>).",
        );
    }
}

/** The nearest folder holding a package.json, from a module file up. */
function packageDir(file: string): string {
    let dir = path.dirname(file);
    while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return dir;
}

function packageVersion(dir: string): string {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: string };
    return (pkg.version ?? "").replace(/^v/, "");
}
