/**
 * `npm start`: the dev environment on this machine (see SPEC, or `npm start -- --help`). Ctrl-C stops everything
 * it started.
 */
import { CommandSpec, UsageError, command, runAsScript } from "../tools/cli";
import { startLocalEnvironment } from "./environment";

export const SPEC: CommandSpec = {
    command: "npm start --",
    summary:
        "Runs a stack's environment on this machine: its REST API, functions and buckets, against a throwaway " +
        "MariaDB (or MYSQL_URL), seeded as a deployment seeds it. Ctrl-C stops and removes everything it started.",
    options: {
        stack: {
            type: "string",
            placeholder: "<name>",
            description: "The stack whose config to use (default: $STACK, else dev).",
        },
        port: {
            type: "string",
            placeholder: "<port>",
            description: "The local API's port, 0 for any free one (default: $PORT, else 3000).",
        },
    },
    environment: {
        STACK: "The stack, when --stack is not given.",
        PORT: "The port, when --port is not given.",
        MYSQL_URL: "mysql://user:password@host:port: use that server instead of a throwaway MariaDB.",
        LOG_LEVEL: "The functions' log level (default WARN).",
    },
    examples: [
        "npm start",
        "npm start -- --stack staging --port 8080",
        "MYSQL_URL=mysql://root:pw@127.0.0.1:3306 npm start",
    ],
};

export const main = command(SPEC, async ({ values }) => {
    const stack = (values.stack as string | undefined) ?? process.env.STACK ?? "dev";
    const portText = (values.port as string | undefined) ?? process.env.PORT ?? "3000";
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port: got "${portText}". Fix: give a port number from 0 to 65535.`);
    }
    process.env.LOG_LEVEL ??= "WARN"; // the functions' JSON logs: warnings and errors only
    const env = await startLocalEnvironment({ stack, port });
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
    return new Promise<number>(() => undefined); // runs until a signal stops it
});

if (require.main === module) runAsScript(main, 1);
