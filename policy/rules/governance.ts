import { obj, resourceRule, stackRule } from "./helpers";
import { PolicyResourceLike, stackOf } from "./types";

/** Resources whose deletion loses data (logs and queued messages included). */
export const STATEFUL_TYPES = [
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:dynamodb/table:Table",
    "aws:ecr/repository:Repository",
    "aws:efs/fileSystem:FileSystem",
    "aws:cognito/userPool:UserPool",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:sqs/queue:Queue",
];

/** Resources of which an AWS account (and region) has exactly one: every stack that registers one manages the same. */
export const ACCOUNT_SINGLETON_TYPES = [
    "aws:apigateway/account:Account",
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    "aws:ebs/encryptionByDefault:EncryptionByDefault",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    "aws:iam/accountAlias:AccountAlias",
    "aws:guardduty/detector:Detector",
    "aws:securityhub/account:Account",
    "aws:macie2/account:Account",
    "aws:ec2/serialConsoleAccess:SerialConsoleAccess",
];

/** Types of this library that take tags (the rest take none). */
export const TAGGABLE_TYPES = [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/eip:Eip",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    "aws:ec2/flowLog:FlowLog",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:iam/role:Role",
    "aws:rds/instance:Instance",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:lambda/function:Function",
    "aws:ecr/repository:Repository",
    "aws:apigateway/restApi:RestApi",
    "aws:apigateway/stage:Stage",
    "aws:s3/bucket:Bucket",
    "aws:sqs/queue:Queue",
    "aws:sns/topic:Topic",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:cognito/userPool:UserPool",
    "aws:secretsmanager/secret:Secret",
    "aws:dynamodb/table:Table",
];
/**
 * The provider's default tags (`defaultTags: { tags }`), which it applies to every taggable resource: as an
 * explicit provider's input object, or as the default provider's `aws:defaultTags` config (JSON text).
 */
function providerDefaultTags(r: PolicyResourceLike): Record<string, string> {
    let defaults: unknown = r.provider?.props.defaultTags;
    if (typeof defaults === "string") {
        try {
            defaults = JSON.parse(defaults);
        } catch {
            return {};
        }
    }
    return (defaults as { tags?: Record<string, string> } | undefined)?.tags ?? {};
}

const SECRET_OUTPUT = /(password|passwd|secret|token|private_?key|credential)/i;

export const governanceRules = [
    resourceRule({
        name: "stateful-resources-protected",
        types: STATEFUL_TYPES,
        severity: "high",
        enforcementLevel: "mandatory",
        description:
            "In production stacks, resources that hold data (databases, buckets, repositories, keys, secrets, logs, queued messages) are protected: a destroy or a replacement stops instead of deleting them.",
        remediation: "Register them with { protect: true } (or the components' removal: retain) in these stacks.",
        configSchema: {
            properties: {
                stacks: {
                    type: "array",
                    items: { type: "string" },
                    default: ["prod", "production"],
                    description: "The stacks whose stateful resources must be protected.",
                },
            },
        },
        validate: (r, report, config) => {
            if ((config.stacks as string[]).includes(stackOf(r)) && r.opts?.protect !== true)
                report(`${stackOf(r)} holds data here without protect`);
        },
    }),
    resourceRule({
        name: "account-singleton-owned",
        types: ACCOUNT_SINGLETON_TYPES,
        severity: "high",
        enforcementLevel: "mandatory",
        description:
            "Account-wide singletons (API Gateway's account settings, account public access block, EBS default encryption, ...) are managed by one stack, named in the policy config: when any other stack is destroyed, their deletion resets the setting for every environment in the account.",
        remediation:
            'Register it only in the owning stack (and name that stack in this policy\'s "owners" config); others leave it out.',
        configSchema: {
            properties: {
                owners: {
                    type: "array",
                    items: { type: "string" },
                    default: [],
                    description: "The stacks allowed to manage account-wide singletons.",
                },
            },
        },
        validate: (r, report, config) => {
            const owners = config.owners as string[];
            if (owners.length === 0)
                report(`every stack that registers ${r.type} manages the account's one; no owner is configured`);
            else if (!owners.includes(stackOf(r))) report(`${stackOf(r)} is not its owner (${owners.join(", ")})`);
        },
    }),
    resourceRule({
        name: "tags-environment",
        securityHub: ["DynamoDB.5"],
        types: TAGGABLE_TYPES,
        severity: "low",
        enforcementLevel: "mandatory",
        description: "Taggable resources carry an Environment tag (cost allocation, ownership, access control).",
        remediation:
            "Pass tags with Environment (and Project) to the component or resource, or set the provider's defaultTags.",
        validate: (r, report) => {
            if (!obj(r.props.tags).Environment && !providerDefaultTags(r).Environment) report("no Environment tag");
        },
    }),
    stackRule({
        name: "stack-outputs-no-secrets",
        types: ["pulumi:pulumi:Stack"],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "Stack outputs hold no secret values (only references such as ARNs).",
        remediation: "Export the secret's ARN, never its value.",
        validate: (stack, report) => {
            for (const [key, value] of Object.entries(stack.outputs)) {
                if (SECRET_OUTPUT.test(key) && !/^arn:/.test(String(value)))
                    report(undefined, `output ${key} looks like a secret value`);
            }
        },
    }),
];
