import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

export const MOCK_ACCOUNT_ID = "123456789012";

/** Outputs another stack exposes to `StackReference`s, by fully-qualified stack name. */
export type StackReferenceOutputs = Record<string, Record<string, unknown>>;

export interface MockOptions {
    region: string;
    stackReferences?: StackReferenceOutputs;
}

/** Prefixes AWS uses for IDs of the types whose IDs programs pass around. */
const ID_PREFIXES: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/internetGateway:InternetGateway": "igw",
    "aws:ec2/natGateway:NatGateway": "nat",
    "aws:ec2/eip:Eip": "eipalloc",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
};

/** IDs in the formats of types whose IDs are neither prefixed nor their name. */
const ID_FORMATS: Record<string, (hash: string, region: string) => string> = {
    "aws:apigateway/restApi:RestApi": (hash) => hash.slice(0, 10),
    "aws:apigateway/apiKey:ApiKey": (hash) => hash.slice(0, 10),
    // `eu-west-1_AbC123xYz`, and an app client's 26 lower-case letters and digits.
    "aws:cognito/userPool:UserPool": (hash, region) => `${region}_${hash.slice(0, 9)}`,
    "aws:cognito/userPoolClient:UserPoolClient": (hash) => `${hash}${hash}`.slice(0, 26),
};

/**
 * Pulumi mocks that answer like AWS would, closely enough for programs to wire resources together:
 * IDs in AWS's formats, ARNs, auto-generated physical names, and the outputs our components read
 * (RDS endpoints and managed secrets, ...). An invoke with no answer here fails the evaluation loudly.
 */
