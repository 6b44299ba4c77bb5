/**
 * The thumbnail's record in DynamoDB: one item per source object, keyed by its bucket (partition) and key
 * (sort key), so a retried event rewrites the same item and the API lists a bucket's thumbnails with one
 * Query. Written only if no newer event for the object has been recorded (S3's sequencer orders events
 * for one key): an overwritten object's late, older event never replaces the newer record.
 */
import {
    AttributeValue,
    ConditionalCheckFailedException,
    DynamoDBClient,
    PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { RECORD_KEY } from "./record-key";

export { RECORD_KEY };

export interface ThumbnailRecord {
    bucket: string;
    sourceKey: string;
    /** Bytes of the source object, as its event gives them. */
    sourceSize: number;
    sourceETag: string;
    thumbnailBucket: string;
    thumbnailKey: string;
    /** Bytes of the thumbnail. */
    size: number;
    width: number;
    height: number;
    /** `jpeg`, `png` or `webp`. */
    format: string;
    /** When S3 created the source object (the event's time): the same on every retry. */
    createdAt: string;
    /** The event's sequencer, zero-padded so that later events compare greater as strings. */
    sequencer: string;
    /** When DynamoDB may delete the item (epoch seconds), as the thumbnails bucket expires its object. */
    expiresAt?: number;
}

/** Sequencers are hexadecimal of varying length: S3 says to left-pad the shorter with zeros to compare. */
export function paddedSequencer(sequencer: string | number | undefined): string {
    return String(sequencer ?? "")
        .toUpperCase()
        .padStart(32, "0");
}

/** The item, in DynamoDB's typed JSON. */
export function recordItem(record: ThumbnailRecord): Record<string, AttributeValue> {
    const item: Record<string, AttributeValue> = {};
    for (const [name, value] of Object.entries(record) as [string, string | number | undefined][]) {
        if (value === undefined) continue;
        item[name] = typeof value === "number" ? { N: String(value) } : { S: value };
    }
    return item;
}

/** Writes the record; `false` when a newer event for the object is recorded already (nothing written). */
export async function putRecord(client: DynamoDBClient, table: string, record: ThumbnailRecord): Promise<boolean> {
    try {
        await client.send(
            new PutItemCommand({
                TableName: table,
                Item: recordItem(record),
                // The same event again (a retry) rewrites the same item; an older one is refused.
                ConditionExpression: "attribute_not_exists(#sort) OR #sequencer <= :sequencer",
                ExpressionAttributeNames: { "#sort": RECORD_KEY.sort, "#sequencer": "sequencer" },
                ExpressionAttributeValues: { ":sequencer": { S: record.sequencer } },
            }),
        );
        return true;
    } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
    }
}
