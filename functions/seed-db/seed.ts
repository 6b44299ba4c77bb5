import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { ACCOUNTS_TABLE, CREATE_ACCOUNTS_TABLE } from "../shared/accounts-table";
import { Database } from "../shared/database";
import { log } from "../shared/log";
import { DEMO_ACCOUNTS } from "./demo-accounts";

export interface SeedSummary {
    table: string;
    /** Whether this run created the table (false when it already existed). */
    tableCreated: boolean;
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
 * Creates the accounts table if missing and inserts the demo rows that are not there yet, in one
 * transaction. Idempotent: existing rows are never modified (not even their `updated_at`), so any number
 * of runs, sequential or concurrent, leave the same rows.
 */
export async function seedAccounts(database: Database): Promise<SeedSummary> {
    return database.run(async (connection) => {
        const [created] = await connection.query<ResultSetHeader>(CREATE_ACCOUNTS_TABLE);
        const tableCreated = created.warningStatus === 0; // "table already exists" is a warning

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
            tableCreated,
            inserted,
            unchanged: DEMO_ACCOUNTS.length - inserted,
            total: Number(total),
        };
    });
}
