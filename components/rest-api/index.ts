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
    Route,
    USAGE_PLAN_DEFAULTS,
    checkRestApiArgs,
} from "./args";
import { RouteDefinition, defineRoute, routeKey } from "./definition";
import { AwsServiceTarget, defineServiceRoute, serviceActionUri } from "./service";
import { componentType, withPreviousType } from "../component-type";
import { ChildFactory, ComponentOptions, childFactory } from "../transform";
import { REST_API_ROLES, RestApiChildArgs, RestApiNodes } from "./children";

export * from "./access-log";
export * from "./args";
export * from "./definition";
export * from "./children";
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
    /** Every child resource, typed, by role (the roles of the transform option). */
    public readonly nodes: RestApiNodes;

    /**
     * @param opts Pulumi's options, and `transform`: changes to any child before it is registered, by role
     * (see `RestApiChildArgs`).
     */
    constructor(name: string, args: RestApiArgs, opts?: ComponentOptions<RestApiChildArgs>) {
        // Validate before super(), so invalid arguments register nothing at all.
        const { componentOpts, child, issues: transformIssues } = childFactory(opts, REST_API_ROLES);
        throwIfInvalid(`RestApi "${name}"`, [...checkRestApiArgs(args), ...transformIssues]);
        super(componentType("RestApi"), name, {}, withPreviousType("paas:rest-api:RestApi", componentOpts));
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
            ...child(
                "api",
                `${name}-api`,
                {
                    description: `${name}: ${args.routes.map((r) => `${r.method} ${r.path}`).join(", ")}`,
                    endpointConfiguration: { types: "REGIONAL" },
                    tags: tags("api"),
                },
                parent,
            ),
        );
        this.restApiId = this.api.id;
        this.executionArn = this.api.executionArn;

        const { ids: resourceIds, resources } = this.resourceTree(
            child,
            name,
            args.routes.map((r) => r.path),
        );
        const authorizer = args.routes.some((r) => r.auth === "cognito")
            ? new aws.apigateway.Authorizer(
                  ...child(
                      "cognitoAuthorizer",
                      `${name}-cognito-authorizer`,
                      {
                          restApi: this.api.id,
                          type: "COGNITO_USER_POOLS",
                          providerArns: args.cognitoUserPoolArns,
                          identitySource: "method.request.header.Authorization",
                      },
                      parent,
                  ),
              )
            : undefined;

        const routeResources: pulumi.Resource[] = [];
        const routes: Pick<
            RestApiNodes,
            | "methods"
            | "integrations"
            | "responses"
            | "integrationResponses"
            | "permissions"
            | "serviceRoles"
            | "servicePolicies"
        > = {
            methods: [],
            integrations: [],
            responses: [],
            integrationResponses: [],
            permissions: [],
            serviceRoles: [],
            servicePolicies: [],
        };
        args.routes.forEach((route, i) => {
            const definition = definitions[i];
            const key = `${name}-${routeKey(route.method, route.path)}`;
            const at = { restApi: this.api.id, resourceId: resourceIds.get(route.path)!, httpMethod: route.method };
            const method = new aws.apigateway.Method(
                ...child(
                    "method",
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
                ),
            );
            const service = route.awsService;
            const integration = new aws.apigateway.Integration(
                ...child(
                    "integration",
                    `${key}-integration`,
                    {
                        ...at,
                        type: "AWS",
                        integrationHttpMethod: "POST",
                        ...(service
                            ? {
                                  uri: serviceUri!(service),
                                  credentials:
                                      service.credentialsRoleArn ??
                                      this.serviceRole(child, key, service, args.tags, routes),
                                  requestTemplates: pulumi
                                      .output(service.requestTemplate)
                                      .apply((t) => ({ "application/json": t })),
                              }
                            : { uri: route.target!.invokeArn, requestTemplates: definition.requestTemplates }),
                        passthroughBehavior: definition.passthroughBehavior,
                        timeoutMilliseconds: INTEGRATION_TIMEOUT_MS,
                    },
                    { parent: this, dependsOn: [method] },
                ),
            );
            const methodResponses = new Map(
                definition.methodResponses.map((r) => [
                    r.statusCode,
                    new aws.apigateway.MethodResponse(
                        ...child(
                            "response",
                            `${key}-response-${r.statusCode}`,
                            {
                                ...at,
                                statusCode: r.statusCode,
                                responseParameters: r.responseParameters,
                            },
                            { parent: this, dependsOn: [method] },
                        ),
                    ),
                ]),
            );
            const integrationResponses = definition.integrationResponses.map(
                (r) =>
                    new aws.apigateway.IntegrationResponse(
                        ...child(
                            "integrationResponse",
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
                    ),
            );
            const permission = route.target
                ? new aws.lambda.Permission(
                      ...child(
                          "permission",
                          `${key}-permission`,
                          {
                              action: "lambda:InvokeFunction",
                              function: route.target.functionName,
                              principal: "apigateway.amazonaws.com",
                              // Any stage of this API, this method and path only.
                              sourceArn: pulumi.interpolate`${this.api.executionArn}/*/${route.method}${route.path.replace(/\{[^}]+\}/g, "*")}`,
                          },
                          parent,
                      ),
                  )
                : undefined;
            routeResources.push(method, integration, ...methodResponses.values(), ...integrationResponses);
            routes.methods.push(method);
            routes.integrations.push(integration);
            routes.responses.push(...methodResponses.values());
            routes.integrationResponses.push(...integrationResponses);
            if (permission) routes.permissions.push(permission);
        });

        const deployment = new aws.apigateway.Deployment(
            ...child(
                "deployment",
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
            ),
        );

        const logging = this.logging(child, name, s, args.tags);
        const accessLogs = new aws.cloudwatch.LogGroup(
            ...child(
                "accessLogs",
                `${name}-access-logs`,
                { retentionInDays: s.accessLogRetentionInDays, tags: tags("access-logs") },
                statefulOptions(args.removal, parent),
            ),
        );
        this.stage = new aws.apigateway.Stage(
            ...child(
                "stage",
                `${name}-stage`,
                {
                    restApi: this.api.id,
                    deployment: deployment.id,
                    stageName: args.stageName,
                    xrayTracingEnabled: s.tracing,
                    accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
                    tags: tags("stage"),
                },
                { parent: this, dependsOn: logging.dependencies },
            ),
        );
        const methodSettings = new aws.apigateway.MethodSettings(
            ...child(
                "methodSettings",
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
            ),
        );

        const usagePlan = args.routes.some((r) => r.auth === "apiKey")
            ? this.usagePlan(child, name, s, args.tags)
            : undefined;
        if (usagePlan) {
            this.apiKeyId = usagePlan.apiKey.id;
            this.apiKeySecretArn = usagePlan.apiKeySecret.arn;
        }
        this.nodes = {
            api: this.api,
            resources,
            cognitoAuthorizer: authorizer,
            ...routes,
            deployment,
            ...logging.nodes,
            accessLogs,
            stage: this.stage,
            methodSettings,
            ...usagePlan,
        };
        this.invokeUrl = pulumi.interpolate`${this.stage.invokeUrl}/`;
        this.registerOutputs({
            invokeUrl: this.invokeUrl,
            restApiId: this.restApiId,
            executionArn: this.executionArn,
            ...(this.apiKeyId ? { apiKeyId: this.apiKeyId, apiKeySecretArn: this.apiKeySecretArn } : {}),
        });
    }

    /** The integration URI of a service action, when some route calls one (the region is looked up once). */
    private serviceUri(routes: Route[]): ((t: AwsServiceTarget) => pulumi.Output<string>) | undefined {
        if (!routes.some((r) => r.awsService)) return undefined;
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        return (t) => pulumi.all([partition, region]).apply(([p, r]) => serviceActionUri(p, r, t.service, t.action));
    }

    /** The role API Gateway assumes for a service route: exactly its action on its resources. */
    private serviceRole(
        child: RestApiChild,
        key: string,
        target: AwsServiceTarget,
        tags: Tags | undefined,
        nodes: Pick<RestApiNodes, "serviceRoles" | "servicePolicies">,
    ): pulumi.Output<string> {
        const role = new aws.iam.Role(
            ...child(
                "serviceRole",
                `${key}-role`,
                { assumeRolePolicy: apiGatewayTrustPolicy(), tags: tagsWithName(tags, `${key}-role`) },
                { parent: this },
            ),
        );
        const policy = new aws.iam.RolePolicy(
            ...child(
                "servicePolicy",
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
            ),
        );
        nodes.serviceRoles.push(role);
        nodes.servicePolicies.push(policy);
        // The integration needs the permission in place, not only the role.
        return pulumi.all([role.arn, policy.id]).apply(([arn]) => arn);
    }

    /** One API Gateway resource per path segment, shared by the routes below it; returns path → resource ID. */
    private resourceTree(
        child: RestApiChild,
        name: string,
        paths: string[],
    ): { ids: Map<string, pulumi.Input<string>>; resources: aws.apigateway.Resource[] } {
        const ids = new Map<string, pulumi.Input<string>>([["/", this.api.rootResourceId]]);
        const resources: aws.apigateway.Resource[] = [];
        for (const path of [...new Set(paths)].sort()) {
            let prefix = "";
            for (const segment of path.split("/").filter(Boolean)) {
                const parentPath = prefix || "/";
                prefix = `${prefix}/${segment}`;
                if (ids.has(prefix)) continue;
                const resource = new aws.apigateway.Resource(
                    ...child(
                        "resource",
                        `${name}-resource-${prefix.slice(1).replace(/[{}+]/g, "").replace(/\//g, "-")}`,
                        { restApi: this.api.id, parentId: ids.get(parentPath)!, pathPart: segment },
                        { parent: this },
                    ),
                );
                ids.set(prefix, resource.id);
                resources.push(resource);
            }
        }
        return { ids, resources };
    }

    /**
     * The execution log group, created ahead with retention (API Gateway would create it keeping logs
     * forever), and the account's logging role when this API manages it.
     */
    private logging(
        child: RestApiChild,
        name: string,
        s: ResolvedRestApiArgs,
        tags: Tags | undefined,
    ): {
        dependencies: pulumi.Resource[];
        nodes: Pick<RestApiNodes, "executionLogs" | "accountLoggingRole" | "accountLoggingPolicy" | "account">;
    } {
        const dependencies: pulumi.Resource[] = [];
        const nodes: Pick<RestApiNodes, "executionLogs" | "accountLoggingRole" | "accountLoggingPolicy" | "account"> =
            {};
        if (s.loggingLevel !== "OFF") {
            nodes.executionLogs = new aws.cloudwatch.LogGroup(
                ...child(
                    "executionLogs",
                    `${name}-execution-logs`,
                    {
                        name: pulumi.interpolate`API-Gateway-Execution-Logs_${this.api.id}/${s.stageName}`,
                        retentionInDays: s.accessLogRetentionInDays,
                        tags: tagsWithName(tags, `${name}-execution-logs`),
                    },
                    statefulOptions(s.removal, { parent: this }),
                ),
            );
            dependencies.push(nodes.executionLogs);
        }
        if (s.manageAccountLoggingRole) {
            // Account-wide: deleting the setting (provider v7 resets it on delete) or its role would turn
            // API logging off for every other API in the account and region. Kept on destroy, always.
            const kept = { parent: this, retainOnDelete: true };
            const role = new aws.iam.Role(
                ...child(
                    "accountLoggingRole",
                    `${name}-account-logging-role`,
                    {
                        assumeRolePolicy: apiGatewayTrustPolicy(),
                        tags: tagsWithName(tags, `${name}-account-logging-role`),
                    },
                    kept,
                ),
            );
            const partition = aws.getPartitionOutput({}, { parent: this }).partition;
            const attachment = new aws.iam.RolePolicyAttachment(
                ...child(
                    "accountLoggingPolicy",
                    `${name}-account-logging-policy`,
                    {
                        role: role.name,
                        policyArn: partition.apply((p) =>
                            managedPolicyArn(p, "service-role/AmazonAPIGatewayPushToCloudWatchLogs"),
                        ),
                    },
                    kept,
                ),
            );
            const account = new aws.apigateway.Account(
                ...child(
                    "account",
                    `${name}-account`,
                    { cloudwatchRoleArn: role.arn },
                    { ...kept, dependsOn: [attachment] },
                ),
            );
            dependencies.push(account);
            Object.assign(nodes, { accountLoggingRole: role, accountLoggingPolicy: attachment, account });
        }
        return { dependencies, nodes };
    }

    /**
     * A usage plan (quota and throttle per key) with one API key, for `auth: "apiKey"` routes. API Gateway
     * generates the key's value; the provider keeps it as a secret output, and it is copied into a Secrets
     * Manager secret, so it reaches clients through IAM-controlled reads and never a stack output.
     */
    private usagePlan(
        child: RestApiChild,
        name: string,
        s: ResolvedRestApiArgs,
        tags: Tags | undefined,
    ): Required<Pick<RestApiNodes, "usagePlan" | "apiKey" | "usagePlanKey" | "apiKeySecret" | "apiKeySecretValue">> {
        const plan = s.usagePlan ?? {};
        const usagePlan = new aws.apigateway.UsagePlan(
            ...child(
                "usagePlan",
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
            ),
        );
        const apiKey = new aws.apigateway.ApiKey(
            ...child(
                "apiKey",
                `${name}-api-key`,
                { enabled: true, tags: tagsWithName(tags, `${name}-api-key`) },
                { parent: this },
            ),
        );
        const usagePlanKey = new aws.apigateway.UsagePlanKey(
            ...child(
                "usagePlanKey",
                `${name}-usage-plan-key`,
                { keyId: apiKey.id, keyType: "API_KEY", usagePlanId: usagePlan.id },
                { parent: this },
            ),
        );
        const apiKeySecret = new aws.secretsmanager.Secret(
            ...child(
                "apiKeySecret",
                `${name}-api-key-secret`,
                {
                    description: `${name}: the API key of its auth: apiKey routes (usage plan ${name}-usage-plan)`,
                    // Removed with the stack: deleted at once, so a redeployment does not wait out a recovery window.
                    recoveryWindowInDays: removesContents(s.removal) ? 0 : 30,
                    tags: tagsWithName(tags, `${name}-api-key-secret`),
                },
                statefulOptions(s.removal, { parent: this }),
            ),
        );
        const apiKeySecretValue = new aws.secretsmanager.SecretVersion(
            ...child(
                "apiKeySecretValue",
                `${name}-api-key-secret-value`,
                // `value` is a secret output of ApiKey: the state holds it encrypted, as it holds this copy.
                { secretId: apiKeySecret.id, secretString: pulumi.secret(apiKey.value) },
                { parent: this },
            ),
        );
        return { usagePlan, apiKey, usagePlanKey, apiKeySecret, apiKeySecretValue };
    }
}

type RestApiChild = ChildFactory<RestApiChildArgs>;

/** What a route's integration calls: the function's invoke ARN, or the service action with its template. */
function integrationTarget(
    route: Route,
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
