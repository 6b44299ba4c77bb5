/**
 * `npm run generate:replace-rules -- <terraform-provider-aws checkout> [--source <version or commit>]`:
 * regenerates replace-rules.json, the inputs whose change makes the AWS provider replace a resource, for every
 * AWS resource type this library registers. Pulumi's AWS provider is bridged from Terraform's, so these are
 * Terraform's `ForceNew: true` attributes (SDKv2 resources) and `RequiresReplace` plan modifiers (Framework
 * resources), read from the provider's Go source and renamed to Pulumi's input names (checked against
 * @pulumi/aws's own declarations). The Docker provider's rules are written by hand in docker.ts, from its source.
 */
import * as fs from "fs";
import * as path from "path";
import { CommandSpec, UsageError, command, runAsScript } from "../../cli";
import { REPO_ROOT } from "../../paths";
import { attributeConstants, camelCase, closingBrace, forceNewPaths, packageConstants } from "./go-schema";

/** Every AWS type the components register, and its Terraform type. */
export const TERRAFORM_TYPES: Record<string, string> = {
    "aws:apigateway/account:Account": "aws_api_gateway_account",
    "aws:apigateway/apiKey:ApiKey": "aws_api_gateway_api_key",
    "aws:apigateway/authorizer:Authorizer": "aws_api_gateway_authorizer",
    "aws:apigateway/deployment:Deployment": "aws_api_gateway_deployment",
    "aws:apigateway/integration:Integration": "aws_api_gateway_integration",
    "aws:apigateway/integrationResponse:IntegrationResponse": "aws_api_gateway_integration_response",
    "aws:apigateway/method:Method": "aws_api_gateway_method",
    "aws:apigateway/methodResponse:MethodResponse": "aws_api_gateway_method_response",
    "aws:apigateway/methodSettings:MethodSettings": "aws_api_gateway_method_settings",
    "aws:apigateway/resource:Resource": "aws_api_gateway_resource",
    "aws:apigateway/restApi:RestApi": "aws_api_gateway_rest_api",
    "aws:apigateway/stage:Stage": "aws_api_gateway_stage",
    "aws:apigateway/usagePlan:UsagePlan": "aws_api_gateway_usage_plan",
    "aws:apigateway/usagePlanKey:UsagePlanKey": "aws_api_gateway_usage_plan_key",
    "aws:cloudwatch/dashboard:Dashboard": "aws_cloudwatch_dashboard",
    "aws:cloudwatch/eventRule:EventRule": "aws_cloudwatch_event_rule",
    "aws:cognito/userPool:UserPool": "aws_cognito_user_pool",
    "aws:cognito/userPoolClient:UserPoolClient": "aws_cognito_user_pool_client",
    "aws:cloudwatch/eventTarget:EventTarget": "aws_cloudwatch_event_target",
    "aws:cloudwatch/logGroup:LogGroup": "aws_cloudwatch_log_group",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "aws_cloudwatch_metric_alarm",
    "aws:dynamodb/table:Table": "aws_dynamodb_table",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "aws_default_security_group",
    "aws:ec2/eip:Eip": "aws_eip",
    "aws:ec2/flowLog:FlowLog": "aws_flow_log",
    "aws:ec2/internetGateway:InternetGateway": "aws_internet_gateway",
    "aws:ec2/natGateway:NatGateway": "aws_nat_gateway",
    "aws:ec2/route:Route": "aws_route",
    "aws:ec2/routeTable:RouteTable": "aws_route_table",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "aws_route_table_association",
    "aws:ec2/securityGroup:SecurityGroup": "aws_security_group",
    "aws:ec2/subnet:Subnet": "aws_subnet",
    "aws:ec2/vpc:Vpc": "aws_vpc",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "aws_vpc_endpoint",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "aws_ecr_lifecycle_policy",
    "aws:ecr/repository:Repository": "aws_ecr_repository",
    "aws:iam/role:Role": "aws_iam_role",
    "aws:iam/rolePolicy:RolePolicy": "aws_iam_role_policy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "aws_iam_role_policy_attachment",
    "aws:lambda/function:Function": "aws_lambda_function",
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": "aws_lambda_function_event_invoke_config",
    "aws:lambda/invocation:Invocation": "aws_lambda_invocation",
    "aws:lambda/layerVersion:LayerVersion": "aws_lambda_layer_version",
    "aws:lambda/permission:Permission": "aws_lambda_permission",
    "aws:rds/instance:Instance": "aws_db_instance",
    "aws:rds/parameterGroup:ParameterGroup": "aws_db_parameter_group",
    "aws:rds/subnetGroup:SubnetGroup": "aws_db_subnet_group",
    "aws:s3/bucket:Bucket": "aws_s3_bucket",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "aws_s3_bucket_lifecycle_configuration",
    "aws:s3/bucketNotification:BucketNotification": "aws_s3_bucket_notification",
    "aws:s3/bucketPolicy:BucketPolicy": "aws_s3_bucket_policy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "aws_s3_bucket_public_access_block",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
        "aws_s3_bucket_server_side_encryption_configuration",
    "aws:secretsmanager/secret:Secret": "aws_secretsmanager_secret",
    "aws:secretsmanager/secretVersion:SecretVersion": "aws_secretsmanager_secret_version",
    "aws:sns/topic:Topic": "aws_sns_topic",
    "aws:sns/topicSubscription:TopicSubscription": "aws_sns_topic_subscription",
    "aws:sqs/queue:Queue": "aws_sqs_queue",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "aws_vpc_security_group_egress_rule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "aws_vpc_security_group_ingress_rule",
};

