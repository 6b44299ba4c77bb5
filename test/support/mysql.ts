import mysql from "mysql2/promise";
import { AppDatabase, MysqlServer, connectWhenReady, createDatabase, startMysqlServer } from "../../local/mariadb";

let server: Promise<MysqlServer> | undefined;

/**
 * The run's MySQL-compatible server: `MYSQL_URL`, which the global setup (hooks.ts) sets when not given,
 * once it answers (the global setup does not wait for the server it starts).
 */
export function testServer(): Promise<MysqlServer> {
    if (!process.env.MYSQL_URL)
        throw new Error(
            "MYSQL_URL is not set: run the tests through mocha's config, whose global setup (test/support/hooks.ts) starts the server",
        );
    server ??= startMysqlServer().then(async (s) => {
        const admin = { host: s.host, port: s.port, user: s.user, password: s.password };
        await (
            await connectWhenReady(
                admin,
                60_000,
                (error) => `the tests' MySQL server (MYSQL_URL) did not answer within 60 s: ${error.message}`,
            )
        ).end();
        return s;
    });
    return server;
}

/** A database and a user of its own, so suites never see each other's rows. */
export interface TestDatabase extends AppDatabase {
    /** An admin connection to the server, for setting up and inspecting. */
    admin: mysql.Connection;
    drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
    const s = await testServer();
    const admin = await mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password });
    // Per-user connection counts (userConnections), on before the user first connects. MariaDB only.
    await admin.query("SET GLOBAL userstat = 1").catch(() => undefined);
    const db = await createDatabase(s);
    return {
        ...db,
        admin,
        async drop() {
            await admin.query(`DROP DATABASE IF EXISTS \`${db.name}\``);
            await admin.query(`DROP USER IF EXISTS '${db.user}'@'%'`);
            await admin.end();
        },
    };
}

/**
 * Connections a test database's user has opened (MariaDB's user statistics): per user, since other suites
 * use the same server at the same time.
 */
export async function userConnections(admin: mysql.Connection, user: string): Promise<number> {
    const [rows] = await admin
        .query<mysql.RowDataPacket[]>(
            "SELECT TOTAL_CONNECTIONS FROM information_schema.USER_STATISTICS WHERE USER = ?",
            [user],
        )
        .catch((error: Error) => {
            throw new Error(
                `counting connections needs MariaDB's user statistics (information_schema.USER_STATISTICS): ${error.message}`,
            );
        });
    return Number(rows[0]?.TOTAL_CONNECTIONS ?? 0);
}

/** A port on loopback where no server listens, for "database down" cases. */
export const CLOSED_PORT = "1";
