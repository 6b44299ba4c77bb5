/**
 * `npm start`: a stack on this machine, built from what its program registers (local/environment.ts).
 * Stops cleanly on SIGINT and SIGTERM, and when npm (or the shell) that started it goes away.
 */
import * as fs from "fs";
import * as path from "path";
import { LocalEnvironment, startLocalEnvironment } from "./environment";

export const USAGE = `Usage: npm start -- [--dir <program>] [--stack <name>] [--port <n>] [--quiet]

Runs a Pulumi program's stack on this machine from the resources it registers: its Lambda functions
(hot reloaded on save), REST APIs, S3 notifications, schedules, database, and Lambda's Invoke API.

Options:
  --dir <program>   the Pulumi project's folder (default: this project)
  --stack <name>    the stack whose Pulumi.<name>.yaml config to use (default: dev, or $STACK)
  --port <n>        the local endpoint's port on 127.0.0.1 (default: 3000, or $PORT; 0 picks a free one)
  --quiet           no line per invocation
  --help            this text

Environment: MYSQL_URL (a MySQL server to use instead of a throwaway MariaDB), LOG_LEVEL (the functions' logs).

Examples:
  npm start
  npm start -- --stack staging --port 8080
  npm start -- --dir ../their-program --stack dev
  aws lambda invoke --endpoint-url http://127.0.0.1:3000 --function-name retrieve-accounts out.json`;

export interface StartArgs {
    dir?: string;
    stack: string;
    port: number;
    quiet: boolean;
    help: boolean;
}

/** Parses the command line; an unknown option or a missing value is an error that names it. */
export function parseStartArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): StartArgs {
    const args: StartArgs = {
        stack: env.STACK ?? "dev",
        port: Number(env.PORT ?? 3000),
        quiet: false,
        help: false,
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new Error(`${arg} needs a value\n\n${USAGE}`);
            return v;
        };
        if (arg === "--help" || arg === "-h") args.help = true;
        else if (arg === "--quiet") args.quiet = true;
        else if (arg === "--dir") args.dir = path.resolve(value());
        else if (arg === "--stack") args.stack = value();
        else if (arg === "--port") args.port = Number(value());
        else throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535)
        throw new Error(`--port must be a port number (0-65535), got ${args.port}`);
    return args;
}

function describe(env: LocalEnvironment): string[] {
    const lines: string[] = [];
    for (const [name, db] of env.databases) lines.push(`Database "${name}" on ${db.host}:${db.port}`);
    for (const [name, result] of Object.entries(env.invocationResults))
        lines.push(`Ran ${name} (deploy-time invocation): ${JSON.stringify(result)}`);
    for (const api of env.plan.apis) {
        lines.push(
            `REST API ${api.name}: ${api.routes.map((r) => `${r.definition.method} ${r.definition.path}`).join(", ")}`,
        );
        lines.push(`${env.endpoint}/${api.stage}/`);
    }
    lines.push(`Functions (Lambda's Invoke API at ${env.endpoint}, by any of these names):`);
    for (const fn of env.plan.functions)
        lines.push(`  ${[fn.name, ...fn.aliases.filter((a) => !a.startsWith("arn:"))].join(", ")}`);
    lines.push(
        `  e.g. aws lambda invoke --endpoint-url ${env.endpoint} --function-name ${env.plan.functions[0]?.aliases[0] ?? "<name>"} out.json`,
    );
    for (const s of env.plan.schedules)
        lines.push(
            `Schedule ${s.name}: ${s.expression} → ${s.function} (now: curl -X POST ${env.endpoint}/_local/schedules/${s.name})`,
        );
    const { endpoint } = env.s3;
    for (const n of env.plan.notifications) {
        const filter = [
            n.filterPrefix && `prefix ${n.filterPrefix}`,
            n.filterSuffix && `suffix ${n.filterSuffix}`,
        ].filter(Boolean);
        lines.push(
            `Bucket "${n.bucket}" triggers ${n.function}${filter.length ? ` (${filter.join(", ")})` : ""}: upload to the local S3 server, e.g.`,
        );
        lines.push(`  curl -X PUT --data-binary @photo.jpg ${endpoint}/${n.bucket}/${n.filterPrefix ?? ""}photo.jpg`);
        lines.push(
            `  AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER aws --endpoint-url ${endpoint} s3 cp photo.jpg s3://${n.bucket}/`,
        );
        const fn = env.plan.functions.find((f) => f.name === n.function);
        const outputs = Object.values(fn?.environment ?? {}).filter(
            (v) => env.s3.buckets.includes(v) && v !== n.bucket,
        );
        for (const bucket of outputs) lines.push(`and what ${n.function} writes appears in ${endpoint}/${bucket}/`);
    }
    lines.push(`On-failure destination records: ${env.endpoint}/_local/destinations`);
    lines.push("Ctrl-C stops everything.");
    return lines;
}

/**
 * The processes that started this one (the shell, npm): if one goes, so does this environment. npm
 * forwards a signal to its script's shell, not to this process, and a killed npm forwards nothing.
 */
function ancestors(): number[] {
    const pids: number[] = [];
    let pid = process.ppid;
    for (let depth = 0; depth < 3 && pid > 1; depth++) {
        pids.push(pid);
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            pid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        } catch {
            break;
        }
    }
    return pids;
}

async function main(): Promise<void> {
    const args = parseStartArgs(process.argv.slice(2));
    if (args.help) {
        console.log(USAGE);
        return;
    }
    process.env.LOG_LEVEL ??= "WARN"; // the functions' JSON logs: warnings and errors only
    const env = await startLocalEnvironment({
        dir: args.dir,
        stack: args.stack,
        port: args.port,
        log: args.quiet ? () => undefined : (line) => console.log(line),
    });
    for (const line of describe(env)) console.log(line);

    let stopping = false;
    const stop = (reason: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${reason}: stopping`);
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
    process.on("SIGHUP", () => stop("SIGHUP"));
    const parents = ancestors();
    setInterval(() => {
        const gone = parents.find((pid) => {
            try {
                process.kill(pid, 0);
                return false;
            } catch {
                return true;
            }
        });
        if (gone !== undefined) stop(`process ${gone} that started npm start exited`);
    }, 500).unref();
}

if (require.main === module) {
    main().catch((error) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    });
}
