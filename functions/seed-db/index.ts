/**
 * seed-db: brings the database's schema up to date (versioned, idempotent migrations) and, only when the
 * event asks (`demoData: true`, which the deployment sets from stack config), loads the demo rows.
 * Invoked by the deployment (aws.lambda.Invocation) and safe to invoke again at any time.
 */
import { Database } from "../shared/database";
import { publicHandler } from "../shared/handler";
import { applyMigrations } from "./migrate";
import { MIGRATIONS } from "./migrations";
import { SeedSummary, seedAccounts } from "./seed";

export interface SeedEvent {
    /** Who invoked it (`deployment`, `local`); logged only. */
    source?: string;
    /** Load the demo accounts. Never by default: production data is not demo data. */
    demoData?: boolean;
}

export interface SeedResult {
    /** The schema version after the run. */
    schemaVersion: number;
    /** The migrations this run applied. */
    migrationsApplied: number[];
    /** The demo rows, when asked for. */
    demoData?: SeedSummary;
}

export function createHandler(database: Database) {
    return publicHandler(async (event: SeedEvent | undefined): Promise<SeedResult> => {
        const migrations = await database.run((connection) => applyMigrations(connection, MIGRATIONS));
        const result: SeedResult = {
            schemaVersion: migrations.schemaVersion,
            migrationsApplied: migrations.applied,
        };
        if (event?.demoData === true) result.demoData = await seedAccounts(database);
        return result;
    });
}

// Module scope: the pool outlives the invocation and is reused while the container is warm.
export const handler = createHandler(Database.fromEnvironment());
