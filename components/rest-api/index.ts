import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { throwIfInvalid } from "../errors";
import { managedPolicyArn } from "../lambda";
import { removesContents, statefulOptions } from "../removal";
import { Tags, tagsWithName } from "../tags";
import { withDefaults } from "../validation";
import { ACCESS_LOG_FORMAT, apiGatewayTrustPolicy } from "./access-log";
import {
    REST_API_DEFAULTS,
    ResolvedRestApiArgs,
    RestApiArgs,
    RouteArgs,
    USAGE_PLAN_DEFAULTS,
    checkRestApiArgs,
} from "./args";
import { RouteDefinition, defineRoute, routeKey } from "./definition";
import { AwsServiceTarget, defineServiceRoute, serviceActionUri } from "./service";
import { componentType, withPreviousType } from "../component-type";

export * from "./access-log";
export * from "./args";
export * from "./definition";
export * from "./service";

const INTEGRATION_TIMEOUT_MS = 29_000;

/**
 * A regional API Gateway REST API (v1) whose routes are non-proxy Lambda integrations: request templates
 * build each function's event, and integration responses map its result (raw HTML or JSON) and its
 * `[status] ` errors to HTTP responses; or AWS-service integrations (`awsService`), which call a service's
 * action with no function in the path, through a role allowed exactly that action. A deployment redeployed
 * whenever anything in the definition changes, a stage with throttling, metrics, JSON access logs and optional
 * tracing, and Lambda permissions scoped to each route.
 */
export class RestApi extends pulumi.ComponentResource {
    public readonly api: aws.apigateway.RestApi;
    public readonly stage: aws.apigateway.Stage;
    /** `https://<id>.execute-api.<region>.amazonaws.com/<stage>/` */
    public readonly invokeUrl: pulumi.Output<string>;
    public readonly restApiId: pulumi.Output<string>;
    public readonly executionArn: pulumi.Output<string>;
    public readonly stageName: string;
    /**
     * The API key of `auth: "apiKey"` routes, if any (its value is in API Gateway, not in outputs). Declared, not
     * defined, so that an API without one has no such property: a stack exporting the component would
     * otherwise warn of an undefined output.
     */
    declare public readonly apiKeyId?: pulumi.Output<string>;
    /**
     * The Secrets Manager secret holding that API key's value (its `SecretString`), for `auth: "apiKey"`
     * routes: what a client's owner is given read access to.
     */
    declare public readonly apiKeySecretArn?: pulumi.Output<string>;

