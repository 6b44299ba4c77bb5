import * as pulumi from "@pulumi/pulumi";
import { Layer, LayerFunction, PrivateBucket } from "../components/index";
import { bundleForDeployment } from "../tools/build/functions";
import { EnvironmentConfig } from "./config";
import { THUMBNAIL_LAYER_PACKAGES } from "./layers";

/**
 * The thumbnail pipeline: an uploads bucket whose new objects trigger the thumbnail function, which writes
 * `resized-<key>` to the thumbnails bucket; sharp comes from a layer built for the function's architecture.
 */
export function createThumbnailPipeline(config: EnvironmentConfig, alerts: pulumi.Output<string> | undefined) {
    const uploads = new PrivateBucket(`${config.stack}-uploads`, { removal: config.removal, tags: config.tags });
    const thumbnails = new PrivateBucket(`${config.stack}-thumbnails`, {
        expireAfterDays: config.thumbnails.expireAfterDays,
        removal: config.removal,
        tags: config.tags,
    });
    const architecture = config.functions.architecture ?? "x86_64";
    const sharp = new Layer(`${config.stack}-sharp`, { packages: THUMBNAIL_LAYER_PACKAGES, architecture });
    const fn = new LayerFunction(`${config.stack}-thumbnail`, {
        code: { directory: bundleForDeployment("thumbnail", sharp.packages).dir },
        layers: [sharp],
        architecture,
        timeout: 60,
        // libvips is CPU-bound, and Lambda's CPU grows with memory.
        memorySize: Math.max(config.functions.memorySize ?? 0, 1536),
        tracing: config.functions.tracing,
        logRetentionInDays: config.logRetentionInDays,
        removal: config.removal,
        environment: {
            DESTINATION_BUCKET: thumbnails.bucketName,
            MAX_DIMENSION: String(config.thumbnails.maxDimension),
        },
        policyStatements: [
            { actions: ["s3:GetObject"], resources: [pulumi.interpolate`${uploads.arn}/*`] },
            { actions: ["s3:PutObject"], resources: [pulumi.interpolate`${thumbnails.arn}/*`] },
        ],
        triggers: { s3: [{ bucket: uploads.bucket, events: ["s3:ObjectCreated:*"] }] },
        alarms: alerts && { topicArn: alerts },
        tags: config.tags,
    });
    return { uploads, thumbnails, fn };
}
