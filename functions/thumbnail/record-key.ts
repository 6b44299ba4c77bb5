/** The records table's key schema (pure: the stack reads it too). Changing either name replaces the table. */
export const RECORD_KEY = { partition: "bucket", sort: "sourceKey" } as const;

/** The table's key schema as DynamoDB's table arguments take it: the stack's table and local stand-ins alike. */
export function recordKeySchema(): { hashKey: string; rangeKey: string; attributes: { name: string; type: "S" }[] } {
    return {
        hashKey: RECORD_KEY.partition,
        rangeKey: RECORD_KEY.sort,
        attributes: [
            { name: RECORD_KEY.partition, type: "S" },
            { name: RECORD_KEY.sort, type: "S" },
        ],
    };
}
