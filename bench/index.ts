/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run. Prints Markdown.
 */
import * as os from "os";
import { startMysqlServer } from "../local/mariadb";
import { UsageError, command, runAsScript } from "../tools/cli";
import { benchApi } from "./api";
import { benchFunctions } from "./functions";
import { benchLocal } from "./local";
import { benchRecords } from "./records";
import { benchThumbnails } from "./thumbnails";

const BENCHMARKS = ["functions", "api", "local", "thumbnails", "records"] as const;

export const main = command(
    {
        command: "npm run -s bench --",
        summary:
            "Runs the benchmarks, each against a baseline measured in the same run, and prints the results as " +
            "Markdown (the README's figures). Starts a throwaway MariaDB.",
        options: {},
        positionals: { usage: "[benchmark]", description: `One of ${BENCHMARKS.join(", ")} (default: all).` },
        examples: ["npm run -s bench > bench.md", "npm run -s bench -- api"],
    },
    async ({ positionals }, output) => {
        if (positionals.length > 1) throw new UsageError(`give at most one benchmark, got ${positionals.join(" ")}`);
        const only = positionals[0];
        if (only && !(BENCHMARKS as readonly string[]).includes(only)) {
            throw new UsageError(`no benchmark named "${only}". Fix: use one of ${BENCHMARKS.join(", ")}.`);
        }
        const server = await startMysqlServer();
        try {
            const date = new Date().toISOString().slice(0, 10);
            output.out(`# Benchmarks (${date}, Node.js ${process.version}, ${os.cpus().length} cores)\n`);
            if (!only || only === "functions") output.out(`${await benchFunctions(server)}\n`);
            if (!only || only === "api") output.out(`${await benchApi(server)}\n`);
            if (!only || only === "local") output.out(`${await benchLocal()}\n`);
            if (!only || only === "thumbnails") output.out(`${await benchThumbnails()}\n`);
            if (!only || only === "records") output.out(`${await benchRecords()}\n`);
        } finally {
            await server.stop();
        }
        return 0;
    },
);

if (require.main === module) runAsScript(main, 1);
