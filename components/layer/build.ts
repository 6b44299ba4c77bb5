import { execFile } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import * as yazl from "yazl";

export type LayerArchitecture = "x86_64" | "arm64";
const NPM_CPU: Record<LayerArchitecture, string> = { x86_64: "x64", arm64: "arm64" };
/** Zip entries get this time, so the same contents always make the same bytes. */
const FIXED_MTIME = new Date("1980-01-01T00:00:00Z");

export interface LayerBuild {
    /** The zip, with `nodejs/node_modules/...` at its root as Lambda's Node.js runtimes expect. */
    zipPath: string;
    /** SHA-256 of the zip, base64: Lambda's CodeSha256, so a new version is published only on change. */
    sha256: string;
    bytes: number;
    /** Symlinks left out of the zip (Lambda rejects them), e.g. `node_modules/.bin/*`. */
    skippedSymlinks: string[];
}

/**
 * Installs `packages` for Linux (glibc) on the given architecture into a build folder, whatever this
 * machine is, and zips them reproducibly. Builds are cached by their inputs under `cacheDir`; concurrent
 * builds of the same inputs are safe (each builds aside, the first to finish is kept).
 */
export async function buildNodeLayer(packages: Record<string, string>, architecture: LayerArchitecture, cacheDir: string): Promise<LayerBuild> {
    const spec = { packages: Object.fromEntries(Object.entries(packages).sort()), os: "linux", libc: "glibc", cpu: NPM_CPU[architecture] };
    const key = createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16);
    const dir = path.join(cacheDir, `${architecture}-${key}`);
    const zipPath = path.join(dir, "layer.zip");
    const manifest = path.join(dir, "layer.json");
    if (fs.existsSync(zipPath) && fs.existsSync(manifest)) return { zipPath, ...JSON.parse(fs.readFileSync(manifest, "utf8")) };

    fs.mkdirSync(cacheDir, { recursive: true });
    const work = fs.mkdtempSync(path.join(cacheDir, `.${architecture}-${key}-`));
    const root = path.join(work, "build");
    const nodejs = path.join(root, "nodejs");
    fs.mkdirSync(nodejs, { recursive: true });
    fs.writeFileSync(path.join(nodejs, "package.json"), JSON.stringify({ private: true, dependencies: spec.packages }, null, 2));
    try {
        await promisify(execFile)("npm", ["install", "--os=linux", `--cpu=${spec.cpu}`, "--libc=glibc", "--omit=dev", "--ignore-scripts",
            "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], { cwd: nodejs });
    } catch (error) {
        fs.rmSync(work, { recursive: true, force: true });
        throw new Error(`building the layer (npm install ${Object.keys(packages).join(" ")} for linux ${spec.cpu}) failed: ${(error as { stderr?: string }).stderr ?? error}`);
    }
    fs.rmSync(path.join(nodejs, "package.json"));

    const { files, skippedSymlinks } = listFiles(root);
    const bytes = await writeZip(root, files, path.join(work, "layer.zip"));
    const sha256 = createHash("sha256").update(fs.readFileSync(path.join(work, "layer.zip"))).digest("base64");
    fs.writeFileSync(path.join(work, "layer.json"), JSON.stringify({ sha256, bytes, skippedSymlinks }));
    fs.rmSync(root, { recursive: true, force: true });
    try {
        fs.renameSync(work, dir);
    } catch {
        fs.rmSync(work, { recursive: true, force: true }); // another build of the same inputs got there first
    }
    return { zipPath, ...JSON.parse(fs.readFileSync(manifest, "utf8")) };
}

/** Regular files under `root` in a stable order; symlinks are reported, not followed. */
function listFiles(root: string): { files: string[]; skippedSymlinks: string[] } {
    const files: string[] = [];
    const skippedSymlinks: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, entry.name);
            const relative = path.relative(root, full).split(path.sep).join("/");
            if (entry.isSymbolicLink()) skippedSymlinks.push(relative);
            else if (entry.isDirectory()) walk(full);
            else if (entry.isFile()) files.push(relative);
        }
    };
    walk(root);
    return { files, skippedSymlinks };
}

/** Writes a zip of `files` (relative to `root`) with fixed times and modes. */
function writeZip(root: string, files: string[], zipPath: string): Promise<number> {
    const zip = new yazl.ZipFile();
    for (const file of files) {
        const executable = (fs.statSync(path.join(root, file)).mode & 0o111) !== 0;
        zip.addFile(path.join(root, file), file, { mtime: FIXED_MTIME, mode: executable ? 0o100755 : 0o100644 });
    }
    zip.end();
    return new Promise((resolve, reject) => {
        zip.outputStream.pipe(fs.createWriteStream(zipPath))
            .on("close", () => resolve(fs.statSync(zipPath).size))
            .on("error", reject);
    });
}
