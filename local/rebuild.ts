/**
 * Bundles built by tools/build/functions.ts describe how to build them again (their manifest, beside the
 * bundle's folder): hot reload watches the sources they were built from and rebuilds on a change.
 */
import * as fs from "fs";
import * as path from "path";
import { bundleFunction } from "../tools/build/functions";
import type { BuildManifest } from "../tools/build/manifest";
import { REPO_ROOT } from "../tools/paths";

export interface BundleRecipe {
    /** The bundle's folder. */
    directory: string;
    manifest: BuildManifest & Required<Pick<BuildManifest, "rebuild">>;
}

/** The recipe of the bundle in `directory`, if it is one this project's bundler made. */
export function bundleRecipe(directory: string): BundleRecipe | undefined {
    try {
        const manifest = JSON.parse(fs.readFileSync(`${directory}.json`, "utf8")) as BuildManifest;
        if (manifest.rebuild && path.basename(directory) === manifest.rebuild.function)
            return { directory, manifest: manifest as BundleRecipe["manifest"] };
    } catch {
        // not a bundle of ours
    }
    return undefined;
}

/** The project's own sources a bundle was built from (dependencies under node_modules are not watched). */
export function watchedSources(recipe: BundleRecipe): string[] {
    return Object.keys(recipe.manifest.inputs)
        .filter((f) => !f.split("/").includes("node_modules"))
        .map((f) => path.resolve(REPO_ROOT, f));
}

/** Builds the bundle again; throws esbuild's message (file, line, what is wrong) when the sources do not build. */
export function rebuildBundle(recipe: BundleRecipe): void {
    const { function: name, external, entry } = recipe.manifest.rebuild;
    try {
        bundleFunction(name, { external, entry, outDir: path.dirname(recipe.directory), printErrors: false });
    } catch (error) {
        const failure = error as {
            errors?: { text: string; location?: { file: string; line: number; column: number } }[];
        };
        if (!failure.errors) throw error;
        throw new Error(
            failure.errors
                .map((e) =>
                    e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text,
                )
                .join("\n"),
        );
    }
    // A new manifest lists the sources as they are now (a new import is watched from the next reload on).
    const refreshed = bundleRecipe(recipe.directory);
    if (refreshed) recipe.manifest = refreshed.manifest;
}
