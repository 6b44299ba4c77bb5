// Pure (no Pulumi SDK): the deployment's invocation and the local mode build the same event from config.
import type { SeedEvent } from "../functions/seed-db";
import type { EnvironmentConfig } from "./config";

/** What the deployment (and `npm start`) sends seed-db: migrations always, demo rows where config asks. */
export function seedEvent(config: Pick<EnvironmentConfig, "demoData">): SeedEvent {
    return { source: "deployment", demoData: config.demoData };
}