/** Where Pulumi's input name is not the camel case of Terraform's (from pulumi-aws's resource mappings). */
const PULUMI_NAMES: Record<string, Record<string, string>> = {
    "aws:dynamodb/table:Table": { local_secondary_index: "localSecondaryIndexes" },
    "aws:lambda/function:Function": { function_name: "name" },
    "aws:lambda/permission:Permission": { function_name: "function" },
    "aws:sns/topicSubscription:TopicSubscription": { topic_arn: "topic" },
    "aws:apigateway/stage:Stage": { rest_api_id: "restApi", deployment_id: "deployment" },
    "aws:apigateway/resource:Resource": { rest_api_id: "restApi" },
    "aws:apigateway/method:Method": { rest_api_id: "restApi" },
    "aws:apigateway/methodResponse:MethodResponse": { rest_api_id: "restApi" },
    "aws:apigateway/methodSettings:MethodSettings": { rest_api_id: "restApi" },
    "aws:apigateway/integration:Integration": { rest_api_id: "restApi" },
    "aws:apigateway/integrationResponse:IntegrationResponse": { rest_api_id: "restApi" },
    "aws:apigateway/deployment:Deployment": { rest_api_id: "restApi" },
    "aws:apigateway/authorizer:Authorizer": { rest_api_id: "restApi" },
    "aws:cloudwatch/eventTarget:EventTarget": { target_id: "targetId" },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { alarm_name: "name" },
    "aws:ecr/repository:Repository": { encryption_configuration: "encryptionConfigurations" },
    "aws:lambda/layerVersion:LayerVersion": { filename: "code" },
    "aws:ec2/flowLog:FlowLog": { tag_field_specification: "tagFieldSpecifications" },
};

/**
 * Replacements the provider decides at plan time (a `CustomizeDiff`), which no schema literal shows: added to
 * every generation, so that the preview errs towards "replace" for them (read in terraform-provider-aws 6.58.0).
 */
