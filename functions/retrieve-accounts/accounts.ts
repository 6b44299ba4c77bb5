import type { RowDataPacket } from "mysql2/promise";
import { ACCOUNTS_TABLE, Account, isoTimestamp } from "../shared/accounts-table";
import { Database } from "../shared/database";
import { Page } from "./request";

export interface AccountsPage {
    accounts: Account[];
    /** Whether rows follow this page. */
    hasMore: boolean;
}

type AccountRow = RowDataPacket & { id: number; name: string; email: string; created_at: string };

/**
 * One page of accounts by id, in a single round trip. One row more than the page is read to tell whether
 * another page follows, rather than counting the table, which would cost a scan of it on every page.
 * A table not created yet (seed-db has not run) is an empty list, not an error.
 */
export async function listAccounts(database: Database, page: Page): Promise<AccountsPage> {
    return database.run(async (connection) => {
        const [rows] = await connection
            .query<AccountRow[]>(
                `SELECT id, name, email, created_at FROM ${ACCOUNTS_TABLE} ORDER BY id LIMIT ? OFFSET ?`,
                [page.limit + 1, page.offset],
            )
            .catch((error) => {
                if ((error as { code?: string }).code === "ER_NO_SUCH_TABLE") return [[] as AccountRow[]] as const;
                throw error;
            });
        const shown = rows.slice(0, page.limit);
        return {
            accounts: shown.map((r) => ({
                id: r.id,
                name: r.name,
                email: r.email,
                createdAt: isoTimestamp(r.created_at),
            })),
            hasMore: rows.length > page.limit,
        };
    });
}
