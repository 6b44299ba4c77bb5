import { S3Client } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { startS3Server } from "../../local/s3";

export { startS3Server };
export type { LocalS3 } from "../../local/s3";

/** A client for a local S3-compatible server (path-style, any credentials). */
export function localS3Client(endpoint: string): S3Client {
    return new S3Client({
        endpoint,
        forcePathStyle: true,
        region: "us-east-1",
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
}

/** An object key as S3 event notifications carry it: URL-encoded, spaces as `+`. */
export function eventKey(key: string): string {
    return encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/");
}

/** An S3 "object created" event, in the shape S3 sends to Lambda. */
export function objectCreatedEvent(bucket: string, keys: string[]): S3Event {
    return {
        Records: keys.map((key, i) => ({
            eventVersion: "2.1",
            eventSource: "aws:s3",
            awsRegion: "eu-west-1",
            eventTime: new Date().toISOString(),
            eventName: "ObjectCreated:Put",
            userIdentity: { principalId: "AWS:AIDAEXAMPLE" },
            requestParameters: { sourceIPAddress: "192.0.2.1" },
            responseElements: { "x-amz-request-id": `REQ${i}`, "x-amz-id-2": "id2" },
            s3: {
                s3SchemaVersion: "1.0",
                configurationId: "thumbnails",
                bucket: { name: bucket, ownerIdentity: { principalId: "A1EXAMPLE" }, arn: `arn:aws:s3:::${bucket}` },
                object: { key: eventKey(key), size: 1, eTag: "0123456789abcdef", sequencer: `0A1B2C3D4E5F${i}` },
            },
        })),
    };
}
