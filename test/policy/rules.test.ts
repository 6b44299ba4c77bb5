import * as assert from "assert/strict";
import { toPolicies } from "../../policy/pack";
import { RULES } from "../../policy/rules";
import { RecordedResource } from "../../tools/offline/evaluate";
import { PolicyConfig, Violation, runPack } from "../../tools/policy/engine";

type Fixture = RecordedResource & { refs?: Record<string, string[]> };

/** A recorded resource for a fixture; `refs` name the resources each property depends on (resolved in `violations`). */
function res(
    type: string,
    name: string,
    inputs: Record<string, any>,
    extra: { id?: string; outputs?: Record<string, any>; refs?: Record<string, string[]> } = {},
): Fixture {
    return {
        urn: `urn:pulumi:test::p::${type}::${name}`,
        type,
        name,
        inputs,
        custom: true,
        dependencies: [],
        secretInputs: [],
        propertyDependencies: {},
        id: extra.id ?? `${name}-id`,
        outputs: extra.outputs ?? { arn: `arn:${name}`, name },
        refs: extra.refs,
    };
}
const fixture = (...resources: Fixture[]) => resources;

async function violations(
    rule: string,
    resources: Fixture[],
    outputs: Record<string, unknown> = {},
    config: PolicyConfig = {},
): Promise<Violation[]> {
    const policies = toPolicies(RULES.filter((r) => r.name === rule));
    assert.equal(policies.length, 1, `no rule ${rule}`);
    for (const r of resources) {
        r.propertyDependencies = Object.fromEntries(
            Object.entries(r.refs ?? {}).map(([k, names]) => [
                k,
                names.flatMap((n) => resources.filter((x) => x.name === n).map((x) => x.urn)),
            ]),
        );
    }
    const run = await runPack(
        { name: "paas-aws", enforcementLevel: "mandatory", policies },
        { resources, outputs },
        config,
    );
    assert.deepEqual(run.errors, []);
    return run.violations;
}

const goodPool = {
    passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
    },
    deletionProtection: "ACTIVE",
    mfaConfiguration: "OPTIONAL",
    softwareTokenMfaConfiguration: { enabled: true },
};

const T = {
    userPool: "aws:cognito/userPool:UserPool",
    db: "aws:rds/instance:Instance",
    sg: "aws:rds/subnetGroup:SubnetGroup",
    pg: "aws:rds/parameterGroup:ParameterGroup",
    subnet: "aws:ec2/subnet:Subnet",
    vpc: "aws:ec2/vpc:Vpc",
    fn: "aws:lambda/function:Function",
    role: "aws:iam/role:Role",
    attach: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logs: "aws:cloudwatch/logGroup:LogGroup",
    stage: "aws:apigateway/stage:Stage",
    bucket: "aws:s3/bucket:Bucket",
    repo: "aws:ecr/repository:Repository",
    perm: "aws:lambda/permission:Permission",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    settings: "aws:apigateway/methodSettings:MethodSettings",
    method: "aws:apigateway/method:Method",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    notify: "aws:s3/bucketNotification:BucketNotification",
};
/** A subnet group over one subnet whose route table sends 0.0.0.0/0 to an internet or NAT gateway. */
const publicNetwork = (via: "igw" | "nat") =>
    fixture(
        ...subnets(["a"]),
        res(via === "igw" ? "aws:ec2/internetGateway:InternetGateway" : "aws:ec2/natGateway:NatGateway", "gw", {}),
        res("aws:ec2/routeTable:RouteTable", "rt", {}),
        res(
            "aws:ec2/route:Route",
            "default",
            { destinationCidrBlock: "0.0.0.0/0" },
            { refs: { routeTableId: ["rt"], gatewayId: ["gw"], natGatewayId: ["gw"] } },
        ),
        res(
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            "assoc",
            {},
            { refs: { subnetId: ["subnet-0"], routeTableId: ["rt"] } },
        ),
        res(T.sg, "group", { subnetIds: ["x"] }, { refs: { subnetIds: ["subnet-0"] } }),
    );
/** A policy document with one Allow statement (unless the statement says otherwise). */
const doc = (statement: Record<string, unknown>) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*", ...statement }] });
const protect = {
    protect: true,
    retainOnDelete: false,
    ignoreChanges: [],
    customTimeouts: {},
    additionalSecretOutputs: [],
};
const goodDb = {
    publiclyAccessible: false,
    storageEncrypted: true,
    backupRetentionPeriod: 7,
    multiAz: true,
    deletionProtection: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "db-final",
    enabledCloudwatchLogsExports: ["error", "slowquery"],
    autoMinorVersionUpgrade: true,
    manageMasterUserPassword: true,
    copyTagsToSnapshot: true,
    engine: "mysql",
    parameterGroupName: "pg",
};
const subnets = (zones: string[]) =>
    zones.map((z, i) =>
        res(
            T.subnet,
            `subnet-${i}`,
            { availabilityZone: z, cidrBlock: `10.0.${i}.0/24`, vpcId: "vpc-id" },
            { refs: { vpcId: ["vpc"] } },
        ),
    );
