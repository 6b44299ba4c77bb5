/** The `accounts` table, shared by the function that creates it and the one that reads it. */
export const ACCOUNTS_TABLE = "accounts";

export const CREATE_ACCOUNTS_TABLE = `
CREATE TABLE IF NOT EXISTS ${ACCOUNTS_TABLE} (
    id         INT UNSIGNED NOT NULL AUTO_INCREMENT,
    name       VARCHAR(255) NOT NULL,
    email      VARCHAR(320) NOT NULL,
    created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY accounts_email_unique (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;

export interface Account {
    id: number;
    name: string;
    email: string;
    /** When the row was created, ISO 8601 in UTC (e.g. `2026-11-21T19:10:19.445Z`). */
    createdAt: string;
}

/** A TIMESTAMP as MySQL writes it in a UTC session (`2026-11-21 19:10:19.445`), in ISO 8601. */
export function isoTimestamp(mysqlTimestamp: string): string {
    return `${mysqlTimestamp.replace(" ", "T")}Z`;
}