export class AwsMocks implements pulumi.runtime.Mocks {
    constructor(private readonly options: MockOptions) {}

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const { type, name, inputs } = args;
        if (type === "pulumi:pulumi:StackReference") return this.stackReference(name, inputs);
        const hash = shortHash(`${type}::${name}`);
        const physicalName = inputs.name ?? `${name}-${hash.slice(0, 7)}`;
        const prefix = ID_PREFIXES[type];
        const id = ID_FORMATS[type]?.(hash, this.options.region) ?? (prefix ? `${prefix}-${hash}` : physicalName);
        const state: Record<string, unknown> = {
            ...inputs,
            name: physicalName,
            arn: this.arn(type, physicalName),
            ...this.extraState(type, physicalName, inputs, id),
        };
        return { id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const region = this.options.region;
        switch (args.token) {
            case "aws:index/getRegion:getRegion":
                return {
                    id: region,
                    name: region,
                    region,
                    endpoint: `ec2.${region}.amazonaws.com`,
                    description: region,
                };
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return {
                    id: region,
                    names: ["a", "b", "c", "d"].map((z) => `${region}${z}`),
                    zoneIds: [1, 2, 3, 4].map((n) => `${region.replace(/-/g, "").slice(0, 4)}-az${n}`),
                    groupNames: [region],
                };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    id: MOCK_ACCOUNT_ID,
                    accountId: MOCK_ACCOUNT_ID,
                    arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/ci`,
                    userId: "AIDAMOCK",
                };
            case "aws:index/getPartition:getPartition":
                return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
            case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
                return {
                    id: region,
                    userName: "AWS",
                    password: "mock-ecr-password",
                    authorizationToken: "QVdTOm1vY2s=",
                    proxyEndpoint: `https://${MOCK_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com`,
                    expiresAt: "2099-01-01T00:00:00Z",
                };
            default:
                throw engineError(
                    `unmocked provider call ${args.token} (inputs ${JSON.stringify(args.inputs)}); ` +
                        "answer it in tools/offline/mocks.ts",
                );
        }
    }

    private stackReference(name: string, inputs: Record<string, unknown>): pulumi.runtime.MockResourceResult {
        const stackName = typeof inputs.name === "string" ? inputs.name : name;
        const outputs = this.options.stackReferences?.[stackName];
        if (!outputs) throw new Error(`unmocked StackReference to "${stackName}": give its outputs to the evaluation`);
        return { id: stackName, state: { name: stackName, outputs, secretOutputNames: [] } };
    }

    private arn(type: string, physicalName: string): string {
        const [pkg, module] = type.split(/[:/]/);
        const resource = type.split(":").pop()!.toLowerCase();
        if (pkg !== "aws") return `arn:mock:${type}:${physicalName}`;
        if (type === "aws:cloudwatch/logGroup:LogGroup")
            return `arn:aws:logs:${this.options.region}:${MOCK_ACCOUNT_ID}:log-group:${physicalName}`;
        if (module === "iam") return `arn:aws:iam::${MOCK_ACCOUNT_ID}:${resource}/${physicalName}`;
        return `arn:aws:${module}:${this.options.region}:${MOCK_ACCOUNT_ID}:${resource}/${physicalName}`;
    }

    /** Outputs AWS computes that our components read. */
    private extraState(
        type: string,
        physicalName: string,
        inputs: Record<string, any>,
        id: string,
    ): Record<string, unknown> {
        const region = this.options.region;
        switch (type) {
            case "aws:rds/instance:Instance": {
                const identifier = String(inputs.identifier ?? physicalName);
                const address = `${identifier}.c0mock0id0.${region}.rds.amazonaws.com`;
                const port = inputs.port ?? 3306;
                const secretArn = `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:rds!db-${shortHash(identifier)}-AbCdEf`;
                return {
                    identifier,
                    resourceId: `db-${shortHash(`${identifier}:resource`).toUpperCase()}`,
                    address,
                    port,
                    endpoint: `${address}:${port}`,
                    masterUserSecrets: inputs.manageMasterUserPassword
                        ? [
                              {
                                  secretArn,
                                  secretStatus: "active",
                                  kmsKeyId: inputs.masterUserSecretKmsKeyId ?? "aws/secretsmanager",
                              },
                          ]
                        : [],
                };
            }
            case "aws:ec2/eip:Eip":
                return { allocationId: `eipalloc-${shortHash(physicalName)}`, publicIp: "203.0.113.10" };
            case "aws:ecr/repository:Repository":
                return {
                    registryId: MOCK_ACCOUNT_ID,
                    repositoryUrl: `${MOCK_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${physicalName}`,
                };
            case "docker-build:index:Image": {
                // What a push reports: the manifest's digest (here, of the tag), and the first tag by digest.
                const tag = String((inputs.tags as string[])[0]);
                const digest = `sha256:${createHash("sha256").update(tag).digest("hex")}`;
                return { digest, ref: `${tag.split(":")[0]}@${digest}`, contextHash: shortHash(tag) };
            }
            case "aws:lambda/function:Function": {
                const arn = `arn:aws:lambda:${region}:${MOCK_ACCOUNT_ID}:function:${physicalName}`;
                return {
                    arn,
                    invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
                    qualifiedArn: `${arn}:$LATEST`,
                    version: "$LATEST",
                };
            }
            case "aws:apigateway/restApi:RestApi":
                return {
                    rootResourceId: `root-${id}`,
                    executionArn: `arn:aws:execute-api:${region}:${MOCK_ACCOUNT_ID}:${id}`,
                };
            case "aws:apigateway/stage:Stage":
                return {
                    invokeUrl: `https://${inputs.restApi}.execute-api.${region}.amazonaws.com/${inputs.stageName}`,
                    executionArn: `arn:aws:execute-api:${region}:${MOCK_ACCOUNT_ID}:${inputs.restApi}/${inputs.stageName}`,
                };
            case "aws:s3/bucket:Bucket":
                return { bucket: inputs.bucket ?? physicalName, arn: `arn:aws:s3:::${inputs.bucket ?? physicalName}` };
            case "aws:sqs/queue:Queue":
                return {
                    url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${physicalName}`,
                    arn: `arn:aws:sqs:${region}:${MOCK_ACCOUNT_ID}:${physicalName}`,
                };
            case "aws:lambda/layerVersion:LayerVersion":
                return { arn: `arn:aws:lambda:${region}:${MOCK_ACCOUNT_ID}:layer:${inputs.layerName}:1`, version: "1" };
            case "aws:lambda/invocation:Invocation":
                return { result: JSON.stringify({ mocked: true }) };
            case "awsx:ec2:Vpc":
                return awsxVpcOutputs(id, inputs);
            case "aws:cognito/userPool:UserPool":
                return {
                    arn: `arn:aws:cognito-idp:${region}:${MOCK_ACCOUNT_ID}:userpool/${id}`,
                    endpoint: `cognito-idp.${region}.amazonaws.com/${id}`,
                };
            case "aws:apigateway/apiKey:ApiKey":
                // API Gateway generates a key of 40 characters when none is given.
                return {
                    value:
                        inputs.value ??
                        `mock${shortHash(`${physicalName}:key`)}${shortHash(physicalName)}`.slice(0, 40),
                };
            case "aws:secretsmanager/secret:Secret":
                return { arn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:${physicalName}-AbCdEf` };
            default:
                return {};
        }
    }
}

/**
 * An awsx VPC is a remote component (its provider builds its children), so under mocks its outputs come from
 * here, named as awsx's schema names them: the VPC's ID and each tier's subnet IDs, one subnet per AZ and tier.
 * awsx's defaults: three AZs, a public and a private subnet in each.
 */
function awsxVpcOutputs(id: string, inputs: Record<string, any>): Record<string, unknown> {
    const zones = Number(inputs.numberOfAvailabilityZones ?? 3);
    const specs: { type: string }[] = inputs.subnetSpecs ?? [{ type: "Public" }, { type: "Private" }];
    const subnets = (type: string) =>
        specs.some((s) => s.type === type)
            ? Array.from({ length: zones }, (_, i) => `subnet-${shortHash(`${id}-${type}-${i}`)}`)
            : [];
    return {
        vpcId: `vpc-${shortHash(id)}`,
        publicSubnetIds: subnets("Public"),
        privateSubnetIds: subnets("Private"),
        isolatedSubnetIds: subnets("Isolated"),
    };
}

/** An error as the engine reports it: Pulumi's invoke keeps only the gRPC `details` of a failure. */
function engineError(message: string): Error {
    return Object.assign(new Error(message), { details: message });
}

function shortHash(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 17);
}