    constructor(name: string, args: RestApiArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(), so invalid arguments register nothing at all.
        throwIfInvalid(`RestApi "${name}"`, checkRestApiArgs(args));
        super(componentType("RestApi"), name, {}, withPreviousType("paas:rest-api:RestApi", opts));
        const s: ResolvedRestApiArgs = withDefaults(REST_API_DEFAULTS, args);
        const parent = { parent: this };
        const tags = (role: string) => tagsWithName(args.tags, `${name}-${role}`);
        this.stageName = args.stageName;
        // A service route's request template is an input: its definition is resolved for the digest only.
        const definitions = args.routes.map((r) =>
            r.awsService ? defineServiceRoute(r, r.awsService, "") : defineRoute(r),
        );
        const serviceUri = this.serviceUri(args.routes);

        this.api = new aws.apigateway.RestApi(
            `${name}-api`,
            {
                description: `${name}: ${args.routes.map((r) => `${r.method} ${r.path}`).join(", ")}`,
                endpointConfiguration: { types: "REGIONAL" },
                tags: tags("api"),
            },
            parent,
        );
        this.restApiId = this.api.id;
        this.executionArn = this.api.executionArn;

        const resourceIds = this.resourceTree(
            name,
            args.routes.map((r) => r.path),
        );
        const authorizer = args.routes.some((r) => r.auth === "cognito")
            ? new aws.apigateway.Authorizer(
                  `${name}-cognito-authorizer`,
                  {
                      restApi: this.api.id,
                      type: "COGNITO_USER_POOLS",
                      providerArns: args.cognitoUserPoolArns,
                      identitySource: "method.request.header.Authorization",
                  },
                  parent,
              )
            : undefined;

        const routeResources: pulumi.Resource[] = [];
        args.routes.forEach((route, i) => {
            const definition = definitions[i];
            const key = `${name}-${routeKey(route.method, route.path)}`;
            const at = { restApi: this.api.id, resourceId: resourceIds.get(route.path)!, httpMethod: route.method };
            const method = new aws.apigateway.Method(
                `${key}-method`,
                {
                    ...at,
                    authorization: definition.auth === "cognito" ? "COGNITO_USER_POOLS" : "NONE",
                    authorizerId: definition.auth === "cognito" ? authorizer!.id : undefined,
                    apiKeyRequired: definition.auth === "apiKey",
                    requestParameters: Object.fromEntries(
                        (route.queryParameters ?? []).map((q) => [`method.request.querystring.${q}`, false]),
                    ),
                },
                parent,
            );
            const service = route.awsService;
            const integration = new aws.apigateway.Integration(
                `${key}-integration`,
                {
                    ...at,
                    type: "AWS",
                    integrationHttpMethod: "POST",
                    ...(service
                        ? {
                              uri: serviceUri!(service),
                              credentials: service.credentialsRoleArn ?? this.serviceRole(key, service, args.tags),
                              requestTemplates: pulumi
                                  .output(service.requestTemplate)
                                  .apply((t) => ({ "application/json": t })),
                          }
                        : { uri: route.target!.invokeArn, requestTemplates: definition.requestTemplates }),
                    passthroughBehavior: definition.passthroughBehavior,
                    timeoutMilliseconds: INTEGRATION_TIMEOUT_MS,
                },
                { parent: this, dependsOn: [method] },
            );
            const methodResponses = new Map(
                definition.methodResponses.map((r) => [
                    r.statusCode,
                    new aws.apigateway.MethodResponse(
                        `${key}-response-${r.statusCode}`,
                        {
                            ...at,
                            statusCode: r.statusCode,
                            responseParameters: r.responseParameters,
                        },
                        { parent: this, dependsOn: [method] },
                    ),
                ]),
            );
            const integrationResponses = definition.integrationResponses.map(
                (r) =>
                    new aws.apigateway.IntegrationResponse(
                        `${key}-integration-response-${r.statusCode}`,
                        {
                            ...at,
                            statusCode: r.statusCode,
                            selectionPattern: r.selectionPattern,
                            responseParameters: r.responseParameters,
                            responseTemplates: r.responseTemplates,
                        },
                        { parent: this, dependsOn: [integration, methodResponses.get(r.statusCode)!] },
                    ),
            );
            if (route.target)
                new aws.lambda.Permission(
                    `${key}-permission`,
                    {
                        action: "lambda:InvokeFunction",
                        function: route.target.functionName,
                        principal: "apigateway.amazonaws.com",
                        // Any stage of this API, this method and path only.
                        sourceArn: pulumi.interpolate`${this.api.executionArn}/*/${route.method}${route.path.replace(/\{[^}]+\}/g, "*")}`,
                    },
                    parent,
                );
            routeResources.push(method, integration, ...methodResponses.values(), ...integrationResponses);
        });

        const deployment = new aws.apigateway.Deployment(
            `${name}-deployment`,
            {
                restApi: this.api.id,
                description: `${name} routes`,
                // Any change to a route, template, response or target function yields a new deployment.
                triggers: {
                    definition: pulumi
                        .all(args.routes.map((r) => integrationTarget(r, serviceUri)))
                        .apply((targets) => definitionDigest(definitions, targets)),
                },
            },
            { parent: this, dependsOn: routeResources },
        );

        const stageDependencies = this.logging(name, s, args.tags);
        const accessLogs = new aws.cloudwatch.LogGroup(
            `${name}-access-logs`,
            { retentionInDays: s.accessLogRetentionInDays, tags: tags("access-logs") },
            statefulOptions(args.removal, parent),
        );
        this.stage = new aws.apigateway.Stage(
            `${name}-stage`,
            {
                restApi: this.api.id,
                deployment: deployment.id,
                stageName: args.stageName,
                xrayTracingEnabled: s.tracing,
                accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
                tags: tags("stage"),
            },
            { parent: this, dependsOn: stageDependencies },
        );
        new aws.apigateway.MethodSettings(
            `${name}-method-settings`,
            {
                restApi: this.api.id,
                stageName: this.stage.stageName,
                methodPath: "*/*",
                settings: {
                    metricsEnabled: true,
                    loggingLevel: s.loggingLevel,
                    dataTraceEnabled: false, // full request and response bodies in logs would expose user data
                    throttlingRateLimit: s.throttlingRateLimit,
                    throttlingBurstLimit: s.throttlingBurstLimit,
                },
            },
            parent,
        );

        if (args.routes.some((r) => r.auth === "apiKey")) {
            const key = this.usagePlan(name, s, args.tags);
            this.apiKeyId = key.id;
            this.apiKeySecretArn = key.secretArn;
        }
        this.invokeUrl = pulumi.interpolate`${this.stage.invokeUrl}/`;
        this.registerOutputs({
            invokeUrl: this.invokeUrl,
            restApiId: this.restApiId,
            executionArn: this.executionArn,
            ...(this.apiKeyId ? { apiKeyId: this.apiKeyId, apiKeySecretArn: this.apiKeySecretArn } : {}),
        });
    }

