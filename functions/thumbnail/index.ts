/**
 * thumbnail: for each object created in the source bucket, a thumbnail in DESTINATION_BUCKET named
 * `resized-<key>`. Every record is attempted; if any fails the invocation fails, naming them, so Lambda
 * retries and then sends the event to the dead-letter queue. Nothing is written for a failed record.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { describeError, log } from "../shared/log";
import { DEFAULT_MAX_INPUT_PIXELS, makeThumbnail } from "./resize";

export const THUMBNAIL_PREFIX = "resized-";

// Module scope: one client per container. Default configuration, so AWS_ENDPOINT_URL_S3 points it at a
// local S3-compatible server, which needs path-style addressing.
const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });

export interface ThumbnailResult {
    created: { source: string; key: string; width: number; height: number }[];
    skipped: string[];
}

/** An S3 event's object key, decoded: `+` is a space, the rest is URL encoding. */
export function objectKey(encoded: string): string {
    return decodeURIComponent(encoded.replace(/\+/g, " "));
}

export function createHandler(client: S3Client = s3) {
    return async (event: S3Event): Promise<ThumbnailResult> => {
        const destination = process.env.DESTINATION_BUCKET;
        if (!destination) throw new Error("[500] function misconfigured: DESTINATION_BUCKET is not set");
        const maxDimension = Number(process.env.MAX_DIMENSION ?? 1024);
        const maxInputPixels = Number(process.env.MAX_INPUT_PIXELS ?? DEFAULT_MAX_INPUT_PIXELS);
        const result: ThumbnailResult = { created: [], skipped: [] };
        const failures: string[] = [];
        await Promise.all(
            (event.Records ?? []).map(async (record) => {
                const bucket = record.s3.bucket.name;
                const key = objectKey(record.s3.object.key);
                if (key.startsWith(THUMBNAIL_PREFIX)) {
                    result.skipped.push(key); // our own output: never resize it again (no loop if the buckets are one)
                    return;
                }
                try {
                    const source = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
                    const thumbnail = await makeThumbnail(
                        Buffer.from(await source.Body!.transformToByteArray()),
                        maxDimension,
                        maxInputPixels,
                    );
                    const target = `${THUMBNAIL_PREFIX}${key}`;
                    await client.send(
                        new PutObjectCommand({
                            Bucket: destination,
                            Key: target,
                            Body: thumbnail.body,
                            ContentType: thumbnail.contentType,
                        }),
                    );
                    result.created.push({ source: key, key: target, width: thumbnail.width, height: thumbnail.height });
                } catch (error) {
                    log("ERROR", "thumbnail failed", { bucket, key, ...describeError(error) });
                    failures.push(`${key}: ${(error as Error).message}`);
                }
            }),
        );
        if (failures.length > 0) {
            throw new Error(
                `[422] ${failures.length} of ${event.Records.length} object(s) failed: ${failures.join("; ")}`,
            );
        }
        log("INFO", "thumbnails created", { created: result.created.length, skipped: result.skipped.length });
        return result;
    };
}

export const handler = createHandler();
