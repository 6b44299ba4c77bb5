/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run. Prints Markdown.
 */
import { startMysqlServer } from "../local/mariadb";
import { benchFunctions } from "./functions";

async function main(): Promise<void> {
    const server = await startMysqlServer();
    try {
        console.log(`# Benchmarks (${new Date().toISOString().slice(0, 10)}, Node.js ${process.version}, ${require("os").cpus().length} cores)\n`);
        console.log(await benchFunctions(server));
    } finally {
        await server.stop();
    }
}

main().then(() => process.exit(0), (error) => {
    console.error(error);
    process.exit(1);
});
