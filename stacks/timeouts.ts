/** Seconds each function may run: seeding waits out a cold start in the VPC; the page sits behind an API. */
export const TIMEOUTS = { "seed-db": 60, "retrieve-accounts": 10 } as const;
