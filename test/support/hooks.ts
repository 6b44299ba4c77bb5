import { stopTestServer } from "./mysql";

// The functions log JSON lines; tests that care capture them (see captureLogs), the rest stay quiet.
process.env.LOG_LEVEL ??= "SILENT";

/** Mocha root hooks: tear down the shared test server after the whole run. */
export const mochaHooks = {
    async afterAll(): Promise<void> {
        await stopTestServer();
    },
};
