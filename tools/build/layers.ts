/**
 * Builds the thumbnail function's layer (sharp, installed by npm for Linux and zipped) for both Lambda
 * architectures into the cache the stacks' Layer components read: `npm run build:layers`. Most of a build
 * is npm installing the packages, so `npm test` runs this with its other installs; cached builds return at once.
 */
import * as path from "path";
import { LayerBuild, buildNodeLayer, cachedNodeLayer } from "../../components/layer/build";
import { ARCHITECTURES } from "../../components/lambda/args";
import { THUMBNAIL_LAYER_PACKAGES } from "../../stacks/layers";
import { command, runAsScript } from "../cli";
import { REPO_ROOT } from "../paths";

/**
 * Where the stacks' layers are cached: Layer's default, `.build/layers` in the project (Pulumi's working
 * directory).
 */
export const LAYERS_DIR = path.join(REPO_ROOT, ".build", "layers");

export function buildStackLayers(cacheDir = LAYERS_DIR): Promise<LayerBuild[]> {
    return Promise.all(
        ARCHITECTURES.map((architecture) => buildNodeLayer(THUMBNAIL_LAYER_PACKAGES, architecture, cacheDir)),
    );
}

/** Builds what is missing, saying so; silent when every layer is cached. */
export const main = command(
    {
        command: "npm run build:layers --",
        summary:
            "Builds the thumbnail function's layer (sharp installed by npm for Linux, zipped) for x86_64 and arm64 " +
            `into ${path.relative(REPO_ROOT, LAYERS_DIR)}, where the stacks read it. Cached builds return at once.`,
        options: {},
        examples: ["npm run build:layers"],
    },
    async (_args, output) => {
        const missing = ARCHITECTURES.filter(
            (architecture) => !cachedNodeLayer(THUMBNAIL_LAYER_PACKAGES, architecture, LAYERS_DIR),
        );
        if (missing.length === 0) return 0;
        output.out(
            `==> building the thumbnail layer for ${missing.join(" and ")} (npm install ${Object.keys(THUMBNAIL_LAYER_PACKAGES).join(" ")} for Linux)`,
        );
        for (const build of await buildStackLayers())
            output.out(`${path.relative(REPO_ROOT, build.zipPath)} (${(build.bytes / 1024 / 1024).toFixed(1)} MiB)`);
        return 0;
    },
);

if (require.main === module) runAsScript(main, 1);
