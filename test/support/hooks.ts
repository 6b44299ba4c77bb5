import { MysqlServer, startMysqlServer } from "../../local/mariadb";

// The functions log JSON lines; tests that care capture them (see captureLogs), the rest stay quiet.
process.env.LOG_LEVEL ??= "SILENT";

let server: MysqlServer | undefined;

/**
 * Mocha global fixtures (run once, in the main process, before any worker starts): one throwaway MariaDB
 * for the whole run, handed to the workers as `MYSQL_URL`, unless one is given that way already. Each
 * suite makes a database and a user of its own on it (see createTestDatabase).
 */
export async function mochaGlobalSetup(): Promise<void> {
    if (process.env.MYSQL_URL) return;
    server = await startMysqlServer();
    const { user, password, host, port } = server;
    process.env.MYSQL_URL = `mysql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}`;
}

export async function mochaGlobalTeardown(): Promise<void> {
    if (!server) return;
    delete process.env.MYSQL_URL;
    await server.stop();
}
