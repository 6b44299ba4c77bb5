import { randomBytes } from "crypto";
import { ADMIN_USER, MysqlServer, freePort, startMysqlServer } from "../../local/mariadb";

// The functions log JSON lines; tests that care capture them (see captureLogs), the rest stay quiet.
process.env.LOG_LEVEL ??= "SILENT";

let starting: Promise<MysqlServer> | undefined;

/**
 * Mocha global fixtures (run once, in the main process, before the workers start): one throwaway MariaDB
 * for the whole run, handed to the workers as `MYSQL_URL`, unless one is given that way already. The
 * server starts while the workers load (testServer() waits until it answers). Each suite makes a database
 * and a user of its own on it (see createTestDatabase).
 */
export async function mochaGlobalSetup(): Promise<void> {
    if (process.env.MYSQL_URL) return;
    const [port, password] = [await freePort(), randomBytes(12).toString("hex")];
    starting = startMysqlServer(process.env, { port, password });
    process.env.MYSQL_URL = `mysql://${ADMIN_USER}:${password}@127.0.0.1:${port}`;
    starting.catch((error) => console.error(`The tests' MariaDB did not start: ${error.message}`));
}

export async function mochaGlobalTeardown(): Promise<void> {
    if (!starting) return;
    delete process.env.MYSQL_URL;
    await (await starting.catch(() => undefined))?.stop();
}
