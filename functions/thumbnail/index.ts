/**
 * thumbnail: for each object created in the source bucket, a thumbnail in DESTINATION_BUCKET named
 * `resized-<key>`, then its record in RECORDS_TABLE (see record.ts). Every record is attempted; if any fails
 * the invocation fails, naming them, so Lambda retries and then sends the event to the dead-letter queue.
 * The record is written after the thumbnail, so a listed thumbnail exists; a retry rewrites both.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { describeError, log } from "../shared/log";
import { paddedSequencer, putRecord } from "./record";
import { DEFAULT_MAX_INPUT_PIXELS, makeThumbnail } from "./resize";

export const THUMBNAIL_PREFIX = "resized-";

// Module scope: one client per container. Default configuration, so AWS_ENDPOINT_URL_S3 points it at a
// local S3-compatible server, which needs path-style addressing.
const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
const dynamodb = new DynamoDBClient();

const DAY_SECONDS = 86_400;

export interface ThumbnailResult {
    created: { source: string; key: string; width: number; height: number }[];
    skipped: string[];
    /** Objects whose newer event is recorded already: their late event changed no record. */
    superseded: string[];
}

/** An S3 event's object key, decoded: `+` is a space, the rest is URL encoding. */
export function objectKey(encoded: string): string {
    return decodeURIComponent(encoded.replace(/\+/g, " "));
}

export function createHandler(client: S3Client = s3, records: DynamoDBClient = dynamodb) {
    return async (event: S3Event): Promise<ThumbnailResult> => {
        const destination = process.env.DESTINATION_BUCKET;
        if (!destination) throw new Error("[500] function misconfigured: DESTINATION_BUCKET is not set");
        const table = process.env.RECORDS_TABLE;
        if (!table) throw new Error("[500] function misconfigured: RECORDS_TABLE is not set");
        const maxDimension = Number(process.env.MAX_DIMENSION ?? 1024);
        const maxInputPixels = Number(process.env.MAX_INPUT_PIXELS ?? DEFAULT_MAX_INPUT_PIXELS);
        const expireAfterDays = Number(process.env.EXPIRE_AFTER_DAYS ?? 0);
        const result: ThumbnailResult = { created: [], skipped: [], superseded: [] };
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
                    const createdAt = record.eventTime;
                    const recorded = await putRecord(records, table, {
                        bucket,
                        sourceKey: key,
                        sourceSize: record.s3.object.size ?? 0,
                        sourceETag: record.s3.object.eTag ?? "",
                        thumbnailBucket: destination,
                        thumbnailKey: target,
                        size: thumbnail.body.length,
                        width: thumbnail.width,
                        height: thumbnail.height,
                        format: thumbnail.format,
                        createdAt,
                        sequencer: paddedSequencer(record.s3.object.sequencer),
                        ...(expireAfterDays > 0
                            ? { expiresAt: Math.floor(Date.parse(createdAt) / 1000) + expireAfterDays * DAY_SECONDS }
                            : {}),
                    });
                    if (!recorded) result.superseded.push(key);
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
        log("INFO", "thumbnails created", {
            created: result.created.length,
            skipped: result.skipped.length,
            superseded: result.superseded.length,
        });
        return result;
    };
}

export const handler = createHandler();
