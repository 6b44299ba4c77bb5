/**
 * Builds the thumbnail function's layer (sharp, installed by npm for Linux and zipped) for both Lambda
 * architectures into the cache the stacks' Layer components read: `npm run build:layers`. Most of a build
 * is npm installing the packages, so `npm test` runs this with its other installs; cached builds return at once.
 */
import * as path from "path";
import { LayerBuild, buildNodeLayer, cachedNodeLayer } from "../../components/layer/build";
import { ARCHITECTURES } from "../../components/lambda/args";
import { THUMBNAIL_LAYER_PACKAGES } from "../../stacks/layers";
import { REPO_ROOT } from "../paths";

/** Where the stacks' layers are cached: Layer's default, `.build/layers` in the project (Pulumi's working directory). */
export const LAYERS_DIR = path.join(REPO_ROOT, ".build", "layers");

export function buildStackLayers(cacheDir = LAYERS_DIR): Promise<LayerBuild[]> {
    return Promise.all(ARCHITECTURES.map((architecture) => buildNodeLayer(THUMBNAIL_LAYER_PACKAGES, architecture, cacheDir)));
}

if (require.main === module) {
    const missing = ARCHITECTURES.filter((architecture) => !cachedNodeLayer(THUMBNAIL_LAYER_PACKAGES, architecture, LAYERS_DIR));
    if (missing.length > 0) console.log(`==> building the thumbnail layer for ${missing.join(" and ")} (npm install ${Object.keys(THUMBNAIL_LAYER_PACKAGES).join(" ")} for Linux)`);
    buildStackLayers().then((builds) => {
        if (missing.length === 0) return;
        for (const build of builds) console.log(`${path.relative(REPO_ROOT, build.zipPath)} (${(build.bytes / 1024 / 1024).toFixed(1)} MiB)`);
    }, (error) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    });
}
