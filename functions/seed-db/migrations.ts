import { createHash } from "crypto";
import { CREATE_ACCOUNTS_TABLE } from "../shared/accounts-table";

/**
 * One schema change. Versions only grow; a migration, once shipped, never changes (its checksum is recorded
 * and checked): a further change is a new migration. Statements must be idempotent (`IF NOT EXISTS`), since
 * MySQL commits DDL on its own and a run that fails halfway is simply run again.
 */
export interface Migration {
    version: number;
    name: string;
    statements: readonly string[];
}

/** The schema, in order. Pure data: the deployment digests it to know when seeding must run again. */
export const MIGRATIONS: readonly Migration[] = [
    { version: 1, name: "create the accounts table", statements: [CREATE_ACCOUNTS_TABLE] },
];

export function migrationChecksum(migration: Migration): string {
    return createHash("sha256")
        .update(JSON.stringify([migration.version, migration.statements]))
        .digest("hex");
}

/** A digest of every migration: changes exactly when one is added (or, wrongly, edited). */
export function migrationsDigest(migrations: readonly Migration[] = MIGRATIONS): string {
    return createHash("sha256").update(migrations.map(migrationChecksum).join("\n")).digest("hex").slice(0, 16);
}