const CONDITIONAL_REPLACEMENTS: Record<string, string[]> = {
    // secretVersionForceNewCustomDiff: a new secret_string (or write-only one, or its version) is a new
    // version (secret_string's ForceNew left the schema in 6.45).
    "aws:secretsmanager/secretVersion:SecretVersion": ["secretString", "secretStringWo", "secretStringWoVersion"],
    // customdiff.ForceNewIfChange when a restore source is set to a new value: the restore is a new table.
    "aws:dynamodb/table:Table": ["restoreBackupArn", "restoreSourceName", "restoreSourceTableArn"],
    // resourceVPCCustomizeDiff: any tenancy change but dedicated to default.
    "aws:ec2/vpc:Vpc": ["instanceTenancy"],
    // resourceNATGatewayCustomizeDiff: the secondary addresses of a private NAT gateway.
    "aws:ec2/natGateway:NatGateway": ["secondaryPrivateIpAddressCount"],
    // A change, unless from "" to the caller's own account (ForceNew left the schema in 6.31).
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["expectedBucketOwner"],
    // customizeDiffInputChangeWithCreateOnlyScope: with the default CREATE_ONLY scope, a new input is a new
    // invocation (the function runs again).
    "aws:lambda/invocation:Invocation": ["input"],
    // resourceAuthorizerCustomizeDiff: a switch to or from COGNITO_USER_POOLS.
    "aws:apigateway/authorizer:Authorizer": ["type"],
    // resourceVPCEndpoint's CustomizeDiff: a change for an endpoint that is not an Interface one.
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["privateDnsEnabled"],
    // customdiff.ForceNewIf: a new IPv6 block where addresses were assigned on creation.
    "aws:ec2/subnet:Subnet": ["ipv6CidrBlock"],
    // customdiff.ForceNewIfChange: durable_config added or removed.
    "aws:lambda/function:Function": ["durableConfig"],
};

export interface ReplaceRules {
    /** What the table was generated from. */
    source: { provider: string; version: string; commit?: string; generatedBy: string };
    /**
     * Types read by hand from a newer source since the last generation (a regeneration from that version or a
     * newer one replaces this; one from an older version is refused): where from (`repository` when it is not
     * the provider's own), which release and commit, and why.
     */
    handAdded?: { repository?: string; version?: string; commit: string; note: string; types: string[] };
    /** Per Pulumi type, the input paths (dotted, `[]` for list items) whose change replaces the resource. */
    types: Record<string, { terraformType: string; replaceOnChange: string[] }>;
}

/** Framework resources whose schema is another type's (an embedded resource struct). */
const SCHEMA_OF: Record<string, string> = {
    // securityGroupEgressRuleResource embeds securityGroupRuleResource, whose Schema is in the ingress file.
    aws_vpc_security_group_egress_rule: "aws_vpc_security_group_ingress_rule",
};

/**
 * The Go source of a Terraform resource type's current schema in a provider checkout: the body of its
 * Framework `Schema` method, or of its SDKv2 factory function (state upgraders' old schemas excluded), with the
 * string constants of its service package (some schemas name attributes by them).
 */
export function resourceSchemaSource(
    checkout: string,
    terraformType: string,
): { source: string; constants: Record<string, string> } {
    const type = SCHEMA_OF[terraformType] ?? terraformType;
    const serviceRoot = path.join(checkout, "internal", "service");
    for (const service of fs.readdirSync(serviceRoot)) {
        const dir = path.join(serviceRoot, service);
        const goFiles = fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))
            .map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
        const constants = () => Object.assign({}, ...goFiles.map(packageConstants)) as Record<string, string>;
        // Framework resources name their type in their Metadata method.
        const framework = goFiles.find((text) => text.includes(`TypeName = "${type}"`));
        if (framework)
            return { source: functionBody(framework, /func \([^)]*\) Schema\(ctx/, type), constants: constants() };
        const gen = goFiles.find((text) => text.includes("func (p *servicePackage) SDKResources"));
        if (!gen) continue;
        // SDKv2 resources: `Factory: <func>, TypeName: "<type>"` in the Resources list (not DataSources).
        const resources = gen.slice(gen.indexOf("func (p *servicePackage) SDKResources"));
        const match = new RegExp(`Factory:\\s+(\\w+),\\s+TypeName:\\s+"${type}"`).exec(resources);
        if (!match) continue;
        const definition = new RegExp(`func ${match[1]}\\(\\) \\*schema\\.Resource`);
        const file = goFiles.find((text) => definition.test(text));
        if (file)
            return {
                source: withSchemaVariable(functionBody(file, definition, type), goFiles),
                constants: constants(),
            };
    }
    throw new Error(`${terraformType}: no definition found under ${serviceRoot}`);
}

