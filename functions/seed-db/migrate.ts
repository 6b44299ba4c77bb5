import type { PoolConnection, RowDataPacket } from "mysql2/promise";
import { log } from "../shared/log";
import { Migration, migrationChecksum } from "./migrations";

export const MIGRATIONS_TABLE = "schema_migrations";
/** One migrator at a time per database (concurrent deploys or retries wait for each other). */
const LOCK = "paas_schema_migrations";
const LOCK_TIMEOUT_SECONDS = 30;

export interface MigrationResult {
    /** The schema version after the run. */
    schemaVersion: number;
    /** The versions this run applied (empty when the database was up to date). */
    applied: number[];
}

/** A migration recorded as applied whose statements differ from the shipped one. */
export class MigrationChangedError extends Error {
    constructor(readonly version: number) {
        super(`migration ${version} changed after it was applied; ship the change as a new migration`);
        this.name = "MigrationChangedError";
    }
}

/**
 * Applies the migrations the database has not recorded, in version order, under a named lock, recording each
 * (version, name, checksum) after its statements succeed. Idempotent: a second run applies nothing.
 */
export async function applyMigrations(
    connection: PoolConnection,
    migrations: readonly Migration[],
): Promise<MigrationResult> {
    const [[{ locked }]] = await connection.query<(RowDataPacket & { locked: number | null })[]>(
        "SELECT GET_LOCK(?, ?) AS locked",
        [LOCK, LOCK_TIMEOUT_SECONDS],
    );
    if (locked !== 1) throw new Error(`another migration run held the ${LOCK} lock for ${LOCK_TIMEOUT_SECONDS} s`);
    try {
        await connection.query(`
            CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
                version    INT UNSIGNED NOT NULL,
                name       VARCHAR(255) NOT NULL,
                checksum   CHAR(64)     NOT NULL,
                applied_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                PRIMARY KEY (version)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
        const [rows] = await connection.query<(RowDataPacket & { version: number; checksum: string })[]>(
            `SELECT version, checksum FROM ${MIGRATIONS_TABLE}`,
        );
        const recorded = new Map(rows.map((r) => [Number(r.version), r.checksum]));
        const applied: number[] = [];
        for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
            const checksum = migrationChecksum(migration);
            const known = recorded.get(migration.version);
            if (known !== undefined) {
                if (known !== checksum) throw new MigrationChangedError(migration.version);
                continue;
            }
            for (const statement of migration.statements) await connection.query(statement);
            await connection.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, checksum) VALUES (?, ?, ?)`, [
                migration.version,
                migration.name,
                checksum,
            ]);
            log("INFO", "migration applied", { version: migration.version, name: migration.name });
            applied.push(migration.version);
        }
        const schemaVersion = Math.max(0, ...recorded.keys(), ...applied);
        return { schemaVersion, applied };
    } finally {
        await connection.query("SELECT RELEASE_LOCK(?)", [LOCK]);
    }
}
