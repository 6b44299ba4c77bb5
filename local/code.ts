/**
 * Where each registered function's code is on this machine: a zip function's archive (a folder given as a
 * FileArchive, or an AssetArchive written out to a temporary folder) and handler; an image function's
 * bundle, which its component records as its `code` input (components/container-function).
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { RecordedResource } from "../tools/offline/evaluate";
import { FunctionCode, TYPES } from "./program";

export interface LocatedCode {
    code: Map<string, FunctionCode>;
    /** Temporary folders written for AssetArchives: removed on stop. */
    temporary: string[];
}

/** `cwd` is the folder the program was evaluated in (paths the program gave relative resolve against it). */
export async function locateFunctionCode(resources: RecordedResource[], cwd: string): Promise<LocatedCode> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const code = new Map<string, FunctionCode>();
    const temporary: string[] = [];
    for (const fn of resources.filter((r) => r.type === TYPES.function)) {
        if (fn.inputs.packageType === "Image") {
            const recorded = (fn.parent ? byUrn.get(fn.parent)?.inputs.code : undefined) as
                Partial<FunctionCode> | undefined;
            if (recorded?.directory && recorded.handler)
                code.set(fn.urn, { directory: path.resolve(cwd, recorded.directory), handler: recorded.handler });
            continue;
        }
        const archive = fn.inputs.code as pulumi.asset.Archive | undefined;
        if (!archive || !fn.inputs.handler) continue;
        const directory = await archiveDirectory(archive, cwd, temporary);
        if (directory) code.set(fn.urn, { directory, handler: String(fn.inputs.handler) });
    }
    return { code, temporary };
}

/** A folder with the archive's contents: the folder itself for a FileArchive of one, else written out. */
async function archiveDirectory(
    archive: pulumi.asset.Archive,
    cwd: string,
    temporary: string[],
): Promise<string | undefined> {
    const fileArchive = archive as { path?: Promise<string> };
    if (fileArchive.path !== undefined) {
        const location = path.resolve(cwd, await fileArchive.path);
        return fs.existsSync(location) && fs.statSync(location).isDirectory() ? location : undefined;
    }
    const assets = (archive as { assets?: Promise<Record<string, unknown>> }).assets;
    if (assets === undefined) return undefined;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-archive-"));
    temporary.push(dir);
    await writeAssets(await assets, dir, cwd);
    return dir;
}

async function writeAssets(assets: Record<string, unknown>, dir: string, cwd: string): Promise<void> {
    for (const [name, asset] of Object.entries(assets)) {
        const target = path.join(dir, name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const a = asset as {
            text?: Promise<string>;
            path?: Promise<string>;
            assets?: Promise<Record<string, unknown>>;
        };
        if (a.text !== undefined) fs.writeFileSync(target, await a.text);
        else if (a.path !== undefined) fs.cpSync(path.resolve(cwd, await a.path), target, { recursive: true });
        else if (a.assets !== undefined) await writeAssets(await a.assets, target, cwd);
    }
}