/**
 * Appends the package-level `var <x>Schema = map[...]...{...}` a factory refers to as `Schema: <x>Schema` (or,
 * in newer versions, `Schema: maps.Clone(<x>Schema)`).
 */
export function withSchemaVariable(body: string, goFiles: string[]): string {
    const reference = /\bSchema:\s+(?:maps\.Clone\()?(\w+)\)?,/.exec(body);
    if (!reference) return body;
    for (const text of goFiles) {
        const match = new RegExp(`\\b${reference[1]}\\s*=\\s*map\\[`).exec(text);
        if (match) {
            const open = text.indexOf("{", match.index);
            return body + text.slice(open, closingBrace(text, open));
        }
    }
    return body;
}

function functionBody(source: string, signature: RegExp, type: string): string {
    const match = signature.exec(source);
    if (!match) throw new Error(`${type}: no ${signature.source} in its file`);
    const open = source.indexOf("{", match.index + match[0].length);
    return source.slice(open, closingBrace(source, open));
}

/** The input names of a Pulumi AWS type, from @pulumi/aws's declarations (`<Resource>Args`). */
function pulumiInputNames(type: string): Set<string> {
    const [, module, resource] = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):(\w+)$/.exec(type)!;
    const declaration = path.join(REPO_ROOT, "node_modules", "@pulumi", "aws", module, `${resource}.d.ts`);
    const text = fs.readFileSync(declaration, "utf8");
    const className = type.split(":").pop()!;
    const args = text.slice(text.indexOf(`export interface ${className}Args {`));
    const body = args.slice(0, args.indexOf("\n}"));
    return new Set([...body.matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]));
}

/** Terraform attribute paths as Pulumi input paths: renamed where Pulumi renames, camel case otherwise. */
export function toPulumiPath(type: string, terraformPath: string): string {
    const segments = terraformPath.split(".");
    const top = PULUMI_NAMES[type]?.[segments[0]] ?? camelCase(segments[0]);
    return [top, ...segments.slice(1).map(camelCase)].join(".");
}

/**
 * One type's replacing inputs from its schema's Go source: the attributes it forces a replacement on, renamed
 * to Pulumi's inputs, with the provider's conditional replacements. What is not a Pulumi input is `dropped`
 * (an output-only attribute, rightly; or a name Pulumi renames and PULUMI_NAMES lacks); `unresolved` names the
 * keys whose constant was not found (their attributes are unknown).
 */
export function replaceRulesOf(
    type: string,
    source: string,
    constants: Record<string, string>,
): { replaceOnChange: string[]; dropped: string[]; unresolved: string[] } {
    const unresolved: string[] = [];
    const paths = forceNewPaths(source, constants, (name) => unresolved.push(name));
    const inputs = pulumiInputNames(type);
    const replaceOnChange: string[] = [];
    const dropped: string[] = [];
    for (const p of new Set([...paths.map((p) => toPulumiPath(type, p)), ...(CONDITIONAL_REPLACEMENTS[type] ?? [])]))
        (inputs.has(p.split(".")[0]) ? replaceOnChange : dropped).push(p);
    return { replaceOnChange: replaceOnChange.sort(), dropped, unresolved: [...new Set(unresolved)] };
}

export function generate(
    checkout: string,
    version: string,
    commit?: string,
): { rules: ReplaceRules; dropped: string[] } {
    const types: ReplaceRules["types"] = {};
    const dropped: string[] = [];
    // Attribute names as Go constants (names.AttrName), in the files they have lived in across versions.
    const constants = Object.assign(
        {},
        ...["attr_consts.go", "attr_consts_gen.go"]
            .map((f) => path.join(checkout, "names", f))
            .filter((f) => fs.existsSync(f))
            .map((f) => attributeConstants(fs.readFileSync(f, "utf8"))),
    ) as Record<string, string>;
    for (const [type, terraformType] of Object.entries(TERRAFORM_TYPES).sort(([a], [b]) => a.localeCompare(b))) {
        const schema = resourceSchemaSource(checkout, terraformType);
        const rules = replaceRulesOf(type, schema.source, { ...constants, ...schema.constants });
        types[type] = { terraformType, replaceOnChange: rules.replaceOnChange };
        dropped.push(...rules.dropped.map((p) => `${type} ${p}`));
        dropped.push(...rules.unresolved.map((name) => `${type} an attribute named by ${name}, a constant not found`));
    }
    return {
        rules: {
            source: {
                provider: "hashicorp/terraform-provider-aws",
                version,
                commit,
                generatedBy: "npm run generate:replace-rules -- <checkout> --source <version>",
            },
            types,
        },
        dropped,
    };
}

