import type { LogRetentionDays } from "../components/index";
import { DEFAULT_REMOVAL } from "../components/removal";
import type { UsagePlan } from "../components/rest-api/args";

/**
 * The baseline every environment starts from. Where a setting is not listed here, the component's own
 * default applies (see the `@default` of `NetworkArgs` and `MysqlDatabaseArgs`). Environments differ only
 * by what their `Pulumi.<stack>.yaml` sets on top of this.
 */
export const ENVIRONMENT_DEFAULTS = {
    /** Retention of every log group the environment creates (flow logs, later functions and API). */
    logRetentionInDays: 30 as LogRetentionDays,
    /**
     * What a destroy does to stateful resources: kept (`retain`) unless a stack says `remove` (dev), so a
     * stack that forgets the setting never loses data.
     */
    removal: DEFAULT_REMOVAL,
    /** Demo accounts at deploy time: off unless a stack asks (dev does); production data is not demo data. */
    demoData: false,
    /** Alarms on function errors and throttles and the environment's (API, database), to its alerts topic. */
    alarms: true,
    /**
     * Whether the stack sets the account's API Gateway CloudWatch role (needed for API logs). It is one per
     * account and region, so exactly one stack may own it: off by default, on in the owner's config
     * (`paas:api.manageAccountLoggingRole: true`; prod here). The owner keeps it on destroy.
     */
    manageApiAccountLoggingRole: false,
    /**
     * What each API key may do (`auth: "apiKey"` routes), as the platform's notes put it: 5,000 requests a month,
     * at most 100 a second (bursts of 200). Stacks override fields under `paas:api.usagePlan`.
     */
    usagePlan: {
        quotaLimit: 5000,
        quotaPeriod: "MONTH",
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
    } satisfies UsagePlan as UsagePlan,
    /** Point-in-time recovery of the thumbnail records: on unless a stack turns it off (dev). */
    thumbnailRecordsPointInTimeRecovery: true,
    /** The longest side of a thumbnail, in pixels. */
    thumbnailMaxDimension: 1024,
    /** The scheduled report and the environment's alarms (`paas:monitoring`; see stacks/monitoring-config.ts). */
    monitoring: {
        /** Hourly: the report counts the accounts created in the hour before it runs. */
        reportSchedule: "rate(1 hour)",
        alarms: {
            /** 5% of requests failing on the server's side, in 3 of 5 minutes. */
            api5xxPercent: 5,
            /** A p99 of 3 s: the accounts page answers in tens of milliseconds; the integration gives up at 29 s. */
            apiLatencyP99Ms: 3000,
            databaseCpuPercent: 80,
            /** RDS storage autoscaling (maxAllocatedStorage) grows storage below 10% free: 5% means it could not. */
            databaseFreeStoragePercent: 5,
            /** Functions hold at most 75% of max_connections (their budget): 90% means something else holds many. */
            databaseConnectionsPercent: 90,
            /** The demo has tens of accounts; a thousand sign-ups in an hour is a runaway client or abuse. */
            accountsCreatedPerHour: 1000,
        },
    },
};
