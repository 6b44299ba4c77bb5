/**
 * retrieve-accounts: one page of the `accounts` table as an HTML document (a string; the REST API passes
 * it through as text/html). Optional `limit` (1-1000) and `offset` in the event.
 */
import { Database } from "../shared/database";
import { publicHandler } from "../shared/handler";
import { listAccounts } from "./accounts";
import { renderAccountsPage } from "./page";
import { RetrieveAccountsEvent, parsePage } from "./request";

export function createHandler(database: Database) {
    return publicHandler(async (event: RetrieveAccountsEvent | null): Promise<string> => {
        const page = parsePage(event);
        return renderAccountsPage(await listAccounts(database, page), page);
    });
}

// Module scope: the pool outlives the invocation and is reused while the container is warm.
export const handler = createHandler(Database.fromEnvironment());
