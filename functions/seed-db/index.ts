/**
 * seed-db: creates the `accounts` table and inserts the demo dataset, idempotently.
 * Invoked by the deployment (aws.lambda.Invocation) and safe to invoke again at any time.
 */
import { Database } from "../shared/database";
import { publicHandler } from "../shared/handler";
import { SeedSummary, seedAccounts } from "./seed";

export function createHandler(database: Database) {
    return publicHandler(async (): Promise<SeedSummary> => seedAccounts(database));
}

// Module scope: the pool outlives the invocation and is reused while the container is warm.
export const handler = createHandler(Database.fromEnvironment());