    /** The integration URI of a service action, when some route calls one (the region is looked up once). */
    private serviceUri(routes: RouteArgs[]): ((t: AwsServiceTarget) => pulumi.Output<string>) | undefined {
        if (!routes.some((r) => r.awsService)) return undefined;
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        return (t) => pulumi.all([partition, region]).apply(([p, r]) => serviceActionUri(p, r, t.service, t.action));
    }

    /** The role API Gateway assumes for a service route: exactly its action on its resources. */
    private serviceRole(key: string, target: AwsServiceTarget, tags: Tags | undefined): pulumi.Output<string> {
        const role = new aws.iam.Role(
            `${key}-role`,
            { assumeRolePolicy: apiGatewayTrustPolicy(), tags: tagsWithName(tags, `${key}-role`) },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${key}-policy`,
            {
                role: role.name,
                policy: pulumi.all(target.resources ?? []).apply((resources) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            { Effect: "Allow", Action: `${target.service}:${target.action}`, Resource: resources },
                        ],
                    }),
                ),
            },
            { parent: this },
        );
        // The integration needs the permission in place, not only the role.
        return pulumi.all([role.arn, policy.id]).apply(([arn]) => arn);
    }

    /** One API Gateway resource per path segment, shared by the routes below it; returns path → resource ID. */
    private resourceTree(name: string, paths: string[]): Map<string, pulumi.Input<string>> {
        const ids = new Map<string, pulumi.Input<string>>([["/", this.api.rootResourceId]]);
        for (const path of [...new Set(paths)].sort()) {
            let prefix = "";
            for (const segment of path.split("/").filter(Boolean)) {
                const parentPath = prefix || "/";
                prefix = `${prefix}/${segment}`;
                if (ids.has(prefix)) continue;
                const resource = new aws.apigateway.Resource(
                    `${name}-resource-${prefix.slice(1).replace(/[{}+]/g, "").replace(/\//g, "-")}`,
                    {
                        restApi: this.api.id,
                        parentId: ids.get(parentPath)!,
                        pathPart: segment,
                    },
                    { parent: this },
                );
                ids.set(prefix, resource.id);
            }
        }
        return ids;
    }

    /**
     * The execution log group, created ahead with retention (API Gateway would create it keeping logs
     * forever), and the account's logging role when this API manages it.
     */
    private logging(name: string, s: ResolvedRestApiArgs, tags: Tags | undefined): pulumi.Resource[] {
        const dependencies: pulumi.Resource[] = [];
        if (s.loggingLevel !== "OFF") {
            dependencies.push(
                new aws.cloudwatch.LogGroup(
                    `${name}-execution-logs`,
                    {
                        name: pulumi.interpolate`API-Gateway-Execution-Logs_${this.api.id}/${s.stageName}`,
                        retentionInDays: s.accessLogRetentionInDays,
                        tags: tagsWithName(tags, `${name}-execution-logs`),
                    },
                    statefulOptions(s.removal, { parent: this }),
                ),
            );
        }
        if (s.manageAccountLoggingRole) {
            // Account-wide: deleting the setting (provider v7 resets it on delete) or its role would turn
            // API logging off for every other API in the account and region. Kept on destroy, always.
            const kept = { parent: this, retainOnDelete: true };
            const role = new aws.iam.Role(
                `${name}-account-logging-role`,
                {
                    assumeRolePolicy: apiGatewayTrustPolicy(),
                    tags: tagsWithName(tags, `${name}-account-logging-role`),
                },
                kept,
            );
            const partition = aws.getPartitionOutput({}, { parent: this }).partition;
            const attachment = new aws.iam.RolePolicyAttachment(
                `${name}-account-logging-policy`,
                {
                    role: role.name,
                    policyArn: partition.apply((p) =>
                        managedPolicyArn(p, "service-role/AmazonAPIGatewayPushToCloudWatchLogs"),
                    ),
                },
                kept,
            );
            dependencies.push(
                new aws.apigateway.Account(
                    `${name}-account`,
                    { cloudwatchRoleArn: role.arn },
                    { ...kept, dependsOn: [attachment] },
                ),
            );
        }
        return dependencies;
    }

