/**
 * The argument types' names before 0.2. Pulumi's SDK generators add "Args" to every input type, so a type named
 * `FlowLogsArgs` reached Python and Go as `FlowLogsArgsArgs`; the types lost their own suffix, and these aliases
 * keep TypeScript programs written against the old names compiling. They go in a later major version.
 */
import type { ContainerImage } from "./container-function/args";
import type { FunctionAlarms } from "./lambda/args";
import type {
    AsyncInvocation,
    FunctionCode,
    FunctionTriggers,
    IamStatement,
    S3Trigger,
    ScheduleTrigger,
} from "./layer-function";
import type { FlowLogs } from "./network/args";
import type { Route, UsagePlan } from "./rest-api/args";
import type { ServiceResponse } from "./rest-api/service";

/** @deprecated Renamed to `FlowLogs`. */
export type FlowLogsArgs = FlowLogs;
/** @deprecated Renamed to `ContainerImage`. */
export type ContainerImageArgs = ContainerImage;
/** @deprecated Renamed to `FunctionAlarms`. */
export type FunctionAlarmsArgs = FunctionAlarms;
/** @deprecated Renamed to `FunctionCode`. */
export type FunctionCodeArgs = FunctionCode;
/** @deprecated Renamed to `FunctionTriggers`. */
export type FunctionTriggersArgs = FunctionTriggers;
/** @deprecated Renamed to `S3Trigger`. */
export type S3TriggerArgs = S3Trigger;
/** @deprecated Renamed to `ScheduleTrigger`. */
export type ScheduleTriggerArgs = ScheduleTrigger;
/** @deprecated Renamed to `AsyncInvocation`. */
export type AsyncInvocationArgs = AsyncInvocation;
/** @deprecated Renamed to `IamStatement`. */
export type PolicyStatementArgs = IamStatement;
/** @deprecated Renamed to `Route`. */
export type RouteArgs = Route;
/** @deprecated Renamed to `ServiceResponse`. */
export type ServiceResponseArgs = ServiceResponse;
/** @deprecated Renamed to `UsagePlan`. */
export type UsagePlanArgs = UsagePlan;
