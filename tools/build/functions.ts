import { BuildOptions, buildSync, version as esbuildVersion } from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../paths";
import { UsageError, command, runAsScript } from "../cli";
import { hashFiles, isUpToDate, sha256, writeAtomically, writeManifest } from "./manifest";

export const FUNCTIONS_DIR = path.join(REPO_ROOT, "functions");
/** Where bundles go: one folder per function, which is also that function's image build context. */
export const BUNDLES_DIR = path.join(REPO_ROOT, ".build", "functions");
/** The one Dockerfile every container function is built with. */
export const CONTAINER_DOCKERFILE = path.join(FUNCTIONS_DIR, "Dockerfile");

/** Packages the Lambda Node.js 22 runtime (and its base image) already provides. */
export const RUNTIME_PROVIDED = ["@aws-sdk/*", "@smithy/*"];

export interface BundleOptions {
    /** @default BUNDLES_DIR */
    outDir?: string;
    /** Packages to leave out of the bundle (e.g. those a layer provides), besides the runtime's. */
    external?: string[];
    /** Print esbuild's errors (the caller may report them itself). @default true */
    printErrors?: boolean;
    /** The entry point. @default functions/<name>/index.ts */
    entry?: string;
}

export interface Bundle {
    name: string;
    /** The folder holding index.js and index.js.map. */
    dir: string;
    file: string;
    bytes: number;
}

/**
 * Bundles `functions/<name>/index.ts` with esbuild into one minified CommonJS file with a source map,
 * for Node.js 22, leaving out the AWS SDK (the runtime ships it). Synchronous, so a Pulumi program can
 * call it while it registers resources. A bundle whose options, inputs and outputs are unchanged since it
 * was built (its manifest, `<name>.json` beside its folder) is not built again.
 */
export function bundleFunction(name: string, options: BundleOptions = {}): Bundle {
    const entry = options.entry ?? path.join(FUNCTIONS_DIR, name, "index.ts");
    if (!fs.existsSync(entry)) throw new Error(`no function "${name}": ${entry} does not exist`);
    const dir = path.join(options.outDir ?? BUNDLES_DIR, name);
    const file = path.join(dir, "index.js");
    const buildOptions: BuildOptions = {
        entryPoints: [entry],
        outfile: file,
        write: false,
        metafile: true,
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: true,
        sourcemap: true,
        sourcesContent: false,
        legalComments: "none",
        external: [...RUNTIME_PROVIDED, ...(options.external ?? [])],
        alias: { "iconv-lite": path.join(FUNCTIONS_DIR, "shared", "iconv-shim.ts") },
        logLevel: options.printErrors === false ? "silent" : "error",
        absWorkingDir: REPO_ROOT,
    };
    const manifest = `${dir}.json`;
    const { logLevel: _printing, ...output } = buildOptions; // how errors print does not change the bundle
    const key = sha256(JSON.stringify({ esbuild: esbuildVersion, buildOptions: output }));
    if (!isUpToDate(manifest, key, REPO_ROOT)) {
        const result = buildSync(buildOptions);
        fs.mkdirSync(dir, { recursive: true });
        for (const output of result.outputFiles!) writeAtomically(output.path, output.contents);
        const inputs = hashFiles(REPO_ROOT, Object.keys(result.metafile!.inputs));
        const outputs = hashFiles(
            REPO_ROOT,
            result.outputFiles!.map((o) => path.relative(REPO_ROOT, o.path)),
        );
        const rebuild = { function: name, external: options.external ?? [], entry };
        if (inputs && outputs) writeManifest(manifest, { key, inputs, outputs, rebuild });
    }
    return { name, dir, file, bytes: fs.statSync(file).size };
}

const deploymentBundles = new Map<string, Bundle>();

/** {@link bundleFunction} into BUNDLES_DIR, once per process (a program may be evaluated many times in tests). */
export function bundleForDeployment(name: string, external: string[] = [], entry?: string): Bundle {
    let bundle = deploymentBundles.get(name);
    if (!bundle) deploymentBundles.set(name, (bundle = bundleFunction(name, { external, entry })));
    return bundle;
}

/** The functions that have an entry point under functions/. */
export function functionNames(): string[] {
    return fs
        .readdirSync(FUNCTIONS_DIR)
        .filter((d) => fs.existsSync(path.join(FUNCTIONS_DIR, d, "index.ts")))
        .sort();
}

export const main = command(
    {
        command: "npm run build:functions --",
        summary:
            "Bundles the Lambda functions under functions/ with esbuild (the AWS SDK left to the runtime) into " +
            `${path.relative(REPO_ROOT, BUNDLES_DIR)}; a bundle whose inputs and options are unchanged is not rebuilt.`,
        options: {},
        positionals: { usage: "[function...]", description: "Functions to bundle (default: all of them)." },
        examples: ["npm run build:functions", "npm run build:functions -- retrieve-accounts"],
    },
    ({ positionals }, output) => {
        const known = functionNames();
        const unknown = positionals.filter((name) => !known.includes(name));
        if (unknown.length > 0)
            throw new UsageError(`no function named ${unknown.join(", ")}; the functions are ${known.join(", ")}`);
        for (const name of positionals.length > 0 ? positionals : known) {
            const bundle = bundleFunction(name);
            output.out(`${name}: ${path.relative(REPO_ROOT, bundle.file)} (${(bundle.bytes / 1024).toFixed(1)} KiB)`);
        }
        return Promise.resolve(0);
    },
);

if (require.main === module) runAsScript(main, 1);
