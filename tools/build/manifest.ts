import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * What a build made and from what: a key for its options, and the SHA-256 of every file it read and wrote
 * (paths relative to `root`). A build whose manifest still matches all of them need not run again.
 */
export interface BuildManifest {
    key: string;
    inputs: Record<string, string>;
    outputs: Record<string, string>;
    /** How to build it again (what local mode's hot reload runs when an input changes). */
    rebuild?: { function: string; external: string[]; entry: string };
}

export function sha256(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** The hashes of `files` (relative to `root`), or undefined if one cannot be read. */
export function hashFiles(root: string, files: string[]): Record<string, string> | undefined {
    const hashes: Record<string, string> = {};
    for (const file of files) {
        try {
            hashes[file] = sha256(fs.readFileSync(path.resolve(root, file)));
        } catch {
            return undefined;
        }
    }
    return hashes;
}

/** Whether the manifest at `file` was written for `key` and every file it lists is as it was then. */
export function isUpToDate(file: string, key: string, root: string): boolean {
    let manifest: BuildManifest;
    try {
        manifest = JSON.parse(fs.readFileSync(file, "utf8")) as BuildManifest;
    } catch {
        return false;
    }
    if (manifest.key !== key) return false;
    return [manifest.inputs, manifest.outputs].every((listed) => {
        const current = hashFiles(root, Object.keys(listed));
        return current !== undefined && Object.entries(listed).every(([f, hash]) => current[f] === hash);
    });
}

export function writeManifest(file: string, manifest: BuildManifest): void {
    writeAtomically(file, JSON.stringify(manifest, null, 1));
}

/** Writes aside and renames into place: a reader (another process) sees the old file or the new one, never a part. */
export function writeAtomically(file: string, data: string | Uint8Array): void {
    const aside = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(aside, data);
    fs.renameSync(aside, file);
}
