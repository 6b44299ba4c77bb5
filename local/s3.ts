import { EventEmitter } from "events";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import S3rver from "s3rver";

export interface LocalS3 {
    /** `http://127.0.0.1:<port>` */
    endpoint: string;
    /** S3 event notifications of objects created, in the shape S3 sends them to Lambda. */
    onObjectCreated(listener: (event: unknown) => void): void;
    stop(): Promise<void>;
}

/** A throwaway S3-compatible server (s3rver) on a loopback port, with the given buckets; its files removed on stop. */
export async function startS3Server(buckets: string[], port = 0): Promise<LocalS3> {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "paas-s3-"));
    const server = new S3rver({
        port,
        address: "127.0.0.1",
        silent: true,
        directory,
        configureBuckets: buckets.map((name) => ({ name, configs: [] })),
    });
    const info = await server.run();
    return {
        endpoint: `http://127.0.0.1:${info.port}`,
        // s3rver emits S3's notification events (it is an EventEmitter; its type declarations omit that).
        onObjectCreated: (listener) =>
            (server as unknown as EventEmitter).on("event", (event: { Records: { eventName: string }[] }) => {
                if (event.Records?.some((r) => r.eventName.startsWith("ObjectCreated"))) listener(event);
            }),
        async stop() {
            await server.close();
            fs.rmSync(directory, { recursive: true, force: true });
        },
    };
}
