import type { MetricUnit } from "../shared/emf";

/**
 * The report's custom metrics, in the environment's namespace (`METRICS_NAMESPACE`). Pure data, shared by the
 * function that publishes them and the stack that graphs them and alarms on them, so the two cannot disagree.
 */
export const REPORT_DIMENSIONS = { Report: "accounts" } as const;

export const REPORT_METRICS = {
    /** Rows in the accounts table. */
    total: { name: "AccountsTotal", unit: "Count" },
    /** Accounts created in the hour before the scheduled time. */
    createdLastHour: { name: "AccountsCreatedLastHour", unit: "Count" },
} as const satisfies Record<string, { name: string; unit: MetricUnit }>;

/** The environment variable naming the namespace. */
export const METRICS_NAMESPACE_VARIABLE = "METRICS_NAMESPACE";
