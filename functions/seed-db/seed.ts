import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { ACCOUNTS_TABLE } from "../shared/accounts-table";
import { Database } from "../shared/database";
import { log } from "../shared/log";
import { DEMO_ACCOUNTS } from "./demo-accounts";

export interface SeedSummary {
    table: string;
    /** Demo rows this run inserted; the rest were already there and left untouched. */
    inserted: number;
    unchanged: number;
    /** Rows in the table after the run. */
    total: number;
}

/** Deadlock and lock-wait timeout: the transaction was rolled back and can simply run again. */
const RETRYABLE = new Set(["ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT"]);
const MAX_ATTEMPTS = 5;

/**
 * Inserts the demo rows that are not there yet, in one transaction (the table comes from the migrations).
 * Idempotent: existing rows are never modified (not even their `updated_at`), so any number of runs,
 * sequential or concurrent, leave the same rows.
 */
export async function seedAccounts(database: Database): Promise<SeedSummary> {
    return database.run(async (connection) => {
        let inserted = 0;
        for (let attempt = 1; ; attempt++) {
            try {
                await connection.beginTransaction();
                const [result] = await connection.query<ResultSetHeader>(
                    `INSERT INTO ${ACCOUNTS_TABLE} (id, name, email) VALUES ? ON DUPLICATE KEY UPDATE id = id`,
                    [DEMO_ACCOUNTS.map((a) => [a.id, a.name, a.email])],
                );
                await connection.commit();
                inserted = result.affectedRows; // 1 per inserted row, 0 per row left as it was
                break;
            } catch (error) {
                await connection.rollback().catch(() => undefined);
                const code = (error as { code?: string }).code ?? "";
                if (!RETRYABLE.has(code) || attempt === MAX_ATTEMPTS) throw error;
                log("WARN", "seed transaction rolled back; retrying", { code, attempt });
            }
        }

        const [[{ total }]] = await connection.query<(RowDataPacket & { total: number })[]>(
            `SELECT COUNT(*) AS total FROM ${ACCOUNTS_TABLE}`,
        );
        return {
            table: ACCOUNTS_TABLE,
            inserted,
            unchanged: DEMO_ACCOUNTS.length - inserted,
            total: Number(total),
        };
    });
}
