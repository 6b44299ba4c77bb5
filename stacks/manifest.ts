/**
 * The stack's functions, as data: the one place a function is defined. The stack creates each function,
 * its routes, triggers, schedules and deploy-time run from this table; local mode (`npm start`) reads what
 * the stack registered, so a function added here exists there too with no other edit.
 */
import type { ScheduleTrigger } from "../components/index";
import type { RouteSpec } from "../components/rest-api/definition";
import { METRICS_NAMESPACE_VARIABLE, REPORT_DIMENSIONS, REPORT_METRICS } from "../functions/report/metrics";

/** How a function is packaged: a container image built from its bundle, or a zip with layers. */
export const FUNCTION_KINDS = { container: "container", zip: "zip" } as const;
export type FunctionKind = (typeof FUNCTION_KINDS)[keyof typeof FUNCTION_KINDS];

/** The stack's buckets a function can read from, write to, or be triggered by. */
export type BucketKey = "uploads" | "thumbnails";
/** The stack's DynamoDB tables a function can write items to. */
export type TableKey = "thumbnailRecords";

/** Stack config settings a function's environment or schedule may take its value from. */
export type StackSetting =
    | "thumbnails.maxDimension"
    | "thumbnails.expireAfterDays"
    | "monitoring.metricsNamespace"
    | "monitoring.reportSchedule";

/** A schedule whose expression is fixed, or taken from the stack config (so environments may differ). */
export type ScheduleSpec = Omit<ScheduleTrigger, "expression"> & {
    expression: string | { setting: "monitoring.reportSchedule" };
};

export interface FunctionEntry {
    kind: FunctionKind;
    /** The handler's source. @default functions/<key>/index.ts */
    entry?: string;
    /** Seconds. */
    timeout: number;
    /** A floor under the stack's `functions.memorySize`. @default none */
    minimumMemorySize?: number;
    /**
     * What the function reaches, which decides its environment contract and its grants: `database` gives
     * MYSQL_HOST, MYSQL_PORT, MYSQL_USER, MYSQL_DATABASE, MYSQL_SECRET_ARN and the database's `grantConnect` (the
     * secret, the port); `writes` gives DESTINATION_BUCKET (the first bucket) and the bucket's `grantWrite`
     * (s3:PutObject); `reads`, its `grantRead` (s3:GetObject); `putsItems` gives RECORDS_TABLE (the first table)
     * and dynamodb:PutItem on it, nothing more (a grant of its own).
     * @default nothing
     */
    uses?: { database?: boolean; reads?: BucketKey[]; writes?: BucketKey[]; putsItems?: TableKey[] };
    /** Settings from the stack config, as environment variables (an unset optional one is left out). @default none */
    settings?: Record<string, StackSetting>;
    /** Layers (zip functions): the stack's sharp layer. @default none */
    layers?: "sharp"[];
    /** Its REST API routes. @default none */
    routes?: RouteSpec[];
    /** S3 notifications and schedules that invoke it (zip functions). @default none */
    triggers?: { s3?: { bucket: BucketKey; events?: string[] }[]; schedules?: ScheduleSpec[] };
    /**
     * Custom metrics it publishes (Embedded Metric Format) in the environment's namespace, which it is given
     * as METRICS_NAMESPACE; the environment's dashboard graphs them. @default none
     */
    metrics?: { dimensions: Record<string, string>; names: readonly string[] };
    /** Run once at deployment with this event, and again whenever the function's code changes. @default never */
    runAtDeploy?: { event: Record<string, unknown> };
}

export type FunctionManifest = Record<string, FunctionEntry>;

export const FUNCTIONS = {
    // Seeding waits out a cold start in the VPC.
    "seed-db": {
        kind: "container",
        timeout: 60,
        uses: { database: true },
        runAtDeploy: { event: { source: "deployment" } },
    },
    // The accounts page sits behind the API (29 s integration timeout): at `/` with the stack's default auth
    // (`paas:api.auth`), for signed-in users (a Cognito ID token) and for programs holding the usage plan's key.
    "retrieve-accounts": {
        kind: "container",
        timeout: 10,
        uses: { database: true },
        routes: [
            { method: "GET", path: "/", queryParameters: ["limit", "offset"], contentType: "text/html" },
            {
                method: "GET",
                path: "/accounts",
                queryParameters: ["limit", "offset"],
                contentType: "text/html",
                auth: "cognito",
            },
            {
                method: "GET",
                path: "/partner/accounts",
                queryParameters: ["limit", "offset"],
                contentType: "text/html",
                auth: "apiKey",
            },
        ],
    },
    // libvips is CPU-bound, and Lambda's CPU grows with memory.
    thumbnail: {
        kind: "zip",
        timeout: 60,
        minimumMemorySize: 1536,
        uses: { reads: ["uploads"], writes: ["thumbnails"], putsItems: ["thumbnailRecords"] },
        settings: { MAX_DIMENSION: "thumbnails.maxDimension", EXPIRE_AFTER_DAYS: "thumbnails.expireAfterDays" },
        layers: ["sharp"],
        triggers: { s3: [{ bucket: "uploads", events: ["s3:ObjectCreated:*"] }] },
    },
    // The operations report: custom metrics from the database, on the environment's schedule. A zip function
    // (schedules invoke those), in the VPC to reach the database; asynchronous, so retried, then dead-lettered.
    report: {
        kind: "zip",
        timeout: 30,
        uses: { database: true },
        settings: { [METRICS_NAMESPACE_VARIABLE]: "monitoring.metricsNamespace" },
        metrics: { dimensions: REPORT_DIMENSIONS, names: Object.values(REPORT_METRICS).map((m) => m.name) },
        triggers: { schedules: [{ expression: { setting: "monitoring.reportSchedule" } }] },
    },
} as const satisfies FunctionManifest;
