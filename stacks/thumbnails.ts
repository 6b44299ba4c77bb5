import { Layer, PrivateBucket } from "../components/index";
import { EnvironmentConfig } from "./config";
import { THUMBNAIL_LAYER_PACKAGES } from "./layers";

/**
 * The thumbnail pipeline's storage and layer: an uploads bucket, a thumbnails bucket whose objects expire,
 * and sharp in a layer built for the functions' architecture. The function itself is in stacks/manifest.ts.
 */
export function createThumbnailStorage(config: EnvironmentConfig) {
    const uploads = new PrivateBucket(`${config.stack}-uploads`, { removal: config.removal, tags: config.tags });
    const thumbnails = new PrivateBucket(`${config.stack}-thumbnails`, {
        expireAfterDays: config.thumbnails.expireAfterDays,
        removal: config.removal,
        tags: config.tags,
    });
    const architecture = config.functions.architecture ?? "x86_64";
    const sharp = new Layer(`${config.stack}-sharp`, { packages: THUMBNAIL_LAYER_PACKAGES, architecture });
    return { buckets: { uploads, thumbnails }, sharp };
}
