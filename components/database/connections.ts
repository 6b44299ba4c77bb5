/**
 * How many connections an RDS for MySQL instance accepts, and how many of them the functions may hold.
 * RDS sets `max_connections` to `{DBInstanceClassMemory/12582880}` by default (RDS User Guide, "Maximum
 * number of database connections"), capped at 16,000. DBInstanceClassMemory is the class's memory less what
 * the OS and RDS processes keep, so the class's memory gives an upper bound, and the budget keeps a margin.
 */

/** The default parameter's divisor: bytes of instance memory per connection. */
export const MYSQL_BYTES_PER_CONNECTION = 12_582_880;
/** RDS's ceiling on max_connections for MySQL. */
export const MYSQL_MAX_CONNECTIONS_CAP = 16_000;
/**
 * Share of max_connections the functions may hold: the rest covers the memory RDS reserves (so the real
 * limit is lower than the bound) and other clients (administrators, migrations, monitoring).
 */
export const FUNCTION_CONNECTION_SHARE = 0.75;

const GIB = 1024 ** 3;
/** Memory in GiB by size, for the burstable (t3, t4g) and general-purpose (m) families. */
const GENERAL_GIB: Record<string, number> = {
    micro: 1,
    small: 2,
    medium: 4,
    large: 8,
    xlarge: 16,
    "2xlarge": 32,
    "4xlarge": 64,
    "8xlarge": 128,
    "12xlarge": 192,
    "16xlarge": 256,
    "24xlarge": 384,
    "32xlarge": 512,
    "48xlarge": 768,
};
/** Memory per GiB of a general-purpose class of the same size: memory-optimised r is 2×, x2g 4×. */
const FAMILY_FACTOR: Record<string, number> = { r: 2, x: 4 };

/** The memory of a MySQL instance class in GiB, e.g. `db.m7g.large` → 8. */
export function instanceClassMemoryGib(instanceClass: string): number {
    const match = /^db\.([a-z])[a-z0-9]*\.([a-z0-9]+)$/.exec(instanceClass);
    const base = match ? GENERAL_GIB[match[2]] : undefined;
    if (!match || base === undefined) throw new Error(`unknown instance class ${instanceClass}`);
    return base * (FAMILY_FACTOR[match[1]] ?? 1);
}

/** The default max_connections bound of a class: `floor(memory / 12,582,880)`, at most 16,000. */
export function mysqlMaxConnections(instanceClass: string): number {
    return Math.min(
        MYSQL_MAX_CONNECTIONS_CAP,
        Math.floor((instanceClassMemoryGib(instanceClass) * GIB) / MYSQL_BYTES_PER_CONNECTION),
    );
}

/**
 * How many concurrent executions of functions holding one connection each the instance can serve: the
 * reserved concurrency that bounds a function behind an API, so a burst is throttled (429) at the API
 * rather than refused by the database (503).
 */
export function functionConnectionBudget(instanceClass: string): number {
    return Math.floor(mysqlMaxConnections(instanceClass) * FUNCTION_CONNECTION_SHARE);
}
