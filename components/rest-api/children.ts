import { Roles } from "../transform";
import * as aws from "../aws";

/**
 * The arguments of each child of a `RestApi`, by role: the keys of its `transform` option and of its
 * `nodes`. Each is named `<name>-<role>` as noted; a route's children are named after the route,
 * `<name>-<route>-<role>` (`<route>` is its method and path, e.g. `get-accounts-id`).
 */
export interface RestApiChildArgs {
    /** The REST API, `<name>-api`. */
    api: aws.apigateway.RestApiArgs;
    /** Each API Gateway resource (path segment), `<name>-resource-<path>`. */
    resource: aws.apigateway.ResourceArgs;
    /** The Cognito authorizer, `<name>-cognito-authorizer` (with `auth: "cognito"` routes only). */
    cognitoAuthorizer: aws.apigateway.AuthorizerArgs;
    /** Each route's method, `<name>-<route>-method`. */
    method: aws.apigateway.MethodArgs;
    /** Each route's integration, `<name>-<route>-integration`. */
    integration: aws.apigateway.IntegrationArgs;
    /** Each route's method responses, `<name>-<route>-response-<status>`. */
    response: aws.apigateway.MethodResponseArgs;
    /** Each route's integration responses, `<name>-<route>-integration-response-<status>`. */
    integrationResponse: aws.apigateway.IntegrationResponseArgs;
    /** Each Lambda route's permission to invoke its function, `<name>-<route>-permission`. */
    permission: aws.lambda.PermissionArgs;
    /** Each AWS-service route's role, which API Gateway assumes, `<name>-<route>-role` (unless it gives its own). */
    serviceRole: aws.iam.RoleArgs;
    /** That role's policy: the route's action on its resources, `<name>-<route>-policy`. */
    servicePolicy: aws.iam.RolePolicyArgs;
    /** The deployment, `<name>-deployment`. */
    deployment: aws.apigateway.DeploymentArgs;
    /** The execution log group, `<name>-execution-logs` (unless `loggingLevel` is "OFF"). */
    executionLogs: aws.cloudwatch.LogGroupArgs;
    /** The account's logging role, `<name>-account-logging-role` (with `manageAccountLoggingRole` only). */
    accountLoggingRole: aws.iam.RoleArgs;
    /** Its managed policy, `<name>-account-logging-policy` (with `manageAccountLoggingRole` only). */
    accountLoggingPolicy: aws.iam.RolePolicyAttachmentArgs;
    /** The account's API Gateway settings, `<name>-account` (with `manageAccountLoggingRole` only). */
    account: aws.apigateway.AccountArgs;
    /** The access log group, `<name>-access-logs`. */
    accessLogs: aws.cloudwatch.LogGroupArgs;
    /** The stage, `<name>-stage`. */
    stage: aws.apigateway.StageArgs;
    /** The stage's method settings (metrics, logging, throttling), `<name>-method-settings`. */
    methodSettings: aws.apigateway.MethodSettingsArgs;
    /** The usage plan, `<name>-usage-plan` (with `auth: "apiKey"` routes only). */
    usagePlan: aws.apigateway.UsagePlanArgs;
    /** The API key, `<name>-api-key` (with `auth: "apiKey"` routes only). */
    apiKey: aws.apigateway.ApiKeyArgs;
    /** The key's place in the usage plan, `<name>-usage-plan-key` (with `auth: "apiKey"` routes only). */
    usagePlanKey: aws.apigateway.UsagePlanKeyArgs;
    /** The Secrets Manager secret holding the API key's value, `<name>-api-key-secret` (`auth: "apiKey"` only). */
    apiKeySecret: aws.secretsmanager.SecretArgs;
    /** The secret's value, `<name>-api-key-secret-value` (with `auth: "apiKey"` routes only). */
    apiKeySecretValue: aws.secretsmanager.SecretVersionArgs;
}

/** Every role of RestApi's children (checked against RestApiChildArgs). */
export const REST_API_ROLES: Roles<RestApiChildArgs> = {
    api: true,
    resource: true,
    cognitoAuthorizer: true,
    method: true,
    integration: true,
    response: true,
    integrationResponse: true,
    permission: true,
    serviceRole: true,
    servicePolicy: true,
    deployment: true,
    executionLogs: true,
    accountLoggingRole: true,
    accountLoggingPolicy: true,
    account: true,
    accessLogs: true,
    stage: true,
    methodSettings: true,
    usagePlan: true,
    apiKey: true,
    usagePlanKey: true,
    apiKeySecret: true,
    apiKeySecretValue: true,
};

/** Every child of a `RestApi`, by role (see `RestApiChildArgs`); per-route roles as lists, in order. */
export interface RestApiNodes {
    /** The REST API. */
    api: aws.apigateway.RestApi;
    /** The API Gateway resources, one per path segment. */
    resources: aws.apigateway.Resource[];
    /** The Cognito authorizer, with cognito routes only. */
    cognitoAuthorizer?: aws.apigateway.Authorizer;
    /** The routes' methods, in the order of the routes. */
    methods: aws.apigateway.Method[];
    /** The routes' integrations, in the order of the routes. */
    integrations: aws.apigateway.Integration[];
    /** The routes' method responses. */
    responses: aws.apigateway.MethodResponse[];
    /** The routes' integration responses. */
    integrationResponses: aws.apigateway.IntegrationResponse[];
    /** The Lambda routes' permissions to invoke their functions, in the order of the routes. */
    permissions: aws.lambda.Permission[];
    /** The AWS-service routes' roles, in the order of the routes. */
    serviceRoles: aws.iam.Role[];
    /** Those roles' policies. */
    servicePolicies: aws.iam.RolePolicy[];
    /** The deployment. */
    deployment: aws.apigateway.Deployment;
    /** The execution log group, unless logging is off. */
    executionLogs?: aws.cloudwatch.LogGroup;
    /** The account's logging role, with manageAccountLoggingRole only. */
    accountLoggingRole?: aws.iam.Role;
    /** Its managed policy, with manageAccountLoggingRole only. */
    accountLoggingPolicy?: aws.iam.RolePolicyAttachment;
    /** The account's API Gateway settings, with manageAccountLoggingRole only. */
    account?: aws.apigateway.Account;
    /** The access log group. */
    accessLogs: aws.cloudwatch.LogGroup;
    /** The stage. */
    stage: aws.apigateway.Stage;
    /** The stage's method settings. */
    methodSettings: aws.apigateway.MethodSettings;
    /** The usage plan, with apiKey routes only. */
    usagePlan?: aws.apigateway.UsagePlan;
    /** The API key, with apiKey routes only. */
    apiKey?: aws.apigateway.ApiKey;
    /** The key's place in the usage plan, with apiKey routes only. */
    usagePlanKey?: aws.apigateway.UsagePlanKey;
    /** The Secrets Manager secret holding the API key's value, with apiKey routes only. */
    apiKeySecret?: aws.secretsmanager.Secret;
    /** The secret's value, with apiKey routes only. */
    apiKeySecretValue?: aws.secretsmanager.SecretVersion;
}
