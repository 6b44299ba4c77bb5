import { randomBytes } from "crypto";
import mysql from "mysql2/promise";
import { MysqlServer, startMysqlServer } from "../../local/mariadb";

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
export interface TestDatabase {
    name: string;
    user: string;
    password: string;
    host: string;
    port: number;
    /** An admin connection to the server, for setting up and inspecting. */
    admin: mysql.Connection;
    /** The functions' environment for this database, with a plain password (local mode). */
    env: Record<string, string>;
    drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
    const s = await testServer();
    const suffix = randomBytes(4).toString("hex");
    const name = `accounts_${suffix}`;
    const user = `app_${suffix}`;
    const password = randomBytes(12).toString("hex");
    const admin = await mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password, multipleStatements: false });
    await admin.query(`CREATE DATABASE \`${name}\``);
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY ?`, [password]);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${user}'@'%'`);
    return {
        name, user, password, host: s.host, port: s.port, admin,
        env: { MYSQL_HOST: s.host, MYSQL_PORT: String(s.port), MYSQL_USER: user, MYSQL_DATABASE: name, MYSQL_PASSWORD: password, MYSQL_TLS: "off" },
        async drop() {
            await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
            await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
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
