import * as assert from "assert/strict";
import { DynamoDBClient, GetItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { createHandler, objectKey } from "../../functions/thumbnail";
import { paddedSequencer } from "../../functions/thumbnail/record";
import { recordKeySchema } from "../../functions/thumbnail/record-key";
import { LocalDynamoDb, startDynamoDb } from "../../local/dynamodb";
import { withEnv } from "../support/env";
import { LocalS3, localS3Client, objectCreatedEvent, startS3Server } from "../support/s3";

const SOURCE = "photos";
const DESTINATION = "thumbnails";
const TABLE = "records";

const jpeg = (width: number, height: number, orientation?: number) => {
    const image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg();
    return (orientation ? image.withMetadata({ orientation }) : image).toBuffer();
};

describe("thumbnail", () => {
    let s3: LocalS3;
    let dynamo: LocalDynamoDb;
    let client: S3Client;
    let records: DynamoDBClient;
    let handler: ReturnType<typeof createHandler>;
    withEnv(() => ({ DESTINATION_BUCKET: DESTINATION, RECORDS_TABLE: TABLE, MAX_DIMENSION: "1024" }));
    before(async () => {
        [s3, dynamo] = await Promise.all([
            startS3Server([SOURCE, DESTINATION]),
            startDynamoDb([{ name: TABLE, ...recordKeySchema() }]),
        ]);
        client = localS3Client(s3.endpoint);
        records = new DynamoDBClient({
            endpoint: dynamo.endpoint,
            region: "us-east-1",
            credentials: { accessKeyId: "local", secretAccessKey: "local" },
        });
        handler = createHandler(client, records);
    });
    after(async () => {
        records.destroy();
        await Promise.all([s3.stop(), dynamo.stop()]);
    });
    const record = async (key: string) =>
        (
            await records.send(
                new GetItemCommand({ TableName: TABLE, Key: { bucket: { S: SOURCE }, sourceKey: { S: key } } }),
            )
        ).Item;
    /** The event for one object, with the sequencer S3 gave it. */
    const eventFor = (key: string, sequencer: string) => {
        const event = objectCreatedEvent(SOURCE, [key]);
        event.Records[0].s3.object.sequencer = sequencer;
        event.Records[0].eventTime = "2026-11-27T08:00:00.000Z";
        return event;
    };

    const put = (key: string, body: Buffer) =>
        client.send(new PutObjectCommand({ Bucket: SOURCE, Key: key, Body: body }));
    const thumbnail = async (key: string) => {
        const object = await client.send(new GetObjectCommand({ Bucket: DESTINATION, Key: `resized-${key}` }));
        const body = Buffer.from(await object.Body!.transformToByteArray());
        return { contentType: object.ContentType, body, meta: await sharp(body).metadata() };
    };
    const destinationKeys = async () =>
        ((await client.send(new ListObjectsV2Command({ Bucket: DESTINATION }))).Contents ?? []).map((o) => o.Key);

    it("halves a JPEG, keeping its format", async () => {
        await put("beach.jpg", await jpeg(800, 600));
        const result = await handler(objectCreatedEvent(SOURCE, ["beach.jpg"]));
        assert.deepEqual(result.created, [{ source: "beach.jpg", key: "resized-beach.jpg", width: 400, height: 300 }]);
        const t = await thumbnail("beach.jpg");
        assert.equal(t.contentType, "image/jpeg");
        assert.deepEqual([t.meta.format, t.meta.width, t.meta.height], ["jpeg", 400, 300]);
    });

    it("records the thumbnail: source and thumbnail keys, sizes, dimensions, format, time", async () => {
        const image = await jpeg(640, 480);
        await put("records/cat.jpg", image);
        const event = eventFor("records/cat.jpg", "0055B1A2");
        event.Records[0].s3.object.size = image.length;
        await handler(event);
        const t = await thumbnail("records/cat.jpg");
        assert.deepEqual(await record("records/cat.jpg"), {
            bucket: { S: SOURCE },
            sourceKey: { S: "records/cat.jpg" },
            sourceSize: { N: String(image.length) },
            sourceETag: { S: "0123456789abcdef" },
            thumbnailBucket: { S: DESTINATION },
            thumbnailKey: { S: "resized-records/cat.jpg" },
            size: { N: String(t.body.length) },
            width: { N: "320" },
            height: { N: "240" },
            format: { S: "jpeg" },
            createdAt: { S: "2026-11-27T08:00:00.000Z" },
            sequencer: { S: paddedSequencer("0055B1A2") },
        });
    });

    it("leaves one item for a retried event, and never lets an overwritten object's older event replace it", async () => {
        await put("again.jpg", await jpeg(100, 100));
        await handler(eventFor("again.jpg", "0055B1A2"));
        const retried = await handler(eventFor("again.jpg", "0055B1A2"));
        assert.deepEqual(retried.superseded, []);
        // Overwritten with a larger image: a later sequencer (longer, so compared after zero-padding).
        await put("again.jpg", await jpeg(200, 100));
        await handler(eventFor("again.jpg", "0055B1A2FF"));
        const late = await handler(eventFor("again.jpg", "0055B1A2"));
        assert.deepEqual(late.superseded, ["again.jpg"]);
        const items = (await records.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
        assert.deepEqual(
            items.filter((i) => i.sourceKey.S === "again.jpg").map((i) => [i.width.N, i.sequencer.S]),
            [["100", paddedSequencer("0055B1A2FF")]],
        );
    });

    it("sets the item's expiry with the thumbnails bucket's, when it has one", async () => {
        process.env.EXPIRE_AFTER_DAYS = "2";
        try {
            await put("expiring.jpg", await jpeg(40, 40));
            await handler(eventFor("expiring.jpg", "01"));
            assert.equal(
                (await record("expiring.jpg"))?.expiresAt.N,
                String(Date.parse("2026-11-29T08:00:00Z") / 1000),
            );
        } finally {
            delete process.env.EXPIRE_AFTER_DAYS;
        }
    });

    it("keeps a PNG's alpha channel", async () => {
        await put(
            "logo.png",
            await sharp({
                create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } },
            })
                .png()
                .toBuffer(),
        );
        await handler(objectCreatedEvent(SOURCE, ["logo.png"]));
        const t = await thumbnail("logo.png");
        assert.equal(t.contentType, "image/png");
        assert.deepEqual([t.meta.format, t.meta.width, t.meta.height, t.meta.hasAlpha], ["png", 150, 100, true]);
    });

    it("keeps WebP, and caps the longer side at MAX_DIMENSION", async () => {
        await put(
            "wide.webp",
            await sharp({ create: { width: 2400, height: 600, channels: 3, background: "#336699" } })
                .webp()
                .toBuffer(),
        );
        await handler(objectCreatedEvent(SOURCE, ["wide.webp"]));
        const t = await thumbnail("wide.webp");
        assert.deepEqual([t.contentType, t.meta.width, t.meta.height], ["image/webp", 1024, 256]);
    });

    it("applies EXIF orientation: a sideways photo comes out upright", async () => {
        await put("rotated.jpg", await jpeg(400, 200, 6)); // stored landscape, displayed portrait
        await handler(objectCreatedEvent(SOURCE, ["rotated.jpg"]));
        const t = await thumbnail("rotated.jpg");
        assert.deepEqual([t.meta.width, t.meta.height], [100, 200]);
        assert.ok((t.meta.orientation ?? 1) === 1, "the thumbnail must not be rotated again by viewers");
    });

    for (const key of ["summer 2026/my photo.jpg", "a+b=c.jpg", "été/東京 夜.jpg"]) {
        it(`decodes the event's key ${JSON.stringify(key)}`, async () => {
            await put(key, await jpeg(64, 32));
            const result = await handler(objectCreatedEvent(SOURCE, [key]));
            assert.equal(result.created[0].key, `resized-${key}`);
            assert.equal((await thumbnail(key)).meta.width, 32);
        });
    }

    it("decodes keys as S3 encodes them", () => {
        assert.equal(objectKey("summer+2026/my+photo.jpg"), "summer 2026/my photo.jpg");
        assert.equal(objectKey("a%2Bb%3Dc.jpg"), "a+b=c.jpg");
        assert.equal(objectKey("%C3%A9t%C3%A9/%E6%9D%B1%E4%BA%AC.jpg"), "été/東京.jpg");
    });

    it("skips the thumbnails it wrote itself, so a shared bucket cannot loop", async () => {
        const result = await handler(objectCreatedEvent(SOURCE, ["resized-beach.jpg"]));
        assert.deepEqual(result, { created: [], skipped: ["resized-beach.jpg"], superseded: [] });
    });

    for (const [label, key, body] of [
        ["a non-image", "notes.jpg", Buffer.from("these are not pixels")],
        ["a truncated JPEG", "broken.jpg", null],
    ] as const) {
        it(`fails on ${label} with a clear error, writing nothing`, async () => {
            const content = body ?? (await jpeg(300, 300)).subarray(0, 400);
            await put(key, content);
            const before = await destinationKeys();
            await assert.rejects(
                handler(objectCreatedEvent(SOURCE, [key])),
                new RegExp(`^Error: \\[422\\] 1 of 1 object\\(s\\) failed: ${key}: not a supported image`),
            );
            assert.deepEqual(await destinationKeys(), before);
        });
    }

    it("bounds huge images by pixel count instead of running out of memory", async () => {
        process.env.MAX_INPUT_PIXELS = "10000";
        try {
            await put(
                "huge.png",
                await sharp({ create: { width: 200, height: 100, channels: 3, background: "#000" } })
                    .png()
                    .toBuffer(),
            );
            await assert.rejects(
                handler(objectCreatedEvent(SOURCE, ["huge.png"])),
                /huge\.png: not a supported image.*pixel limit/,
            );
        } finally {
            delete process.env.MAX_INPUT_PIXELS;
        }
    });

    it("processes every good record of an event, and still fails for the bad one", async () => {
        await put("one.jpg", await jpeg(100, 100));
        await put("two.jpg", await jpeg(200, 100));
        await put("bad.jpg", Buffer.from("nope"));
        const error = await handler(objectCreatedEvent(SOURCE, ["one.jpg", "bad.jpg", "two.jpg"])).then(
            () => undefined,
            (e: Error) => e,
        );
        assert.match(String(error?.message), /^\[422\] 1 of 3 object\(s\) failed: bad\.jpg: /);
        assert.equal((await thumbnail("one.jpg")).meta.width, 50);
        assert.equal((await thumbnail("two.jpg")).meta.width, 100);
        assert.ok(!(await destinationKeys()).includes("resized-bad.jpg"));
        assert.equal(await record("bad.jpg"), undefined);
    });

    it("uses the SDK's default configuration: AWS_ENDPOINT_URL_S3 reaches the local server", async () => {
        Object.assign(process.env, {
            AWS_ENDPOINT_URL_S3: s3.endpoint,
            AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
            AWS_REGION: "us-east-1",
            AWS_ACCESS_KEY_ID: "S3RVER",
            AWS_SECRET_ACCESS_KEY: "S3RVER",
        });
        for (const key of Object.keys(require.cache))
            if (key.includes("functions/thumbnail")) delete require.cache[key];
        const deployed = require("../../functions/thumbnail").handler as typeof handler;
        await put("default-client.jpg", await jpeg(50, 50));
        const result = await deployed(objectCreatedEvent(SOURCE, ["default-client.jpg"]));
        assert.equal(result.created[0].width, 25);
        assert.equal((await record("default-client.jpg"))?.width.N, "25");
    });
});
