import mysql from "mysql2/promise";
import { AppDatabase, MysqlServer, createDatabase, startMysqlServer } from "../../local/mariadb";

let server: Promise<MysqlServer> | undefined;

/** One MySQL-compatible server for the whole test run (started on first use, stopped by the root hook). */
export function testServer(): Promise<MysqlServer> {
    server ??= startMysqlServer();
    return server;
}

export async function stopTestServer(): Promise<void> {
    const started = server;
    server = undefined;
    await (await started)?.stop();
}

/** A database and a user of its own, so suites never see each other's rows. */
export interface TestDatabase extends AppDatabase {
    /** An admin connection to the server, for setting up and inspecting. */
    admin: mysql.Connection;
    drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
    const s = await testServer();
    const db = await createDatabase(s);
    const admin = await mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password });
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

/** Connections the server has accepted since it started (its `Connections` status counter). */
export async function serverConnections(admin: mysql.Connection): Promise<number> {
    const [rows] = await admin.query<mysql.RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Connections'");
    return Number(rows[0].Value);
}

/** A port on loopback where no server listens, for "database down" cases. */
export const CLOSED_PORT = "1";
