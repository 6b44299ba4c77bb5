import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * A digest of everything an image build reads: the context's files (names and contents) and the Dockerfile.
 * Used as the image tag, so that tags stay immutable: new content, new tag.
 */
export function hashBuildContext(context: string, dockerfile: string): string {
    const hash = createHash("sha256");
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.isFile())
                hash.update(`${path.relative(context, full)}\0`)
                    .update(fs.readFileSync(full))
                    .update("\0");
        }
    };
    walk(context);
    hash.update("Dockerfile\0").update(fs.readFileSync(dockerfile));
    return hash.digest("hex").slice(0, 16);
}
