/**
 * `npm start`: a stack on this machine, built from what its program registers (local/environment.ts; see
 * SPEC, or `npm start -- --help`). Stops cleanly on SIGINT and SIGTERM, and when npm (or the shell) that
 * started it goes away.
 */
import * as fs from "fs";
import * as path from "path";
import { CommandSpec, UsageError, command, runAsScript } from "../tools/cli";
import { LocalEnvironment, startLocalEnvironment } from "./environment";

export const SPEC: CommandSpec = {
    command: "npm start --",
    summary:
        "Runs a Pulumi program's stack on this machine from the resources it registers: its Lambda functions (hot " +
        "reloaded on save), REST APIs, S3 notifications, schedules and database (a throwaway MariaDB, or MYSQL_URL), " +
        "with Lambda's Invoke API on the same port. Ctrl-C stops and removes everything it started.",
    options: {
        dir: {
            type: "string",
            placeholder: "<program>",
            description: "The Pulumi program's folder (default: this project).",
        },
        stack: {
            type: "string",
            placeholder: "<name>",
            description: "The stack whose config to use (default: $STACK, else dev).",
        },
        port: {
            type: "string",
            placeholder: "<port>",
            description: "The local endpoint's port on 127.0.0.1, 0 for any free one (default: $PORT, else 3000).",
        },
        quiet: { type: "boolean", description: "No line per invocation." },
    },
    environment: {
        STACK: "The stack, when --stack is not given.",
        PORT: "The port, when --port is not given.",
        MYSQL_URL: "mysql://user:password@host:port: use that server instead of a throwaway MariaDB.",
        LOG_LEVEL: "The functions' log level (default WARN).",
    },
    examples: [
        "npm start",
        "npm start -- --stack staging --port 8080 --quiet",
        "npm start -- --dir ../their-program --stack dev",
        "aws lambda invoke --endpoint-url http://127.0.0.1:3000 --function-name retrieve-accounts out.json",
        "MYSQL_URL=mysql://root:pw@127.0.0.1:3306 npm start",
    ],
};

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
    lines.push(...accessLines(env));
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
    if (env.dynamodb)
        lines.push(
            `DynamoDB tables ${env.plan.tables.map((t) => t.name).join(", ")} at ${env.dynamodb.endpoint}, e.g.`,
            `  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --endpoint-url ${env.dynamodb.endpoint} --region eu-west-1 dynamodb scan --table-name ${env.plan.tables[0].name}`,
        );
    lines.push(`On-failure destination records: ${env.endpoint}/_local/destinations`);
    lines.push("Ctrl-C stops everything.");
    return lines;
}

/** How to call the protected routes: a token from each user pool, and each API key (local values are not secret). */
function accessLines(env: LocalEnvironment): string[] {
    const lines: string[] = [];
    const routes = (auth: string) =>
        env.plan.apis.flatMap((api) =>
            api.routes
                .filter((r) => r.definition.auth === auth)
                .map((r) => ({ api, r, url: `${env.endpoint}/${api.stage}${r.definition.path}` })),
        );
    for (const id of env.userPools?.ids ?? []) {
        const protectedRoutes = routes("cognito").filter(({ r }) => r.userPools?.includes(id));
        lines.push(
            `Cognito user pool ${id} (${protectedRoutes.map(({ r }) => `${r.definition.method} ${r.definition.path}`).join(", ")}): ` +
                "an ID token for any username (no password locally), sent as the Authorization header:",
        );
        lines.push(
            `  TOKEN=$(curl -s -X POST ${env.endpoint}/_local/cognito/${id}/token -d '{"username":"ada@example.com"}' | jq -r .AuthenticationResult.IdToken)`,
        );
        if (protectedRoutes[0]) lines.push(`  curl -H "Authorization: $TOKEN" ${protectedRoutes[0].url}`);
        lines.push(`  issuer ${env.userPools!.issuer(id)}, keys at ${env.userPools!.issuer(id)}/.well-known/jwks.json`);
    }
    const keyed = routes("apiKey");
    for (const key of env.apiKeys) {
        const plan = env.plan.apis.flatMap((a) => a.usagePlans).find((p) => p.keys.some((k) => k.name === key.name));
        const limits = [
            plan?.quota && `${plan.quota.limit} requests per ${plan.quota.period.toLowerCase()}`,
            plan?.throttle && `${plan.throttle.rateLimit}/s, bursts of ${plan.throttle.burstLimit}`,
        ].filter(Boolean);
        lines.push(`API key ${key.name} (${limits.join(", ")}), sent as x-api-key: ${key.value}`);
        if (keyed[0]) lines.push(`  curl -H "x-api-key: ${key.value}" ${keyed[0].url}`);
        if (key.secrets[0])
            lines.push(
                `  or read as deployed: aws secretsmanager get-secret-value --endpoint-url ${env.endpoint} --secret-id ${key.secrets[0]} --query SecretString --output text`,
            );
    }
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

export const main = command(SPEC, async ({ values }) => {
    const stack = (values.stack as string | undefined) ?? process.env.STACK ?? "dev";
    const portText = (values.port as string | undefined) ?? process.env.PORT ?? "3000";
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port: got "${portText}". Fix: give a port number from 0 to 65535.`);
    }
    const dir = values.dir as string | undefined;
    process.env.LOG_LEVEL ??= "WARN"; // the functions' JSON logs: warnings and errors only

    // Listening from the start: a signal (or npm going away) while the environment is still starting stops
    // it as soon as it has started, so nothing it started (MariaDB, the S3 server) is left behind.
    const started: { env?: LocalEnvironment } = {};
    let stopping: string | undefined;
    const stop = (reason: string) => {
        if (stopping) return;
        stopping = reason;
        console.log(`\n${reason}: stopping`);
        if (!started.env) return; // still starting: stopped once started, below
        started.env.stop().then(
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

    const env = await startLocalEnvironment({
        dir: dir === undefined ? undefined : path.resolve(dir),
        stack,
        port,
        log: values.quiet ? () => undefined : (line) => console.log(line),
    });
    started.env = env;
    if (stopping) {
        await env.stop();
        return 0;
    }
    for (const line of describe(env)) console.log(line);
    return new Promise<number>(() => undefined); // runs until a signal stops it
});

if (require.main === module) runAsScript(main, 1);