export const RULES_FILE = path.join(__dirname, "aws.json");

/** Whether version `a` (`6.58.0`) is older than `b`. */
export function olderVersion(a: string, b: string): boolean {
    const [x, y] = [a, b].map((v) => v.split(".").map(Number));
    for (let i = 0; i < Math.max(x.length, y.length); i++)
        if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
    return false;
}

export const SPEC: CommandSpec = {
    command: "npm run -s generate:replace-rules --",
    summary:
        "Regenerates tools/preview/replace-rules/aws.json, the inputs whose change replaces each AWS resource type " +
        "the library registers, from a terraform-provider-aws source checkout (its ForceNew and RequiresReplace).",
    options: {
        source: {
            type: "string",
            placeholder: "<version>",
            description: "The provider version of the checkout (default: the newest in its CHANGELOG.md).",
        },
        commit: { type: "string", placeholder: "<sha>", description: "The checkout's commit, recorded with it." },
        out: { type: "string", placeholder: "<file>", description: "Where to write (default: the committed table)." },
    },
    positionals: { usage: "<checkout>", description: "A terraform-provider-aws source checkout." },
    examples: [
        "git clone --depth 1 https://github.com/hashicorp/terraform-provider-aws /tmp/tfaws",
        "npm run -s generate:replace-rules -- /tmp/tfaws --commit $(git -C /tmp/tfaws rev-parse HEAD)",
    ],
};

export const main = command(SPEC, async ({ values, positionals }, output) => {
    if (positionals.length !== 1) throw new UsageError("give one terraform-provider-aws checkout");
    const checkout = positionals[0];
    const changelog = path.join(checkout, "CHANGELOG.md");
    const version =
        (values.source as string | undefined) ??
        (fs.existsSync(changelog) ? /^## ([\d.]+)/m.exec(fs.readFileSync(changelog, "utf8"))?.[1] : undefined);
    if (!version) throw new UsageError("--source: give the checkout's provider version (it has no CHANGELOG.md)");
    const file = (values.out as string | undefined) ?? RULES_FILE;
    const committed = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as ReplaceRules) : undefined;
    const newer = committed?.handAdded?.version;
    if (newer && olderVersion(version, newer))
        throw new UsageError(
            `the checkout is ${version}, older than the ${newer} rules read by hand into ${path.basename(file)} (handAdded): ` +
                `regenerating would undo them. Fix: regenerate from ${newer} or newer, or write elsewhere with --out.`,
        );
    const { rules, dropped } = generate(checkout, version, values.commit as string | undefined);
    // Formatted as the repository formats JSON, so a regeneration diffs only in what changed.
    const prettier = await import("prettier");
    const options = { ...(await prettier.resolveConfig(RULES_FILE)), filepath: RULES_FILE };
    fs.writeFileSync(file, await prettier.format(JSON.stringify(rules, null, 2), options));
    const count = Object.values(rules.types).reduce((n, t) => n + t.replaceOnChange.length, 0);
    output.out(`${Object.keys(rules.types).length} types, ${count} replacing inputs, from ${version}`);
    // Check these: an output-only attribute is rightly left out; an input Pulumi renames needs PULUMI_NAMES.
    if (dropped.length > 0) output.out(`not Pulumi inputs, left out:\n  ${dropped.join("\n  ")}`);
    return 0;
});

if (require.main === module) runAsScript(main, 1);
