/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run. Prints Markdown.
 */
import * as os from "os";
import { startMysqlServer } from "../local/mariadb";
import { benchApi } from "./api";
import { benchFunctions } from "./functions";
import { benchLocal } from "./local";
import { benchThumbnails } from "./thumbnails";

async function main(): Promise<void> {
    const server = await startMysqlServer();
    try {
        console.log(
            `# Benchmarks (${new Date().toISOString().slice(0, 10)}, Node.js ${process.version}, ${os.cpus().length} cores)\n`,
        );
        const only = process.argv[2];
        if (!only || only === "functions") console.log(await benchFunctions(server), "\n");
        if (!only || only === "api") console.log(await benchApi(server), "\n");
        if (!only || only === "local") console.log(await benchLocal(), "\n");
        if (!only || only === "thumbnails") console.log(await benchThumbnails(), "\n");
    } finally {
        await server.stop();
    }
}

main().then(
    () => process.exit(0),
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
