import { Roles } from "../transform";
import * as aws from "../aws";

/**
 * The arguments of each child of a `Network`, by role: the keys of its `transform` option and of its `nodes`.
 * Each is named `<name>-<role>` as noted (`<n>` counts AZs or items from 1).
 */
export interface NetworkChildArgs {
    /** The VPC, `<name>-vpc`. */
    vpc: aws.ec2.VpcArgs;
    /** The VPC's default security group, managed with no rules, `<name>-default-sg`. */
    defaultSg: aws.ec2.DefaultSecurityGroupArgs;
    /** Each public subnet, `<name>-public-<n>`. */
    publicSubnet: aws.ec2.SubnetArgs;
    /** Each private subnet, `<name>-private-<n>`. */
    privateSubnet: aws.ec2.SubnetArgs;
    /** Each isolated subnet, `<name>-isolated-<n>`. */
    isolatedSubnet: aws.ec2.SubnetArgs;
    /** The internet gateway, `<name>-igw`. */
    igw: aws.ec2.InternetGatewayArgs;
    /** The public subnets' route table, `<name>-public-rt`. */
    publicRt: aws.ec2.RouteTableArgs;
    /** Each public subnet's route table association, `<name>-public-rta-<n>`. */
    publicRta: aws.ec2.RouteTableAssociationArgs;
    /** The public route to the internet gateway, `<name>-public-internet`. */
    publicInternet: aws.ec2.RouteArgs;
    /** Each NAT gateway's Elastic IP, `<name>-nat-<n>-eip`. */
    natEip: aws.ec2.EipArgs;
    /** Each NAT gateway, `<name>-nat-<n>`. */
    nat: aws.ec2.NatGatewayArgs;
    /** Each AZ's private route table, `<name>-private-<n>-rt`. */
    privateRt: aws.ec2.RouteTableArgs;
    /** Each private subnet's route table association, `<name>-private-<n>-rta-1`. */
    privateRta: aws.ec2.RouteTableAssociationArgs;
    /** Each private route table's route to its NAT gateway, `<name>-private-<n>-nat`. */
    privateNat: aws.ec2.RouteArgs;
    /** The isolated subnets' route table, `<name>-isolated-rt`. */
    isolatedRt: aws.ec2.RouteTableArgs;
    /** Each isolated subnet's route table association, `<name>-isolated-rta-<n>`. */
    isolatedRta: aws.ec2.RouteTableAssociationArgs;
    /** The S3 gateway endpoint, `<name>-s3-endpoint`. */
    s3Endpoint: aws.ec2.VpcEndpointArgs;
    /** The functions' security group, `<name>-lambda-sg`. */
    lambdaSg: aws.ec2.SecurityGroupArgs;
    /** The databases' security group, `<name>-database-sg`. */
    databaseSg: aws.ec2.SecurityGroupArgs;
    /** The functions' HTTPS egress rule, `<name>-lambda-https-egress`. */
    lambdaHttpsEgress: aws.vpc.SecurityGroupEgressRuleArgs;
    /** The functions' MySQL egress rule, `<name>-lambda-mysql-egress`. */
    lambdaMysqlEgress: aws.vpc.SecurityGroupEgressRuleArgs;
    /** The databases' MySQL ingress rule, `<name>-database-mysql-ingress`. */
    databaseMysqlIngress: aws.vpc.SecurityGroupIngressRuleArgs;
    /** The interface endpoints' security group, `<name>-endpoints-sg` (with interface endpoints only). */
    endpointsSg: aws.ec2.SecurityGroupArgs;
    /** The interface endpoints' HTTPS ingress rule, `<name>-endpoints-https-ingress`. */
    endpointsHttpsIngress: aws.vpc.SecurityGroupIngressRuleArgs;
    /** Each interface endpoint, `<name>-<service>-endpoint` (dots in the service as hyphens). */
    interfaceEndpoint: aws.ec2.VpcEndpointArgs;
    /** The flow logs' log group, `<name>-flow-logs`. */
    flowLogs: aws.cloudwatch.LogGroupArgs;
    /** The role flow logs write with, `<name>-flow-logs-role`. */
    flowLogsRole: aws.iam.RoleArgs;
    /** That role's policy, `<name>-flow-logs-policy`. */
    flowLogsPolicy: aws.iam.RolePolicyArgs;
    /** The flow log, `<name>-flow-log`. */
    flowLog: aws.ec2.FlowLogArgs;
}

