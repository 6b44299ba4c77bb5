/** The records table's key schema (pure: the stack reads it too). Changing either name replaces the table. */
export const RECORD_KEY = { partition: "bucket", sort: "sourceKey" } as const;
