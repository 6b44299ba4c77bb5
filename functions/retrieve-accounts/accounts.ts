import type { RowDataPacket } from "mysql2/promise";
import { ACCOUNTS_TABLE, Account } from "../shared/accounts-table";
import { Database } from "../shared/database";
import { Page } from "./request";

export interface AccountsPage {
    accounts: Account[];
    /** Rows in the table; undefined when the page is past the end (no row carried the count). */
    total?: number;
}

type AccountRow = RowDataPacket & { id: number; name: string; email: string; created_at: Date; total: number };

/**
 * One page of accounts by id, with the table's row count, in a single round trip. A table not created
 * yet (seed-db has not run) is an empty list, not an error.
 */
export async function listAccounts(database: Database, page: Page): Promise<AccountsPage> {
    return database.run(async (connection) => {
        const [rows] = await connection.query<AccountRow[]>(
            `SELECT id, name, email, created_at, COUNT(*) OVER () AS total FROM ${ACCOUNTS_TABLE} ORDER BY id LIMIT ? OFFSET ?`,
            [page.limit, page.offset],
        ).catch((error) => {
            if ((error as { code?: string }).code === "ER_NO_SUCH_TABLE") return [[] as AccountRow[]] as const;
            throw error;
        });
        return {
            accounts: rows.map((r) => ({ id: r.id, name: r.name, email: r.email, createdAt: r.created_at })),
            total: rows.length > 0 ? Number(rows[0].total) : undefined,
        };
    });
}
