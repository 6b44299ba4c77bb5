import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Everything that decides what an image build produces, as the image resource receives it. */
export interface ImageBuildInputs {
    /** The build context folder. */
    context: string;
    /** The Dockerfile (its content counts, not where it is). */
    dockerfile: string;
    /** The target platform, e.g. `linux/arm64`. */
    platform: string;
    /** Build arguments. */
    args?: Record<string, string>;
}

/**
 * The image tag: a digest of every input that can change the pushed image (the context's files with their
 * names, contents and executable bits, the Dockerfile's content, the platform and the build arguments) and of
 * nothing else (not where the context or the Dockerfile sit on disk). ECR repositories here have immutable
 * tags, so a tag must never be pushed twice with different images, and an unchanged image must keep its tag.
 */
export function imageTag(build: ImageBuildInputs): string {
    const args = Object.entries(build.args ?? {}).sort(([a], [b]) => a.localeCompare(b));
    return createHash("sha256")
        .update(`context\0${hashBuildContext(build.context, build.dockerfile)}\0`)
        .update(`platform\0${build.platform}\0`)
        .update(`args\0${JSON.stringify(args)}\0`)
        .digest("hex")
        .slice(0, 16);
}

/**
 * A digest of the files an image build reads: the context's files (relative names, contents, executable bit,
 * symbolic links' targets) and the Dockerfile's content.
 */
export function hashBuildContext(context: string, dockerfile: string): string {
    const hash = createHash("sha256");
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, entry.name);
            const name = path.relative(context, full).split(path.sep).join("/");
            if (entry.isDirectory()) walk(full);
            else if (entry.isSymbolicLink()) hash.update(`link\0${name}\0${fs.readlinkSync(full)}\0`);
            else if (entry.isFile()) {
                const executable = (fs.statSync(full).mode & 0o111) !== 0;
                hash.update(`file\0${name}\0${executable ? "x" : "-"}\0`)
                    .update(fs.readFileSync(full))
                    .update("\0");
            }
        }
    };
    walk(context);
    hash.update("Dockerfile\0").update(fs.readFileSync(dockerfile));
    return hash.digest("hex").slice(0, 16);
}