const vpc = res(T.vpc, "vpc", { cidrBlock: "10.0.0.0/16" });
const fn = (props: Record<string, any>, refs: Record<string, string[]> = {}) =>
    res(T.fn, "fn", { packageType: "Zip", runtime: "nodejs22.x", role: "arn:role", ...props }, { refs });
const bucketWith = (...configs: Fixture[]) => fixture(res(T.bucket, "bucket", {}), ...configs);

/** Each rule: resources that pass, resources that fail, and what the violation says. */
const CASES: Record<
    string,
    {
        pass: () => Fixture[];
        fail: () => Fixture[];
        says: RegExp;
        outputs?: Record<string, unknown>;
        /** The rule's config in both cases (its schema's defaults otherwise). */
        config?: PolicyConfig;
    }
> = {
    "rds-not-in-public-subnets": {
        pass: () => publicNetwork("nat"),
        fail: () => publicNetwork("igw"),
        says: /subnet-0 routes 0\.0\.0\.0\/0 to an internet gateway/,
    },
    "sg-rules-described": {
        pass: () => [res(T.egress, "e", { description: "HTTPS to AWS APIs", cidrIpv4: "0.0.0.0/0" })],
        fail: () => [
            res("aws:ec2/securityGroup:SecurityGroup", "sg", {
                description: "Managed by Pulumi",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443 }],
            }),
        ],
        says: /no description of its own/,
    },
    "rds-iam-authentication": {
        pass: () => [res(T.db, "db", { ...goodDb, iamDatabaseAuthenticationEnabled: true })],
        fail: () => [res(T.db, "db", goodDb)],
        says: /IAM database authentication is off/,
    },
    "rds-enhanced-monitoring": {
        pass: () => [res(T.db, "db", { ...goodDb, monitoringInterval: 60, monitoringRoleArn: "arn:role" })],
        fail: () => [res(T.db, "db", { ...goodDb, monitoringInterval: 60 })],
        says: /without monitoringRoleArn/,
    },
    "rds-ca-certificate": {
        pass: () => [res(T.db, "db", { ...goodDb, caCertIdentifier: "rds-ca-rsa2048-g1" })],
        fail: () => [res(T.db, "db", { ...goodDb, caCertIdentifier: "rds-ca-2019" })],
        says: /rds-ca-2019 is expired/,
    },
    "rds-custom-admin-username": {
        pass: () => [res(T.db, "db", { ...goodDb, username: "app_admin" })],
        fail: () => [res(T.db, "db", { ...goodDb, engine: "postgres", username: "postgres" })],
        says: /master user is postgres/,
    },
    "rds-final-snapshot-unique": {
        pass: () => [res(T.db, "prod-db", { ...goodDb, finalSnapshotIdentifier: "prod-db-final-3f9a1c" })],
        fail: () => [res(T.db, "prod-db", { ...goodDb, finalSnapshotIdentifier: "test-db-final" })],
        says: /test-db-final is the same on every deletion/,
    },
    "lambda-no-public-invoke": {
        pass: () => [res(T.perm, "perm", { principal: "123456789012" })],
        fail: () => [res(T.perm, "perm", { principal: "*", action: "lambda:InvokeFunction" })],
        says: /anyone may lambda:InvokeFunction/,
    },
    "lambda-permission-source-scoped": {
        pass: () => [
            res(T.perm, "perm", {
                principal: "s3.amazonaws.com",
                sourceArn: "arn:aws:s3:::b",
                sourceAccount: "123456789012",
            }),
        ],
        fail: () => [res(T.perm, "perm", { principal: "sns.amazonaws.com" })],
        says: /sns\.amazonaws\.com may invoke it from any account/,
    },
    "lambda-function-url-auth": {
        pass: () => [res("aws:lambda/functionUrl:FunctionUrl", "url", { authorizationType: "AWS_IAM" })],
        fail: () => [res("aws:lambda/functionUrl:FunctionUrl", "url", { authorizationType: "NONE" })],
        says: /NONE: the URL is public/,
    },
    "dynamodb-encrypted-kms": {
        pass: () => [res("aws:dynamodb/table:Table", "t", { serverSideEncryption: { enabled: true } })],
        fail: () => [res("aws:dynamodb/table:Table", "t", { serverSideEncryption: { enabled: false } })],
        says: /only under the AWS-owned key/,
    },
    "dynamodb-point-in-time-recovery": {
        pass: () => [res("aws:dynamodb/table:Table", "t", { pointInTimeRecovery: { enabled: true } })],
        fail: () => [res("aws:dynamodb/table:Table", "t", {})],
        says: /point-in-time recovery is off/,
    },
    "dynamodb-deletion-protection": {
        pass: () => [res("aws:dynamodb/table:Table", "t", { deletionProtectionEnabled: true })],
        fail: () => [res("aws:dynamodb/table:Table", "t", { deletionProtectionEnabled: false })],
        says: /the table can be deleted/,
    },
    "sqs-encrypted": {
        pass: () => [res("aws:sqs/queue:Queue", "q", {})],
        fail: () => [res("aws:sqs/queue:Queue", "q", { sqsManagedSseEnabled: false })],
        says: /not encrypted at rest/,
    },
    "sqs-policy-not-public": {
        pass: () => [
            res("aws:sqs/queuePolicy:QueuePolicy", "qp", {
                policy: doc({ Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage" }),
            }),
        ],
        fail: () => [
            res("aws:sqs/queuePolicy:QueuePolicy", "qp", {
                policy: doc({ Principal: "*", Action: "sqs:SendMessage" }),
            }),
        ],
        says: /lets anyone sqs:SendMessage the queue/,
    },
    "sns-encrypted": {
        pass: () => [res("aws:sns/topic:Topic", "t", { kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" })],
        fail: () => [res("aws:sns/topic:Topic", "t", {})],
        says: /not encrypted at rest/,
    },
    "sns-policy-not-public": {
        pass: () => [
            res("aws:sns/topicPolicy:TopicPolicy", "tp", {
                policy: doc({
                    Principal: "*",
                    Action: "sns:Publish",
                    Condition: { ArnLike: { "aws:SourceArn": "arn:x" } },
                }),
            }),
        ],
        fail: () => [
            res("aws:sns/topicPolicy:TopicPolicy", "tp", {
                policy: doc({ Principal: { AWS: "*" }, Action: "sns:Subscribe" }),
            }),
        ],
        says: /lets anyone sns:Subscribe the topic/,
    },
    "kms-key-rotation": {
        pass: () => [
            res("aws:kms/key:Key", "k", { enableKeyRotation: true }),
            res("aws:kms/key:Key", "k2", { customerMasterKeySpec: "RSA_2048" }),
        ],
        fail: () => [res("aws:kms/key:Key", "k", {})],
        says: /rotation is off/,
    },
    "kms-key-policy-not-public": {
        pass: () => [
            res("aws:kms/key:Key", "k", {
                policy: doc({ Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*" }),
            }),
        ],
        fail: () => [res("aws:kms/key:Key", "k", { policy: doc({ Principal: "*", Action: "kms:Decrypt" }) })],
        says: /lets anyone kms:Decrypt the key/,
    },
    "alarm-actions-enabled": {
        pass: () => [res(T.alarm, "a", { alarmActions: ["arn:sns"] })],
        fail: () => [res(T.alarm, "a", { actionsEnabled: false, alarmActions: ["arn:sns"] })],
        says: /actions are disabled/,
    },
    "alarm-has-actions": {
        pass: () => [res(T.alarm, "a", { alarmActions: ["arn:sns"] })],
        fail: () => [res(T.alarm, "a", { alarmActions: [] })],
        says: /notifies nobody/,
    },
    "alarm-topic-subscribed": {
        pass: () =>
            fixture(
                res("aws:sns/topic:Topic", "alerts", {}),
                res(T.alarm, "a", { alarmActions: ["arn:alerts"] }, { refs: { alarmActions: ["alerts"] } }),
                res(
                    "aws:sns/topicSubscription:TopicSubscription",
                    "sub",
                    { topic: "arn:alerts" },
                    { refs: { topic: ["alerts"] } },
                ),
            ),
        fail: () =>
            fixture(
                res("aws:sns/topic:Topic", "alerts", {}),
                res(T.alarm, "a", { alarmActions: ["arn:alerts"] }, { refs: { alarmActions: ["alerts"] } }),
            ),
        says: /nothing subscribes/,
    },
    "iam-sensitive-actions-scoped": {
        pass: () => [
            res(T.rolePolicy, "p", {
                policy: doc({ Action: "kms:Decrypt", Resource: "arn:aws:kms:eu-west-1:1:key/k" }),
            }),
        ],
        fail: () => [
            res(T.rolePolicy, "p", {
                policy: doc({ Action: ["iam:Pass*", "secretsmanager:GetSecretValue"], Resource: "*" }),
            }),
        ],
        says: /allows iam:PassRole, secretsmanager:GetSecretValue on every resource/,
    },
    "iam-trust-policy-scoped": {
        pass: () => [
            res(T.role, "r", {
                assumeRolePolicy: doc({ Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
            }),
        ],
        fail: () => [
            res(T.role, "r", { assumeRolePolicy: doc({ Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) }),
        ],
        says: /anyone \(\*\) may assume the role/,
    },
    "apigateway-execution-logging": {
        pass: () =>
            fixture(
                res(T.stage, "stage", { restApi: "api", stageName: "dev" }),
                res(T.settings, "ms", { restApi: "api", stageName: "dev", settings: { loggingLevel: "ERROR" } }),
            ),
        fail: () =>
            fixture(
                res(T.stage, "stage", { restApi: "api", stageName: "dev" }),
                res(T.settings, "ms", { restApi: "api", stageName: "dev", settings: { loggingLevel: "OFF" } }),
            ),
        says: /execution logging is off/,
    },
    "apigateway-no-data-trace": {
        pass: () => [res(T.settings, "ms", { methodPath: "*/*", settings: { dataTraceEnabled: false } })],
        fail: () => [res(T.settings, "ms", { methodPath: "*/*", settings: { dataTraceEnabled: true } })],
        says: /data tracing is on for \*\/\*/,
    },
    "apigateway-cache-encrypted": {
        pass: () => [
            res(T.settings, "ms", { methodPath: "*/*", settings: { cachingEnabled: true, cacheDataEncrypted: true } }),
        ],
        fail: () => [res(T.settings, "ms", { methodPath: "*/*", settings: { cachingEnabled: true } })],
        says: /not encrypted/,
    },
    "apigateway-write-methods-authorized": {
        pass: () => [
            res(T.method, "m", { httpMethod: "POST", authorization: "AWS_IAM" }),
            res(T.method, "g", { httpMethod: "GET", authorization: "NONE" }),
        ],
        fail: () => [res(T.method, "m", { httpMethod: "DELETE", authorization: "NONE" })],
        says: /DELETE is open to anyone/,
    },
    "apigateway-methods-authorized": {
        pass: () => [res(T.method, "m", { httpMethod: "GET", authorization: "NONE", apiKeyRequired: true })],
        fail: () => [res(T.method, "m", { httpMethod: "GET", authorization: "NONE" })],
        says: /GET is open to anyone/,
    },
    "sg-no-unrestricted-egress": {
        pass: () => [res(T.egress, "e", { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 })],
        fail: () => [
            res("aws:ec2/securityGroup:SecurityGroup", "sg", {
                egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
            }),
        ],
        says: /egress to 0\.0\.0\.0\/0 on every port/,
    },
    "nacl-no-open-admin-ports": {
        pass: () => [
            res("aws:ec2/networkAclRule:NetworkAclRule", "r", {
                ruleAction: "allow",
                cidrBlock: "0.0.0.0/0",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
            }),
        ],
        fail: () => [
            res("aws:ec2/networkAcl:NetworkAcl", "acl", {
                ingress: [{ action: "allow", cidrBlock: "0.0.0.0/0", protocol: "tcp", fromPort: 0, toPort: 3389 }],
            }),
        ],
        says: /admits 0\.0\.0\.0\/0 to port 22 and 3389/,
    },
    "s3-access-logging": {
        pass: () =>
            bucketWith(
                res(
                    "aws:s3/bucketLogging:BucketLogging",
                    "log",
                    { bucket: "b", targetBucket: "logs" },
                    { refs: { bucket: ["bucket"] } },
                ),
            ),
        fail: () => bucketWith(),
        says: /no server access logs/,
    },
    "s3-policy-not-public": {
        pass: () => [
            res("aws:s3/bucketPolicy:BucketPolicy", "p", {
                policy: doc({ Effect: "Deny", Principal: "*", Action: "s3:*" }),
            }),
        ],
        fail: () => [
            res("aws:s3/bucketPolicy:BucketPolicy", "p", { policy: doc({ Principal: "*", Action: "s3:GetObject" }) }),
        ],
        says: /anyone may s3:GetObject/,
    },
    "s3-no-acls": {
        pass: () => [
            res("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "o", {
                rule: { objectOwnership: "BucketOwnerEnforced" },
            }),
        ],
        fail: () => [res("aws:s3/bucketAclV2:BucketAclV2", "acl", { acl: "public-read" })],
        says: /public-read makes objects public/,
    },
    "s3-one-notification-per-bucket": {
        pass: () => bucketWith(res(T.notify, "n1", { bucket: "b" }, { refs: { bucket: ["bucket"] } })),
        fail: () =>
            bucketWith(
                res(T.notify, "n1", { bucket: "b" }, { refs: { bucket: ["bucket"] } }),
                res(T.notify, "n2", { bucket: "b" }, { refs: { bucket: ["bucket"] } }),
            ),
        says: /bucket bucket already notifies through n1/,
    },
    "stateful-resources-protected": {
        pass: () => [
            { ...res(T.db, "db", goodDb), urn: "urn:pulumi:prod::p::aws:rds/instance:Instance::db", options: protect },
        ],
        fail: () => [{ ...res(T.db, "db", goodDb), urn: "urn:pulumi:prod::p::aws:rds/instance:Instance::db" }],
        says: /prod holds data here without protect/,
    },
    "account-singleton-owned": {
        pass: () => [
            {
                ...res("aws:apigateway/account:Account", "account", {}),
                urn: "urn:pulumi:prod::p::aws:apigateway/account:Account::account",
            },
        ],
        fail: () => [res("aws:apigateway/account:Account", "account", {})],
        says: /test is not its owner \(prod\)/,
        config: { "account-singleton-owned": { owners: ["prod"] } },
    },

    "rds-not-public": {
        pass: () => [res(T.db, "db", goodDb)],
        fail: () => [res(T.db, "db", { ...goodDb, publiclyAccessible: undefined })],
        says: /publiclyAccessible is not set/,
    },
    "rds-storage-encrypted": {
        pass: () => [res(T.db, "db", goodDb)],
        fail: () => [res(T.db, "db", { ...goodDb, storageEncrypted: false })],
        says: /not encrypted/,
    },
    "rds-backups": {
        pass: () => [res(T.db, "db", goodDb)],
        fail: () => [res(T.db, "db", { ...goodDb, backupRetentionPeriod: 1 })],
        says: /kept 1 day/,
    },
    "rds-multi-az": {
        pass: () => [res(T.db, "db", goodDb)],
        fail: () => [res(T.db, "db", { ...goodDb, multiAz: false })],
        says: /no Multi-AZ/,
    },
    "rds-deletion-protection": {
        pass: () => [res(T.db, "db", goodDb)],
        fail: () => [res(T.db, "db", { ...goodDb, deletionProtection: false })],
        says: /deletion protection is off/,
    },
    "rds-final-snapshot": {
        pass: () => [res(T.db, "db", goodDb)],
        fail: () => [res(T.db, "db", { ...goodDb, skipFinalSnapshot: true })],
        says: /no final snapshot/,
    },
    "rds-log-exports": {
        pass: () => [res(T.db, "db", goodDb)],
        fail: () => [res(T.db, "db", { ...goodDb, enabledCloudwatchLogsExports: ["error"] })],
        says: /mysql logs not exported: slowquery/,
    },
    "rds-minor-upgrades": {
        pass: () => [res(T.db, "db", goodDb)],
        fail: () => [res(T.db, "db", { ...goodDb, autoMinorVersionUpgrade: false })],
        says: /minor upgrades are off/,
    },
    "rds-managed-password": {
        pass: () => [res(T.db, "db", goodDb)],
        fail: () => [res(T.db, "db", { ...goodDb, manageMasterUserPassword: undefined, password: "hunter2" })],
        says: /master password is given/,
    },
    "rds-copy-tags-to-snapshots": {
        pass: () => [res(T.db, "db", goodDb)],
        fail: () => [res(T.db, "db", { ...goodDb, copyTagsToSnapshot: false })],
        says: /not copied/,
    },
    "rds-tls-required": {
        pass: () =>
            fixture(
                res(T.pg, "pg", { parameters: [{ name: "require_secure_transport", value: "1" }] }),
                res(T.db, "db", goodDb, { refs: { parameterGroupName: ["pg"] } }),
            ),
        fail: () =>
            fixture(
                res(T.pg, "pg", { parameters: [] }),
                res(T.db, "db", goodDb, { refs: { parameterGroupName: ["pg"] } }),
            ),
        says: /require_secure_transport is not on/,
    },
    "rds-subnet-group-two-azs": {
        pass: () =>
            fixture(
                ...subnets(["a", "b"]),
                res(T.sg, "group", { subnetIds: ["x", "y"] }, { refs: { subnetIds: ["subnet-0", "subnet-1"] } }),
            ),
        fail: () =>
            fixture(
                ...subnets(["a", "a"]),
                res(T.sg, "group", { subnetIds: ["x", "y"] }, { refs: { subnetIds: ["subnet-0", "subnet-1"] } }),
            ),
        says: /2 subnet\(s\) span 1 AZ/,
    },
    "lambda-supported-runtime": {
        pass: () => [fn({})],
        fail: () => [fn({ runtime: "nodejs16.x" })],
        says: /nodejs16\.x is not supported/,
    },
    "lambda-no-layers-on-images": {
        pass: () => [fn({ packageType: "Image" })],
        fail: () => [fn({ packageType: "Image", layers: ["arn:layer"] })],
        says: /lists layers/,
    },
    "lambda-no-secrets-in-environment": {
        pass: () => [fn({ environment: { variables: { DB_SECRET_ARN: "arn:aws:secretsmanager:x", HOST: "db" } } })],
        fail: () => [fn({ environment: { variables: { DB_PASSWORD: "hunter2" } } })],
        says: /DB_PASSWORD looks like a secret/,
    },
    "lambda-tracing": {
        pass: () => [fn({ tracingConfig: { mode: "Active" } })],
        fail: () => [fn({})],
        says: /tracing is off/,
    },
    "lambda-concurrency-not-zero": {
        pass: () => [fn({ reservedConcurrentExecutions: 5 })],
        fail: () => [fn({ reservedConcurrentExecutions: 0 })],
        says: /disabled/,
    },
    "lambda-vpc-multi-az": {
        pass: () =>
            fixture(
                ...subnets(["a", "b"]),
                fn({ vpcConfig: { subnetIds: ["x", "y"] } }, { vpcConfig: ["subnet-0", "subnet-1"] }),
            ),
        fail: () => fixture(...subnets(["a"]), fn({ vpcConfig: { subnetIds: ["x"] } }, { vpcConfig: ["subnet-0"] })),
        says: /1 subnet\(s\) span 1 AZ/,
    },
    "lambda-database-access-in-vpc": {
        pass: () =>
            fixture(
                res(T.db, "db", goodDb),
                fn({ vpcConfig: { subnetIds: [] }, environment: { variables: { H: "db" } } }, { environment: ["db"] }),
            ),
        fail: () =>
            fixture(res(T.db, "db", goodDb), fn({ environment: { variables: { H: "db" } } }, { environment: ["db"] })),
        says: /outside the VPC/,
    },
    "lambda-vpc-access-permissions": {
        pass: () =>
            fixture(
                res(T.role, "role", {}),
                res(
                    T.attach,
                    "attach",
                    { role: "role", policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" },
                    { refs: { role: ["role"] } },
                ),
                fn({ vpcConfig: { subnetIds: [] } }, { role: ["role"] }),
            ),
        fail: () =>
            fixture(
                res(T.role, "role", {}),
                res(
                    T.attach,
                    "attach",
                    { role: "role", policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" },
                    { refs: { role: ["role"] } },
                ),
                fn({ vpcConfig: { subnetIds: [] } }, { role: ["role"] }),
            ),
        says: /cannot create network interfaces/,
    },
    "lambda-log-retention": {
        pass: () =>
            fixture(
                res(T.logs, "logs", { name: "/aws/lambda/fn", retentionInDays: 30 }),
                fn({ loggingConfig: { logGroup: "/aws/lambda/fn" } }, { loggingConfig: ["logs"] }),
            ),
        fail: () =>
            fixture(
                res(T.logs, "logs", { name: "/aws/lambda/fn" }),
                fn({ loggingConfig: { logGroup: "/aws/lambda/fn" } }, { loggingConfig: ["logs"] }),
            ),
        says: /keeps logs forever/,
    },
    "lambda-async-failure-destination": {
        pass: () =>
            fixture(
                fn({}),
                res(
                    "aws:s3/bucketNotification:BucketNotification",
                    "notify",
                    { lambdaFunctions: [{ lambdaFunctionArn: "arn:fn" }] },
                    { refs: { lambdaFunctions: ["fn"] } },
                ),
                res(
                    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
                    "invoke-config",
                    { functionName: "fn", destinationConfig: { onFailure: { destination: "arn:sqs" } } },
                    { refs: { functionName: ["fn"] } },
                ),
            ),
        fail: () =>
            fixture(
                fn({}),
                res(
                    "aws:s3/bucketNotification:BucketNotification",
                    "notify",
                    { lambdaFunctions: [{ lambdaFunctionArn: "arn:fn" }] },
                    { refs: { lambdaFunctions: ["fn"] } },
                ),
            ),
        says: /would be dropped/,
    },
    "apigateway-access-logging": {
        pass: () => [res(T.stage, "stage", { accessLogSettings: { destinationArn: "arn:logs" } })],
        fail: () => [res(T.stage, "stage", {})],
        says: /no access logs/,
    },
    "apigateway-tracing": {
        pass: () => [res(T.stage, "stage", { xrayTracingEnabled: true })],
        fail: () => [res(T.stage, "stage", {})],
        says: /tracing is off/,
    },
    "apigateway-deployment-triggers": {
        pass: () => [res("aws:apigateway/deployment:Deployment", "dep", { triggers: { d: "x" } })],
        fail: () => [res("aws:apigateway/deployment:Deployment", "dep", {})],
        says: /no redeployment triggers/,
    },
    "apigateway-lambda-permission-scoped": {
        pass: () => [
            res("aws:lambda/permission:Permission", "perm", {
                principal: "apigateway.amazonaws.com",
                sourceArn: "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/GET/",
            }),
        ],
        fail: () => [res("aws:lambda/permission:Permission", "perm", { principal: "apigateway.amazonaws.com" })],
        says: /does not name one API/,
    },
    "apigateway-throttling": {
        pass: () =>
            fixture(
                res(T.stage, "stage", { restApi: "api", stageName: "dev" }),
                res("aws:apigateway/methodSettings:MethodSettings", "ms", {
                    restApi: "api",
                    stageName: "dev",
                    settings: { throttlingRateLimit: 10, throttlingBurstLimit: 20 },
                }),
            ),
        fail: () => fixture(res(T.stage, "stage", { restApi: "api", stageName: "dev" })),
        says: /no throttling/,
    },
    "apigateway-integration-timeout": {
        pass: () =>
            fixture(
                fn({ timeout: 10 }),
                res("aws:apigateway/integration:Integration", "int", { uri: "x" }, { refs: { uri: ["fn"] } }),
            ),
        fail: () =>
            fixture(
                fn({ timeout: 30 }),
                res("aws:apigateway/integration:Integration", "int", { uri: "x" }, { refs: { uri: ["fn"] } }),
            ),
        says: /may run 30 s/,
    },
    "no-public-ingress": {
        pass: () => [
            res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "in", {
                referencedSecurityGroupId: "sg-1",
                fromPort: 3306,
            }),
        ],
        fail: () => [
            res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "in", {
                cidrIpv4: "0.0.0.0/0",
                fromPort: 22,
            }),
        ],
        says: /ingress from 0\.0\.0\.0\/0/,
    },
    "default-security-group-closed": {
        pass: () => [res("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default", {})],
        fail: () => [
            res("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default", {
                ingress: [{ protocol: "-1", self: true }],
            }),
        ],
        says: /has rules/,
    },
    "subnet-no-public-ip": {
        pass: () => subnets(["a"]),
        fail: () => [res(T.subnet, "s", { mapPublicIpOnLaunch: true })],
        says: /assigns public IPs/,
    },
    "vpc-default-security-group-managed": {
        pass: () =>
            fixture(
                vpc,
                res(
                    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
                    "default",
                    { vpcId: "vpc-id" },
                    { refs: { vpcId: ["vpc"] } },
                ),
            ),
        fail: () => fixture(vpc),
        says: /keeps AWS's rules/,
    },
    "vpc-flow-logs": {
        pass: () =>
            fixture(vpc, res("aws:ec2/flowLog:FlowLog", "flow", { vpcId: "vpc-id" }, { refs: { vpcId: ["vpc"] } })),
        fail: () => fixture(vpc),
        says: /no flow logs/,
    },
    "subnet-cidr-valid": {
        pass: () => fixture(vpc, ...subnets(["a", "b"])),
        fail: () =>
            fixture(
                vpc,
                res(T.subnet, "outside", { cidrBlock: "10.1.0.0/24", vpcId: "vpc-id" }, { refs: { vpcId: ["vpc"] } }),
            ),
        says: /outside the VPC's 10\.0\.0\.0\/16/,
    },
    "s3-public-access-blocked": {
        pass: () =>
            bucketWith(
                res(
                    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                    "pab",
                    {
                        bucket: "b",
                        blockPublicAcls: true,
                        blockPublicPolicy: true,
                        ignorePublicAcls: true,
                        restrictPublicBuckets: true,
                    },
                    { refs: { bucket: ["bucket"] } },
                ),
            ),
        fail: () =>
            bucketWith(
                res(
                    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                    "pab",
                    { bucket: "b", blockPublicAcls: true },
                    { refs: { bucket: ["bucket"] } },
                ),
            ),
        says: /public access is not blocked/,
    },
    "s3-tls-only": {
        pass: () =>
            bucketWith(
                res(
                    "aws:s3/bucketPolicy:BucketPolicy",
                    "policy",
                    {
                        bucket: "b",
                        policy: JSON.stringify({
                            Statement: [
                                {
                                    Effect: "Deny",
                                    Action: "s3:*",
                                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                                },
                            ],
                        }),
                    },
                    { refs: { bucket: ["bucket"] } },
                ),
            ),
        fail: () => bucketWith(),
        says: /without TLS are not denied/,
    },
    "s3-encryption": {
        pass: () =>
            bucketWith(
                res(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "sse",
                    { bucket: "b" },
                    { refs: { bucket: ["bucket"] } },
                ),
            ),
        fail: () => bucketWith(),
        says: /no default encryption/,
    },
    "ecr-scan-on-push": {
        pass: () => [res(T.repo, "repo", { imageScanningConfiguration: { scanOnPush: true } })],
        fail: () => [res(T.repo, "repo", {})],
        says: /not scanned/,
    },
    "ecr-immutable-tags": {
        pass: () => [res(T.repo, "repo", { imageTagMutability: "IMMUTABLE" })],
        fail: () => [res(T.repo, "repo", { imageTagMutability: "MUTABLE" })],
        says: /can be overwritten/,
    },
    "ecr-lifecycle-policy": {
        pass: () =>
            fixture(
                res(T.repo, "repo", {}),
                res(
                    "aws:ecr/lifecyclePolicy:LifecyclePolicy",
                    "lc",
                    { repository: "repo" },
                    { refs: { repository: ["repo"] } },
                ),
            ),
        fail: () => fixture(res(T.repo, "repo", {})),
        says: /never expired/,
    },
    "log-group-retention": {
        pass: () => [res(T.logs, "logs", { retentionInDays: 14 })],
        fail: () => [res(T.logs, "logs", {})],
        says: /kept forever/,
    },
    "iam-no-wildcard-actions": {
        pass: () => [
            res(T.rolePolicy, "p", {
                policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] }),
            }),
        ],
        fail: () => [
            res(T.rolePolicy, "p", {
                policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
            }),
        ],
        says: /allows s3:\*/,
    },
    "iam-no-admin-policies": {
        pass: () => [
            res(T.attach, "a", { policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }),
        ],
        fail: () => [res(T.attach, "a", { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })],
        says: /attaches arn:aws:iam::aws:policy\/AdministratorAccess/,
    },
    "iam-one-role-per-function": {
        pass: () => [res(T.fn, "f1", { role: "arn:r1" }), res(T.fn, "f2", { role: "arn:r2" })],
        fail: () => [res(T.fn, "f1", { role: "arn:r1" }), res(T.fn, "f2", { role: "arn:r1" })],
        says: /shared with f2/,
    },
    "tags-environment": {
        pass: () => [res(T.vpc, "v", { tags: { Environment: "dev" } })],
        fail: () => [res(T.vpc, "v", { tags: { team: "x" } })],
        says: /no Environment tag/,
    },
    "cognito-password-policy": {
        pass: () => [res(T.userPool, "pool", goodPool)],
        fail: () => [
            res(T.userPool, "pool", {
                ...goodPool,
                passwordPolicy: { ...goodPool.passwordPolicy, minimumLength: 6, requireSymbols: false },
            }),
        ],
        says: /passwords may be 6 characters/,
    },
    "cognito-deletion-protection": {
        pass: () => [res(T.userPool, "pool", goodPool)],
        fail: () => [res(T.userPool, "pool", { ...goodPool, deletionProtection: "INACTIVE" })],
        says: /deletion protection is off/,
    },
    "cognito-mfa": {
        pass: () => [res(T.userPool, "pool", goodPool)],
        fail: () => [res(T.userPool, "pool", { ...goodPool, mfaConfiguration: "OFF" })],
        says: /MFA is off/,
    },
    "cognito-threat-protection": {
        pass: () => [res(T.userPool, "pool", { ...goodPool, userPoolAddOns: { advancedSecurityMode: "ENFORCED" } })],
        fail: () => [res(T.userPool, "pool", goodPool)],
        says: /threat protection is not enforced/,
    },
    "cognito-client-hides-users": {
        pass: () => [res("aws:cognito/userPoolClient:UserPoolClient", "c", { preventUserExistenceErrors: "ENABLED" })],
        fail: () => [res("aws:cognito/userPoolClient:UserPoolClient", "c", { preventUserExistenceErrors: "LEGACY" })],
        says: /reveal whether a user exists/,
    },
    "cognito-no-unauthenticated-identities": {
        pass: () => [res("aws:cognito/identityPool:IdentityPool", "i", { allowUnauthenticatedIdentities: false })],
        fail: () => [res("aws:cognito/identityPool:IdentityPool", "i", { allowUnauthenticatedIdentities: true })],
        says: /unauthenticated identities get credentials/,
    },
    "apigateway-usage-plan-limits": {
        pass: () => [
            res("aws:apigateway/usagePlan:UsagePlan", "plan", {
                throttleSettings: { rateLimit: 100, burstLimit: 200 },
                quotaSettings: { limit: 5000, period: "MONTH" },
            }),
        ],
        fail: () => [
            res("aws:apigateway/usagePlan:UsagePlan", "plan", {
                throttleSettings: { rateLimit: 100, burstLimit: 200 },
            }),
        ],
        says: /keys have no quota/,
    },
    "stack-outputs-no-secrets": {
        pass: () => [res("pulumi:pulumi:Stack", "stack", {})],
        fail: () => [res("pulumi:pulumi:Stack", "stack", {})],
        says: /output dbPassword looks like a secret/,
        outputs: { dbSecretArn: "arn:aws:secretsmanager:x", dbPassword: "hunter2" },
    },
};

describe("policy rules", () => {
    it("has at least 30 rules, each with a severity, a remediation and a case below", () => {
        assert.ok(RULES.length >= 30, `${RULES.length} rules`);
        for (const rule of RULES) {
            assert.ok(rule.severity && rule.remediation && rule.description, rule.name);
            assert.ok(CASES[rule.name], `no test case for ${rule.name}`);
        }
    });

    for (const [name, c] of Object.entries(CASES)) {
        it(`${name}: passes a compliant stack, reports a violation with the fix`, async () => {
            const passOutputs = name === "stack-outputs-no-secrets" ? { dbSecretArn: "arn:aws:secretsmanager:x" } : {};
            assert.deepEqual(
                (await violations(name, c.pass(), passOutputs, c.config)).map((v) => v.message),
                [],
            );
            const found = await violations(name, c.fail(), c.outputs, c.config);
            assert.ok(found.length > 0, "no violation reported");
            assert.match(found[0].message, c.says);
            assert.match(found[0].message, /\. Fix: /);
        });
    }

    it("is engine-aware: no MySQL rule fires on PostgreSQL, and PostgreSQL gets its own", async () => {
        const postgres = (props: Record<string, unknown>) =>
            fixture(
                res(T.pg, "pg", { family: "postgres16", parameters: [] }),
                res(
                    T.db,
                    "db",
                    { ...goodDb, engine: "postgres", enabledCloudwatchLogsExports: ["postgresql"], ...props },
                    { refs: { parameterGroupName: ["pg"] } },
                ),
            );
        for (const rule of ["rds-log-exports", "rds-tls-required"])
            assert.deepEqual(await violations(rule, postgres({ engineVersion: "16.4" })), [], rule);
        const [logs] = await violations(
            "rds-log-exports",
            postgres({ enabledCloudwatchLogsExports: ["error", "slowquery"] }),
        );
        assert.match(logs.message, /postgres logs not exported: postgresql/);
        const [tls] = await violations("rds-tls-required", postgres({ engineVersion: "14.12" }));
        assert.match(tls.message, /rds\.force_ssl is not on/);
    });

    it("takes Environment from the provider's default tags, as the provider applies them", async () => {
        const tagged = (defaultTags: unknown) => [
            {
                ...res(T.vpc, "v", {}),
                options: {
                    ...protect,
                    protect: false,
                    provider: "urn:pulumi:test::p::pulumi:providers:aws::tagged::id",
                },
            },
            res("pulumi:providers:aws", "tagged", { defaultTags }, { id: "id" }),
        ];
        assert.deepEqual(
            await violations("tags-environment", tagged(JSON.stringify({ tags: { Environment: "dev" } }))),
            [],
        );
        assert.equal((await violations("tags-environment", tagged({ tags: { Team: "x" } }))).length, 1);
    });

    it("names each rule's Security Hub and checkov ids in the description the engine shows", () => {
        const [policy] = toPolicies(RULES.filter((r) => r.name === "rds-not-public"));
        assert.match(policy.description, /\[Security Hub RDS\.2; checkov CKV_AWS_17\]$/);
    });

    it("is not applicable to resources of other types", async () => {
        assert.deepEqual(await violations("rds-not-public", [res(T.vpc, "v", {})]), []);
        assert.deepEqual(await violations("vpc-flow-logs", [res(T.db, "db", {})]), []);
    });
});
