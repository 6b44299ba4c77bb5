import * as assert from "assert/strict";
import { InvalidArgsError } from "../../components/index";
import { Evaluation, EvaluationError, RecordedResource, evaluate, evaluateStack } from "../../tools/offline/evaluate";

export const REGION = "eu-west-1";

/** The resource types the tests look for, by a short name. */
export const T = {
    stack: "pulumi:pulumi:Stack",
    network: "pulumi-aws-paas:index:Network",
    database: "pulumi-aws-paas:index:MysqlDatabase",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    flowLog: "aws:ec2/flowLog:FlowLog",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    dbInstance: "aws:rds/instance:Instance",
    dbSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    dbParams: "aws:rds/parameterGroup:ParameterGroup",
    stackRef: "pulumi:pulumi:StackReference",
} as const;

/** AWS types that take no tags (the compiler rejects `tags` on them); every other AWS resource must carry ours. */
export const UNTAGGABLE = new Set<string>([
    T.route,
    T.rta,
    T.rolePolicy,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    "aws:lambda/invocation:Invocation",
    "aws:sns/topicSubscription:TopicSubscription",
    "aws:lambda/permission:Permission",
    "aws:lambda/layerVersion:LayerVersion",
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    "aws:cloudwatch/eventTarget:EventTarget",
    "aws:cognito/userPoolClient:UserPoolClient",
    "aws:secretsmanager/secretVersion:SecretVersion",
    "aws:cloudwatch/dashboard:Dashboard",
    ...[
        "bucketPolicy:BucketPolicy",
        "bucketPublicAccessBlock:BucketPublicAccessBlock",
        "bucketNotification:BucketNotification",
        "bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    ].map((t) => `aws:s3/${t}`),
    ...[
        "account:Account",
        "deployment:Deployment",
        "integration:Integration",
        "integrationResponse:IntegrationResponse",
        "method:Method",
        "methodResponse:MethodResponse",
        "methodSettings:MethodSettings",
        "resource:Resource",
        "authorizer:Authorizer",
        "usagePlanKey:UsagePlanKey",
    ].map((t) => `aws:apigateway/${t}`),
]);

const stackEvaluations = new Map<string, Promise<Evaluation>>();

/**
 * One of this program's stacks, evaluated from its own config once per test process and shared by the
 * suites that only read it (an evaluation is the costly part of those tests).
 */
export function evaluateStackOnce(stack: string): Promise<Evaluation> {
    let evaluation = stackEvaluations.get(stack);
    if (!evaluation) stackEvaluations.set(stack, (evaluation = evaluateStack(stack)));
    return evaluation;
}

/** Runs `program` under mocks in a throwaway stack and records what it registers. */
export function evaluateProgram(program: () => unknown, stack = "test"): Promise<Evaluation> {
    return evaluate({ project: "paas-test", stack, config: { "aws:region": REGION }, program });
}

/** Runs `program` expecting it to fail with an InvalidArgsError; returns the error and what was registered. */
export async function evaluateInvalid(
    program: () => unknown,
): Promise<{ error: InvalidArgsError; resources: RecordedResource[] }> {
    try {
        await evaluateProgram(program);
    } catch (e) {
        assert.ok(e instanceof EvaluationError, `expected an EvaluationError, got ${String(e)}`);
        assert.ok(e.cause instanceof InvalidArgsError, `expected an InvalidArgsError, got ${String(e.cause)}`);
        return { error: e.cause, resources: e.resources };
    }
    assert.fail("expected the program to fail with invalid arguments");
}

export function ofType(e: { resources: RecordedResource[] }, type: string): RecordedResource[] {
    return e.resources.filter((r) => r.type === type);
}

export function named(e: { resources: RecordedResource[] }, name: string): RecordedResource {
    const found = e.resources.filter((r) => r.name === name);
    assert.equal(
        found.length,
        1,
        `expected one resource named ${name}, found ${found.length}: ` + e.resources.map((r) => r.name).join(", "),
    );
    return found[0];
}

/** The resources whose parent is the resource named `parentName`. */
export function childrenOf(e: Evaluation, parentName: string): RecordedResource[] {
    const parent = named(e, parentName);
    return e.resources.filter((r) => r.parent === parent.urn);
}

/** The resource a recorded input ID refers to. */
export function byId(e: Evaluation, id: string): RecordedResource {
    const found = e.resources.find((r) => r.id === id);
    assert.ok(found, `no resource has ID ${id}`);
    return found;
}

export function awsResources(e: Evaluation): RecordedResource[] {
    return e.resources.filter((r) => r.type.startsWith("aws:"));
}
