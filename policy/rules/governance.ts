import { resourceRule, stackRule } from "./helpers";

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
];
const SECRET_OUTPUT = /(password|passwd|secret|token|private_?key|credential)/i;

export const governanceRules = [
    resourceRule({
        name: "tags-environment",
        types: TAGGABLE_TYPES,
        severity: "low",
        enforcementLevel: "mandatory",
        description: "Taggable resources carry an Environment tag (cost allocation, ownership, access control).",
        remediation: "Pass tags with Environment (and Project) to the component or resource.",
        validate: (r, report) => {
            if (!r.props.tags?.Environment) report("no Environment tag");
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
