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

/** A build lock older than this was left by a process that died: builds go ahead without it. */
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Installs `packages` for Linux (glibc) on the given architecture into a build folder, whatever this
 * machine is, and zips them reproducibly. Builds are cached by their inputs under `cacheDir`. A build of
 * inputs another process is building already waits for that one (e.g. two stacks previewed at once);
 * and whatever happens to the lock, builds stay safe (each builds aside, the first to finish is kept).
 */
export async function buildNodeLayer(
    packages: Record<string, string>,
    architecture: LayerArchitecture,
    cacheDir: string,
): Promise<LayerBuild> {
    const { spec, key, dir } = layerBuildPlace(packages, architecture, cacheDir);
    const cached = () => cachedNodeLayer(packages, architecture, cacheDir);

    fs.mkdirSync(cacheDir, { recursive: true });
    const lock = `${dir}.lock`;
    const locked = await lockOrWait(lock, () => cached() !== undefined);
    try {
        if (!cached()) await build(spec, fs.mkdtempSync(path.join(cacheDir, `.${architecture}-${key}-`)), dir);
        return cached()!;
    } finally {
        if (locked) fs.rmSync(lock, { recursive: true, force: true });
    }
}

/** The build of these inputs in `cacheDir`, if there is one already. */
export function cachedNodeLayer(
    packages: Record<string, string>,
    architecture: LayerArchitecture,
    cacheDir: string,
): LayerBuild | undefined {
    const { dir } = layerBuildPlace(packages, architecture, cacheDir);
    const [zipPath, manifest] = [path.join(dir, "layer.zip"), path.join(dir, "layer.json")];
    return fs.existsSync(zipPath) && fs.existsSync(manifest)
        ? { zipPath, ...(JSON.parse(fs.readFileSync(manifest, "utf8")) as Omit<LayerBuild, "zipPath">) }
        : undefined;
}

/** What is installed (npm's platform flags included), and the cache folder named by its hash. */
function layerBuildPlace(packages: Record<string, string>, architecture: LayerArchitecture, cacheDir: string) {
    const spec = {
        packages: Object.fromEntries(Object.entries(packages).sort()),
        os: "linux",
        libc: "glibc",
        cpu: NPM_CPU[architecture],
    };
    const key = createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16);
    return { spec, key, dir: path.join(cacheDir, `${architecture}-${key}`) };
}

/**
 * Takes the build lock (a directory: creating one is atomic), or waits while another process holds it
 * until `done()` or the lock goes (released, or stale). Returns whether the lock is ours to release.
 */
async function lockOrWait(lock: string, done: () => boolean): Promise<boolean> {
    for (;;) {
        if (done()) return false;
        try {
            fs.mkdirSync(lock);
            return true;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
        const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
        if (age > STALE_LOCK_MS) {
            fs.rmSync(lock, { recursive: true, force: true });
            continue;
        }
        await new Promise((r) => setTimeout(r, 200));
    }
}

/** Installs and zips in `work`, then moves it to `dir` (unless another build of the same inputs got there first). */
async function build(
    spec: { packages: Record<string, string>; cpu: string },
    work: string,
    dir: string,
): Promise<void> {
    const root = path.join(work, "build");
    const nodejs = path.join(root, "nodejs");
    fs.mkdirSync(nodejs, { recursive: true });
    fs.writeFileSync(
        path.join(nodejs, "package.json"),
        JSON.stringify({ private: true, dependencies: spec.packages }, null, 2),
    );
    try {
        // --prefer-offline: registry metadata already in npm's cache is used as is (the packages are pinned),
        // which spares a round trip to the registry per package: seconds per build.
        await promisify(execFile)(
            "npm",
            [
                "install",
                "--os=linux",
                `--cpu=${spec.cpu}`,
                "--libc=glibc",
                "--omit=dev",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--no-package-lock",
                "--prefer-offline",
                "--loglevel=error",
            ],
            { cwd: nodejs },
        );
    } catch (error) {
        fs.rmSync(work, { recursive: true, force: true });
        throw new Error(
            `building the layer (npm install ${Object.keys(spec.packages).join(" ")} for linux ${spec.cpu}) failed: ${(error as { stderr?: string }).stderr ?? String(error)}`,
        );
    }
    fs.rmSync(path.join(nodejs, "package.json"));

    const { files, skippedSymlinks } = listFiles(root);
    const bytes = await writeZip(root, files, path.join(work, "layer.zip"));
    const sha256 = createHash("sha256")
        .update(fs.readFileSync(path.join(work, "layer.zip")))
        .digest("base64");
    fs.writeFileSync(path.join(work, "layer.json"), JSON.stringify({ sha256, bytes, skippedSymlinks }));
    fs.rmSync(root, { recursive: true, force: true });
    try {
        fs.renameSync(work, dir);
    } catch {
        fs.rmSync(work, { recursive: true, force: true }); // another build of the same inputs got there first
    }
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
        zip.outputStream
            .pipe(fs.createWriteStream(zipPath))
            .on("close", () => resolve(fs.statSync(zipPath).size))
            .on("error", reject);
    });
}