    /**
     * A usage plan (quota and throttle per key) with one API key, for `auth: "apiKey"` routes. API Gateway
     * generates the key's value; the provider keeps it as a secret output, and it is copied into a Secrets
     * Manager secret, so it reaches clients through IAM-controlled reads and never a stack output.
     */
    private usagePlan(
        name: string,
        s: ResolvedRestApiArgs,
        tags: Tags | undefined,
    ): { id: pulumi.Output<string>; secretArn: pulumi.Output<string> } {
        const plan = s.usagePlan ?? {};
        const usagePlan = new aws.apigateway.UsagePlan(
            `${name}-usage-plan`,
            {
                apiStages: [{ apiId: this.api.id, stage: this.stage.stageName }],
                throttleSettings: {
                    rateLimit: plan.throttlingRateLimit ?? s.throttlingRateLimit,
                    burstLimit: plan.throttlingBurstLimit ?? s.throttlingBurstLimit,
                },
                quotaSettings:
                    plan.quotaLimit === undefined
                        ? undefined
                        : { limit: plan.quotaLimit, period: plan.quotaPeriod ?? USAGE_PLAN_DEFAULTS.quotaPeriod },
                tags: tagsWithName(tags, `${name}-usage-plan`),
            },
            { parent: this },
        );
        const key = new aws.apigateway.ApiKey(
            `${name}-api-key`,
            { enabled: true, tags: tagsWithName(tags, `${name}-api-key`) },
            { parent: this },
        );
        new aws.apigateway.UsagePlanKey(
            `${name}-usage-plan-key`,
            { keyId: key.id, keyType: "API_KEY", usagePlanId: usagePlan.id },
            { parent: this },
        );
        const secret = new aws.secretsmanager.Secret(
            `${name}-api-key-secret`,
            {
                description: `${name}: the API key of its auth: apiKey routes (usage plan ${name}-usage-plan)`,
                // Removed with the stack: deleted at once, so a redeployment does not wait out a recovery window.
                recoveryWindowInDays: removesContents(s.removal) ? 0 : 30,
                tags: tagsWithName(tags, `${name}-api-key-secret`),
            },
            statefulOptions(s.removal, { parent: this }),
        );
        new aws.secretsmanager.SecretVersion(
            `${name}-api-key-secret-value`,
            // `value` is a secret output of ApiKey: the state holds it encrypted, as it holds this copy.
            { secretId: secret.id, secretString: pulumi.secret(key.value) },
            { parent: this },
        );
        return { id: key.id, secretArn: secret.arn };
    }
}

/** What a route's integration calls: the function's invoke ARN, or the service action with its template. */
function integrationTarget(
    route: RouteArgs,
    serviceUri: ((t: AwsServiceTarget) => pulumi.Output<string>) | undefined,
): pulumi.Input<string> {
    const service = route.awsService;
    if (!service) return route.target!.invokeArn;
    return pulumi
        .all([serviceUri!(service), service.requestTemplate])
        .apply(([uri, template]) => JSON.stringify({ uri, template }));
}

/** A digest of everything a deployment snapshots: every route's definition and target. */
export function definitionDigest(definitions: RouteDefinition[], targets: string[]): string {
    return createHash("sha256")
        .update(JSON.stringify({ definitions, targetArns: targets }))
        .digest("hex");
}
