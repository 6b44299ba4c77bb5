/**
 * The pulumi-aws-paas component library: the components, their arguments and the types those take, and the
 * few helpers documented for users. Import from `pulumi-aws-paas` (or `pulumi-aws-paas/components`).
 * Everything else under components/ is internal: the application imports it by module path, never from here,
 * so this list is the whole public surface (checked against components/api/pulumi-aws-paas.api.md by the tests).
 */
export { ArgIssue, InvalidArgsError } from "./errors";
export { LOG_RETENTION_DAYS, LogRetentionDays } from "./validation";
export { REMOVAL_POLICIES, RemovalPolicy } from "./removal";
export { Tags } from "./tags";
export { ComponentOptions, Transform, Transforms } from "./transform";
export { InvokeGrantOptions, NetworkGrantee, RoleGrantee } from "./grants";

export { Network } from "./network";
export {
    FLOW_LOG_TRAFFIC_TYPES,
    FlowLogTrafficType,
    FlowLogs,
    NAT_STRATEGIES,
    NatStrategy,
    NetworkArgs,
} from "./network/args";
export { NetworkPlacement, SubnetPlacement } from "./network/placement";
export { NetworkChildArgs, NetworkNodes } from "./network/children";
export { SubnetCidrs, planSubnets } from "./network/cidr";

export { MysqlDatabase } from "./database";
export { ConnectGrantOptions } from "./database/grants";
export { MYSQL_LOG_EXPORTS, MYSQL_MAJOR_VERSIONS, MysqlDatabaseArgs, MysqlLogExport } from "./database/args";
export { functionConnectionBudget, mysqlMaxConnections } from "./database/connections";
export { MysqlDatabaseChildArgs, MysqlDatabaseNodes } from "./database/children";

export { ARCHITECTURES, Architecture, FunctionAlarms, FunctionArgs } from "./lambda/args";
export { FunctionChildArgs, FunctionNodes } from "./lambda/children";
export { ContainerFunction } from "./container-function";
export { ContainerFunctionArgs, ContainerImage } from "./container-function/args";
export { ContainerFunctionChildArgs, ContainerFunctionNodes } from "./container-function/children";
export { Layer, LayerArgs, LayerChildArgs, LayerNodes, NODE_RUNTIMES, NodeRuntime } from "./layer";
export {
    LayerFunction,
    LayerFunctionArgs,
    LayerRef,
    FunctionTriggers,
    AsyncInvocation,
    FunctionCode,
    BucketRef,
    IamStatement,
    S3Trigger,
    ScheduleTrigger,
} from "./layer-function";
export { LayerFunctionChildArgs, LayerFunctionNodes } from "./layer-function/children";
export { PrivateBucket, PrivateBucketArgs, PrivateBucketChildArgs, PrivateBucketNodes } from "./bucket";
export { BUCKET_GRANT_ACTIONS, BucketGrantOptions } from "./bucket/grants";

export { RestApi } from "./rest-api";
export {
    LOGGING_LEVELS,
    LambdaTarget,
    LoggingLevel,
    QUOTA_PERIODS,
    QuotaPeriod,
    RestApiArgs,
    Route,
    UsagePlan,
} from "./rest-api/args";
export { RestApiChildArgs, RestApiNodes } from "./rest-api/children";
export {
    HTTP_METHODS,
    HttpMethod,
    RESPONSE_CONTENT_TYPES,
    ROUTE_AUTH,
    ResponseContentType,
    RouteAuth,
    RouteSpec,
} from "./rest-api/definition";
export {
    AwsServiceTarget,
    DEFAULT_SERVICE_RESPONSES,
    SERVICE_ERROR_RESPONSES,
    ServiceResponse,
} from "./rest-api/service";

export { UserPool, UserPoolChildArgs, UserPoolNodes } from "./user-pool";
export { THREAT_PROTECTION, ThreatProtection, USER_POOL_MFA, UserPoolArgs, UserPoolMfa } from "./user-pool/args";

export {
    AsyncInvocationArgs,
    ContainerImageArgs,
    FlowLogsArgs,
    FunctionAlarmsArgs,
    FunctionCodeArgs,
    FunctionTriggersArgs,
    PolicyStatementArgs,
    RouteArgs,
    S3TriggerArgs,
    ScheduleTriggerArgs,
    ServiceResponseArgs,
    UsagePlanArgs,
} from "./deprecated";
