import { ChildProcess, execFile, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import mysql from "mysql2/promise";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

/** A MySQL-compatible server to talk to: where it is, and how to stop it if we started it. */
export interface MysqlServer {
    host: string;
    port: number;
    /** A user allowed to create databases and users. */
    user: string;
    password: string;
    /** Stops the server and removes its files (no-op for a server given through MYSQL_URL). */
    stop(): Promise<void>;
}

/**
 * The server named by `MYSQL_URL` (`mysql://user:password@host:port`), or else a throwaway MariaDB started
 * from the installed binaries: its own data directory and a free loopback port, removed on stop.
 */
export async function startMysqlServer(
    env: NodeJS.ProcessEnv = process.env,
    options: ThrowawayOptions = {},
): Promise<MysqlServer> {
    if (env.MYSQL_URL) {
        const url = new URL(env.MYSQL_URL);
        return {
            host: url.hostname,
            port: Number(url.port || 3306),
            user: decodeURIComponent(url.username),
            password: decodeURIComponent(url.password),
            stop: () => Promise.resolve(),
        };
    }
    return startThrowawayMariaDb(options);
}

export interface ThrowawayOptions {
    /** @default a free loopback port */
    port?: number;
    /** The admin user's password. @default a random one */
    password?: string;
}

export const ADMIN_USER = "paas_admin";

function findBinary(name: string): string {
    for (const dir of [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/usr/local/sbin"]) {
        const candidate = path.join(dir, name);
        if (dir && fs.existsSync(candidate)) return candidate;
    }
    throw new Error(
        `${name} is not installed. Fix: run scripts/ensure-mariadb.sh (installs Debian's mariadb-server), or set MYSQL_URL.`,
    );
}

async function startThrowawayMariaDb(options: ThrowawayOptions): Promise<MysqlServer> {
    const mariadbd = findBinary("mariadbd");
    const installDb = findBinary("mariadb-install-db");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-mariadb-"));
    const datadir = path.join(dir, "data");
    const socket = path.join(dir, "mysqld.sock");
    // Temporary tables in a folder of this server's own: servers bootstrapping at once in the shared /tmp
    // collided on a temporary table's name ("Could not remove temporary table").
    const tmpdir = path.join(dir, "tmp");
    fs.mkdirSync(tmpdir);
    const asUser = process.getuid?.() === 0 ? ["--user=root"] : [];
    await promisify(execFile)(installDb, [
        "--no-defaults",
        `--datadir=${datadir}`,
        `--tmpdir=${tmpdir}`,
        "--auth-root-authentication-method=socket",
        "--skip-test-db",
        ...asUser,
    ]).catch((error: Error & { stderr?: string; stdout?: string }) => {
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`mariadb-install-db failed: ${error.stderr || error.stdout || error.message}`);
    });

    const port = options.port ?? (await freePort());
    const server = spawn(
        mariadbd,
        [
            "--no-defaults",
            ...asUser,
            `--datadir=${datadir}`,
            `--tmpdir=${tmpdir}`,
            `--socket=${socket}`,
            `--port=${port}`,
            "--bind-address=127.0.0.1",
            "--skip-name-resolve",
            "--skip-log-bin",
            `--pid-file=${path.join(dir, "mysqld.pid")}`,
            "--innodb-buffer-pool-size=64M",
            "--innodb-log-file-size=16M",
            "--innodb-flush-log-at-trx-commit=2",
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    server.stderr.on("data", (chunk) => {
        stderr = (stderr + chunk).slice(-4000);
    });
    const stop = () => stopServer(server, dir);

    const password = options.password ?? randomBytes(12).toString("hex");
    try {
        const root = await connectWhenReady(
            { socketPath: socket, user: "root" },
            30_000,
            () => `mariadbd did not accept connections within 30 s: ${stderr}`,
            () => (server.exitCode !== null ? `mariadbd exited with code ${server.exitCode}: ${stderr}` : undefined),
        );
        await root.query(`CREATE USER '${ADMIN_USER}'@'%' IDENTIFIED BY ?`, [password]);
        await root.query(`GRANT ALL PRIVILEGES ON *.* TO '${ADMIN_USER}'@'%' WITH GRANT OPTION`);
        await root.end();
    } catch (error) {
        await stop();
        throw error;
    }
    return { host: "127.0.0.1", port, user: ADMIN_USER, password, stop };
}

export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = net
            .createServer()
            .listen(0, "127.0.0.1", () => {
                const { port } = probe.address() as net.AddressInfo;
                probe.close(() => resolve(port));
            })
            .on("error", reject);
    });
}

/**
 * A connection to a server that may still be starting: retried every 100 ms until it is accepted, or
 * `timeoutMs` passes (then `timedOut` says why), or `gone()` names a reason to stop waiting.
 */
export async function connectWhenReady(
    options: mysql.ConnectionOptions,
    timeoutMs: number,
    timedOut: (error: Error) => string,
    gone: () => string | undefined = () => undefined,
): Promise<mysql.Connection> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const reason = gone();
        if (reason) throw new Error(reason);
        try {
            return await mysql.createConnection(options);
        } catch (error) {
            if (Date.now() > deadline) throw new Error(timedOut(error as Error));
            await new Promise((r) => setTimeout(r, 100));
        }
    }
}

async function stopServer(server: ChildProcess, dir: string): Promise<void> {
    if (server.exitCode === null) {
        const exited = new Promise((r) => server.once("exit", r));
        server.kill("SIGTERM");
        const killed = setTimeout(() => server.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(killed);
    }
    fs.rmSync(dir, { recursive: true, force: true });
}

/** A database with a user of its own on a server. */
export interface AppDatabase {
    name: string;
    user: string;
    password: string;
    host: string;
    port: number;
    /** The functions' environment for this database, in local mode (a plain password, no TLS). */
    env: Record<string, string>;
}

/** Creates a database and a user allowed only on it (names get a random suffix unless given). */
export async function createDatabase(
    server: MysqlServer,
    options: { name?: string; user?: string } = {},
): Promise<AppDatabase> {
    const suffix = randomBytes(4).toString("hex");
    const name = options.name ?? `accounts_${suffix}`;
    const user = options.user ?? `app_${suffix}`;
    const password = randomBytes(12).toString("hex");
    const admin = await mysql.createConnection({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
    });
    try {
        await admin.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``);
        await admin.query(`CREATE OR REPLACE USER '${user}'@'%' IDENTIFIED BY ?`, [password]);
        await admin.query(`GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${user}'@'%'`);
    } finally {
        await admin.end();
    }
    return {
        name,
        user,
        password,
        host: server.host,
        port: server.port,
        env: {
            MYSQL_HOST: server.host,
            MYSQL_PORT: String(server.port),
            MYSQL_USER: user,
            MYSQL_DATABASE: name,
            MYSQL_PASSWORD: password,
            MYSQL_TLS: "off",
        },
    };
}
