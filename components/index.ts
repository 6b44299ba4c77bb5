/**
 * The pulumi-aws-paas component library. Import from `pulumi-aws-paas` or `pulumi-aws-paas/components`.
 */
export * from "./errors";
export * from "./validation";
export * from "./removal";
export * from "./schedule";
export * from "./naming";
export * from "./database";
export * from "./network";
export * from "./lambda";
export * from "./container-function";
export * from "./rest-api";
export * from "./layer";
export * from "./layer-function";
export * from "./bucket";
