/**
 * `npm start`: the dev environment on this machine. PORT (default 3000), STACK (default dev), MYSQL_URL
 * (a server to use instead of a throwaway MariaDB). Ctrl-C stops everything it started.
 */
import { startLocalEnvironment } from "./environment";

async function main(): Promise<void> {
    process.env.LOG_LEVEL ??= "WARN"; // the functions' JSON logs: warnings and errors only
    const env = await startLocalEnvironment({
        stack: process.env.STACK ?? "dev",
        port: Number(process.env.PORT ?? 3000),
    });
    console.log(
        `Database "${env.database.name}" on ${env.database.host}:${env.database.port}, seeded: ${JSON.stringify(env.seedResult)}`,
    );
    console.log("Accounts page (the REST API's GET /, as deployed):");
    console.log(env.url);
    const { endpoint, uploadsBucket, thumbnailsBucket } = env.s3;
    console.log(
        `Thumbnails: upload an image to the "${uploadsBucket}" bucket of the local S3 server at ${endpoint}, e.g.`,
    );
    console.log(`  curl -X PUT --data-binary @photo.jpg ${endpoint}/${uploadsBucket}/photo.jpg`);
    console.log(
        `  AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER aws --endpoint-url ${endpoint} s3 cp photo.jpg s3://${uploadsBucket}/`,
    );
    console.log(`and its thumbnail appears at ${endpoint}/${thumbnailsBucket}/resized-photo.jpg`);
    console.log("Ctrl-C stops everything.");

    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: stopping`);
        env.stop().then(
            () => process.exit(0),
            (error) => {
                console.error(error);
                process.exit(1);
            },
        );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
