/** The events AWS services send to functions, as the local stand-ins make them. */
import { randomUUID } from "crypto";
import { urlEncode } from "./vtl";

/**
 * S3's notification for one record, with the object key URL-encoded as S3 sends it (form encoding: a space
 * is `+`, `+` is `%2B`, `%` is `%25`; `/` stays): the local S3 server sends the raw key. AWS documents it:
 * "The s3 key provided in the event notification is URL encoded"
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-s3-tutorial.html, and the S3 event message structure,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 */
export function s3NotificationEvent(record: { s3: { object: { key: string } } }): { Records: unknown[] } {
    const key = urlEncode(record.s3.object.key).replace(/%2F/g, "/");
    return { Records: [{ ...record, s3: { ...record.s3, object: { ...record.s3.object, key } } }] };
}

/** EventBridge's scheduled event, as a rule without a constant input sends it. */
export function scheduledEvent(rule: string, region: string): Record<string, unknown> {
    return {
        version: "0",
        id: randomUUID(),
        "detail-type": "Scheduled Event",
        source: "aws.events",
        account: "000000000000",
        time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        region,
        resources: [`arn:aws:events:${region}:000000000000:rule/${rule}`],
        detail: {},
    };
}
