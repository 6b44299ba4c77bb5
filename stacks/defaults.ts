import type { LogRetentionDays } from "../components/index";

/**
 * The baseline every environment starts from. Where a setting is not listed here, the component's own
 * default applies (see the `@default` of `NetworkArgs` and `MysqlDatabaseArgs`). Environments differ only
 * by what their `Pulumi.<stack>.yaml` sets on top of this.
 */
export const ENVIRONMENT_DEFAULTS = {
    /** Retention of every log group the environment creates (flow logs, later functions and API). */
    logRetentionInDays: 30 as LogRetentionDays,
    /** Alarms on function errors and throttles, to the environment's alerts topic. */
    alarms: true,
    /**
     * Whether the stack sets the account's API Gateway CloudWatch role (needed for API logs). It is one per
     * account and region: with one account per environment that is right; where environments share an
     * account, set `paas:api.manageAccountLoggingRole: false` on all but one.
     */
    manageApiAccountLoggingRole: true,
    /** The longest side of a thumbnail, in pixels. */
    thumbnailMaxDimension: 1024,
};
