import type { RowDataPacket } from "mysql2/promise";
import { ACCOUNTS_TABLE } from "../shared/accounts-table";
import { Database } from "../shared/database";

export interface AccountsReport {
    total: number;
    /** Accounts whose `created_at` is in [`from`, `to`). */
    created: number;
}

/** Counts the accounts, and those created in [from, to), in one query (one consistent snapshot). */
export async function accountsReport(database: Database, from: Date, to: Date): Promise<AccountsReport> {
    const [[row]] = await database.run((connection) =>
        connection.query<(RowDataPacket & { total: number; created: number | string | null })[]>(
            `SELECT COUNT(*) AS total, COALESCE(SUM(created_at >= ? AND created_at < ?), 0) AS created FROM ${ACCOUNTS_TABLE}`,
            [mysqlTimestamp(from), mysqlTimestamp(to)],
        ),
    );
    return { total: Number(row.total), created: Number(row.created) };
}

/** A UTC instant as a TIMESTAMP literal for a UTC session (`2026-11-27 07:00:00.000`). */
function mysqlTimestamp(at: Date): string {
    return at.toISOString().replace("T", " ").replace("Z", "");
}