/** Every role of Network's children (checked against NetworkChildArgs). */
export const NETWORK_ROLES: Roles<NetworkChildArgs> = {
    vpc: true,
    defaultSg: true,
    publicSubnet: true,
    privateSubnet: true,
    isolatedSubnet: true,
    igw: true,
    publicRt: true,
    publicRta: true,
    publicInternet: true,
    natEip: true,
    nat: true,
    privateRt: true,
    privateRta: true,
    privateNat: true,
    isolatedRt: true,
    isolatedRta: true,
    s3Endpoint: true,
    lambdaSg: true,
    databaseSg: true,
    lambdaHttpsEgress: true,
    lambdaMysqlEgress: true,
    databaseMysqlIngress: true,
    endpointsSg: true,
    endpointsHttpsIngress: true,
    interfaceEndpoint: true,
    flowLogs: true,
    flowLogsRole: true,
    flowLogsPolicy: true,
    flowLog: true,
};

/** Every child of a `Network`, by role (see `NetworkChildArgs`); per-item roles as lists, in order. */
export interface NetworkNodes {
    /** The VPC. */
    vpc: aws.ec2.Vpc;
    /** The VPC's default security group, managed with no rules. */
    defaultSg: aws.ec2.DefaultSecurityGroup;
    /** The public subnets, one per AZ. */
    publicSubnets: aws.ec2.Subnet[];
    /** The private subnets, one per AZ. */
    privateSubnets: aws.ec2.Subnet[];
    /** The isolated subnets, one per AZ. */
    isolatedSubnets: aws.ec2.Subnet[];
    /** The internet gateway. */
    igw: aws.ec2.InternetGateway;
    /** The public subnets' route table. */
    publicRt: aws.ec2.RouteTable;
    /** The public subnets' route table associations. */
    publicRtas: aws.ec2.RouteTableAssociation[];
    /** The public route to the internet gateway. */
    publicInternet: aws.ec2.Route;
    /** The NAT gateways' Elastic IPs. */
    natEips: aws.ec2.Eip[];
    /** The NAT gateways (none, one, or one per AZ). */
    nats: aws.ec2.NatGateway[];
    /** The private route tables, one per AZ. */
    privateRts: aws.ec2.RouteTable[];
    /** The private subnets' route table associations. */
    privateRtas: aws.ec2.RouteTableAssociation[];
    /** The private route tables' routes to NAT gateways. */
    privateNats: aws.ec2.Route[];
    /** The isolated subnets' route table. */
    isolatedRt: aws.ec2.RouteTable;
    /** The isolated subnets' route table associations. */
    isolatedRtas: aws.ec2.RouteTableAssociation[];
    /** The S3 gateway endpoint. */
    s3Endpoint: aws.ec2.VpcEndpoint;
    /** The functions' security group. */
    lambdaSg: aws.ec2.SecurityGroup;
    /** The databases' security group. */
    databaseSg: aws.ec2.SecurityGroup;
    /** The functions' HTTPS egress rule. */
    lambdaHttpsEgress: aws.vpc.SecurityGroupEgressRule;
    /** The functions' MySQL egress rule. */
    lambdaMysqlEgress: aws.vpc.SecurityGroupEgressRule;
    /** The databases' MySQL ingress rule. */
    databaseMysqlIngress: aws.vpc.SecurityGroupIngressRule;
    /** The interface endpoints' security group, if there are interface endpoints. */
    endpointsSg?: aws.ec2.SecurityGroup;
    /** The interface endpoints' HTTPS ingress rule, if there are interface endpoints. */
    endpointsHttpsIngress?: aws.vpc.SecurityGroupIngressRule;
    /** The interface endpoints. */
    interfaceEndpoints: aws.ec2.VpcEndpoint[];
    /** The flow logs' log group, if flow logs are on. */
    flowLogs?: aws.cloudwatch.LogGroup;
    /** The role flow logs write with, if flow logs are on. */
    flowLogsRole?: aws.iam.Role;
    /** That role's policy, if flow logs are on. */
    flowLogsPolicy?: aws.iam.RolePolicy;
    /** The flow log, if flow logs are on. */
    flowLog?: aws.ec2.FlowLog;
}
