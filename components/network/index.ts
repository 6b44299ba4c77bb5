import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfInvalid } from "../errors";
import { statefulOptions } from "../removal";
import { Tags, tagsWithName } from "../tags";
import { NetworkArgs, ResolvedNetworkArgs, resolveNetworkArgs } from "./args";
import { SubnetTier } from "./cidr";
import { flowLogsTrustPolicy, flowLogsWritePolicy } from "./policies";
import { componentType, withPreviousType } from "../component-type";
import { ChildFactory, ComponentOptions, childFactory } from "../transform";
import { httpsEgressArgs } from "../lambda/security-group";
import { NETWORK_ROLES, NetworkChildArgs, NetworkNodes } from "./children";

export * from "./args";
export * from "./cidr";
export * from "./placement";
export * from "./children";

const MYSQL_PORT = 3306;
const HTTPS_PORT = 443;
const ANYWHERE = "0.0.0.0/0";

/**
 * A VPC laid out for serverless workloads:
 * - public, private and isolated subnets in each of N availability zones, with their route tables;
 * - an internet gateway for the public tier and NAT gateways per `NatStrategy` for the private tier;
 * - an S3 gateway endpoint, plus interface endpoints so private functions reach AWS APIs without NAT;
 * - security groups for functions (egress only) and for the database (MySQL from functions only);
 * - the VPC's default security group stripped of all rules, and flow logs to CloudWatch Logs.
 *
 * Functions go in `privateSubnetIds`, databases in `isolatedSubnetIds` (no route out of the VPC).
 */
export class Network extends pulumi.ComponentResource {
    public readonly vpc: aws.ec2.Vpc;
    public readonly vpcId: pulumi.Output<string>;
    public readonly cidrBlock: string;
    /** How many AZs the network spans; known at construction, so consumers can validate against it. */
    public readonly azCount: number;
    public readonly availabilityZones: pulumi.Output<string[]>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    public readonly isolatedSubnetIds: pulumi.Output<string[]>;
    public readonly natGatewayIds: pulumi.Output<string[]>;
    /** For functions: no ingress; egress to HTTPS anywhere and to MySQL in the database group. */
    public readonly lambdaSecurityGroupId: pulumi.Output<string>;
    /** For databases: MySQL ingress from the function group only. */
    public readonly databaseSecurityGroupId: pulumi.Output<string>;
    public readonly flowLogGroupName: pulumi.Output<string | undefined>;
    /** The VPC's default security group, managed with no rules (functions fall back to it on destroy). */
    public readonly defaultSecurityGroupId: pulumi.Output<string>;
    /** Every child resource, typed, by role (the roles of the transform option). */
    public readonly nodes: NetworkNodes;

    /**
     * @param opts Pulumi's options, and `transform`: changes to any child before it is registered, by role
     * (see `NetworkChildArgs`).
     */
    constructor(name: string, args: NetworkArgs = {}, opts?: ComponentOptions<NetworkChildArgs>) {
        // Validate before super(), so invalid arguments register nothing at all.
        const { resolved, issues } = resolveNetworkArgs(args);
        const { componentOpts, child, issues: transformIssues } = childFactory(opts, NETWORK_ROLES);
        throwIfInvalid(`Network "${name}"`, [...issues, ...transformIssues]);
        super(componentType("Network"), name, {}, withPreviousType("paas:network:Network", componentOpts));
        const tagged = (role: string) => tagsWithName(args.tags, `${name}-${role}`);
        const parent = { parent: this };
        const kept = statefulOptions(resolved.removal, parent);

        this.cidrBlock = resolved.cidrBlock;
        this.azCount = resolved.azCount;
        this.availabilityZones = this.lookUpZones(resolved);

        this.vpc = new aws.ec2.Vpc(
            ...child(
                "vpc",
                `${name}-vpc`,
                {
                    cidrBlock: resolved.cidrBlock,
                    enableDnsSupport: true,
                    enableDnsHostnames: true,
                    tags: tagged("vpc"),
                },
                kept,
            ),
        );
        this.vpcId = this.vpc.id;

        // Managing the default group with no rules removes AWS's allow-all defaults (CIS 5.4).
        const defaultSg = new aws.ec2.DefaultSecurityGroup(
            ...child("defaultSg", `${name}-default-sg`, { vpcId: this.vpcId, tags: tagged("default-sg") }, parent),
        );
        this.defaultSecurityGroupId = defaultSg.id;

        const subnets = (tier: SubnetTier) =>
            resolved.subnetCidrs[tier].map(
                (cidrBlock, i) =>
                    new aws.ec2.Subnet(
                        ...child(
                            `${tier}Subnet`,
                            `${name}-${tier}-${i + 1}`,
                            {
                                vpcId: this.vpcId,
                                cidrBlock,
                                availabilityZone: this.availabilityZones[i],
                                mapPublicIpOnLaunch: false,
                                tags: tagged(`${tier}-${i + 1}`),
                            },
                            tier === "isolated" ? kept : parent,
                        ),
                    ),
            );
        const publicSubnets = subnets("public");
        const privateSubnets = subnets("private");
        const isolatedSubnets = subnets("isolated");
        this.publicSubnetIds = pulumi.output(publicSubnets.map((s) => s.id));
        this.privateSubnetIds = pulumi.output(privateSubnets.map((s) => s.id));
        this.isolatedSubnetIds = pulumi.output(isolatedSubnets.map((s) => s.id));

        const igw = new aws.ec2.InternetGateway(
            ...child("igw", `${name}-igw`, { vpcId: this.vpcId, tags: tagged("igw") }, parent),
        );
        const publicRouteTable = this.routeTable(child, "public", `${name}-public`, publicSubnets, args.tags);
        const publicInternet = new aws.ec2.Route(
            ...child(
                "publicInternet",
                `${name}-public-internet`,
                {
                    routeTableId: publicRouteTable.table.id,
                    destinationCidrBlock: ANYWHERE,
                    gatewayId: igw.id,
                },
                parent,
            ),
        );

        const { natEips, natGateways } = this.natGateways(child, name, resolved, publicSubnets, igw, args.tags);
        this.natGatewayIds = pulumi.output(natGateways.map((n) => n.id));
        // One private route table per AZ whatever the strategy, so switching strategy never replaces them.
        const privateNats: aws.ec2.Route[] = [];
        const privateRouteTables = privateSubnets.map((subnet, i) => {
            const table = this.routeTable(child, "private", `${name}-private-${i + 1}`, [subnet], args.tags);
            const nat = resolved.natStrategy === "perAz" ? natGateways[i] : natGateways[0];
            if (nat) {
                const route = new aws.ec2.Route(
                    ...child(
                        "privateNat",
                        `${name}-private-${i + 1}-nat`,
                        {
                            routeTableId: table.table.id,
                            destinationCidrBlock: ANYWHERE,
                            natGatewayId: nat.id,
                        },
                        parent,
                    ),
                );
                privateNats.push(route);
            }
            return table;
        });
        const isolatedRouteTable = this.routeTable(child, "isolated", `${name}-isolated`, isolatedSubnets, args.tags);

        const s3Endpoint = new aws.ec2.VpcEndpoint(
            ...child(
                "s3Endpoint",
                `${name}-s3-endpoint`,
                {
                    vpcId: this.vpcId,
                    serviceName: pulumi.interpolate`com.amazonaws.${aws.getRegionOutput({}, parent).region}.s3`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: privateRouteTables.map((t) => t.table.id),
                    tags: tagged("s3-endpoint"),
                },
                parent,
            ),
        );

        const lambdaSg = this.securityGroup(child, name, "lambda", "Functions: egress only", args.tags);
        const databaseSg = this.securityGroup(
            child,
            name,
            "database",
            "Databases: MySQL from functions only",
            args.tags,
            kept,
        );
        this.lambdaSecurityGroupId = lambdaSg.id;
        this.databaseSecurityGroupId = databaseSg.id;
        const httpsEgress = new aws.vpc.SecurityGroupEgressRule(
            ...child(
                "lambdaHttpsEgress",
                `${name}-lambda-https-egress`,
                httpsEgressArgs(lambdaSg.id, tagged("lambda-https-egress")),
                parent,
            ),
        );
        const mysqlEgress = new aws.vpc.SecurityGroupEgressRule(
            ...child(
                "lambdaMysqlEgress",
                `${name}-lambda-mysql-egress`,
                {
                    securityGroupId: lambdaSg.id,
                    description: "MySQL to the database group",
                    ipProtocol: "tcp",
                    fromPort: MYSQL_PORT,
                    toPort: MYSQL_PORT,
                    referencedSecurityGroupId: databaseSg.id,
                    tags: tagged("lambda-mysql-egress"),
                },
                parent,
            ),
        );
        const mysqlIngress = new aws.vpc.SecurityGroupIngressRule(
            ...child(
                "databaseMysqlIngress",
                `${name}-database-mysql-ingress`,
                {
                    securityGroupId: databaseSg.id,
                    description: "MySQL from the function group",
                    ipProtocol: "tcp",
                    fromPort: MYSQL_PORT,
                    toPort: MYSQL_PORT,
                    referencedSecurityGroupId: lambdaSg.id,
                    tags: tagged("database-mysql-ingress"),
                },
                parent,
            ),
        );

        const endpoints = this.interfaceEndpoints(
            child,
            name,
            resolved.interfaceEndpoints,
            privateSubnets,
            lambdaSg,
            args.tags,
        );
        const flowLogs = resolved.flowLogs
            ? this.flowLogs(child, name, { ...resolved.flowLogs, removal: resolved.removal }, args.tags)
            : undefined;
        this.flowLogGroupName = flowLogs ? flowLogs.flowLogs.name : pulumi.output(undefined);

        this.nodes = {
            vpc: this.vpc,
            defaultSg,
            publicSubnets,
            privateSubnets,
            isolatedSubnets,
            igw,
            publicRt: publicRouteTable.table,
            publicRtas: publicRouteTable.associations,
            publicInternet,
            natEips,
            nats: natGateways,
            privateRts: privateRouteTables.map((t) => t.table),
            privateRtas: privateRouteTables.flatMap((t) => t.associations),
            privateNats,
            isolatedRt: isolatedRouteTable.table,
            isolatedRtas: isolatedRouteTable.associations,
            s3Endpoint,
            lambdaSg,
            databaseSg,
            lambdaHttpsEgress: httpsEgress,
            lambdaMysqlEgress: mysqlEgress,
            databaseMysqlIngress: mysqlIngress,
            ...endpoints,
            ...flowLogs,
        };

        this.registerOutputs({
            vpcId: this.vpcId,
            availabilityZones: this.availabilityZones,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            isolatedSubnetIds: this.isolatedSubnetIds,
            natGatewayIds: this.natGatewayIds,
            lambdaSecurityGroupId: this.lambdaSecurityGroupId,
            databaseSecurityGroupId: this.databaseSecurityGroupId,
            flowLogGroupName: this.flowLogGroupName,
            defaultSecurityGroupId: this.defaultSecurityGroupId,
        });
    }

    /**
     * What traffic from the private subnets depends on, to the database and to AWS APIs: routes, NAT
     * gateways, route table associations, endpoints and security group rules. A deploy-time invocation of a
     * function in the network (a migration) must wait for all of them, not only for the function.
     * (A getter, so Pulumi's component analyzer leaves it out of the schema: other languages have `nodes`.)
     */
    public get connectivity(): pulumi.Resource[] {
        const n = this.nodes;
        return [
            ...n.publicRtas,
            n.publicInternet,
            ...n.nats,
            ...n.privateRtas,
            ...n.privateNats,
            ...n.isolatedRtas,
            n.s3Endpoint,
            n.lambdaHttpsEgress,
            n.lambdaMysqlEgress,
            n.databaseMysqlIngress,
            ...(n.endpointsHttpsIngress ? [n.endpointsHttpsIngress] : []),
            ...n.interfaceEndpoints,
        ];
    }

    /** The AZs to use: the explicit list, or the first `azCount` standard AZs of the region. */
    private lookUpZones(resolved: ResolvedNetworkArgs): pulumi.Output<string[]> {
        if (resolved.availabilityZones) return pulumi.output(resolved.availabilityZones);
        const zones = aws.getAvailabilityZonesOutput(
            {
                state: "available",
                // Standard AZs only: Local and Wavelength Zones lack services such as NAT gateways and RDS.
                filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
            },
            { parent: this },
        );
        return zones.names.apply((names) => {
            if (names.length < resolved.azCount) {
                throw new Error(
                    `Network: azCount is ${resolved.azCount} but the region has only ${names.length} ` +
                        `available AZs (${names.join(", ")}). Fix: lower azCount to ${names.length} or less.`,
                );
            }
            return names.slice(0, resolved.azCount);
        });
    }

    private routeTable(
        child: NetworkChild,
        tier: "public" | "private" | "isolated",
        prefix: string,
        subnets: aws.ec2.Subnet[],
        tags: Tags | undefined,
    ): { table: aws.ec2.RouteTable; associations: aws.ec2.RouteTableAssociation[] } {
        const table = new aws.ec2.RouteTable(
            ...child(
                `${tier}Rt`,
                `${prefix}-rt`,
                { vpcId: this.vpcId, tags: tagsWithName(tags, `${prefix}-rt`) },
                { parent: this },
            ),
        );
        const associations = subnets.map(
            (subnet, i) =>
                new aws.ec2.RouteTableAssociation(
                    ...child(
                        `${tier}Rta`,
                        `${prefix}-rta-${i + 1}`,
                        { routeTableId: table.id, subnetId: subnet.id },
                        { parent: this },
                    ),
                ),
        );
        return { table, associations };
    }

    private natGateways(
        child: NetworkChild,
        name: string,
        resolved: ResolvedNetworkArgs,
        publicSubnets: aws.ec2.Subnet[],
        igw: aws.ec2.InternetGateway,
        tags: Tags | undefined,
    ): { natEips: aws.ec2.Eip[]; natGateways: aws.ec2.NatGateway[] } {
        const count = { none: 0, single: 1, perAz: resolved.azCount }[resolved.natStrategy];
        const natEips: aws.ec2.Eip[] = [];
        const natGateways = publicSubnets.slice(0, count).map((subnet, i) => {
            const eip = new aws.ec2.Eip(
                ...child(
                    "natEip",
                    `${name}-nat-${i + 1}-eip`,
                    { domain: "vpc", tags: tagsWithName(tags, `${name}-nat-${i + 1}-eip`) },
                    { parent: this, dependsOn: [igw] },
                ),
            );
            natEips.push(eip);
            return new aws.ec2.NatGateway(
                ...child(
                    "nat",
                    `${name}-nat-${i + 1}`,
                    {
                        subnetId: subnet.id,
                        allocationId: eip.allocationId,
                        tags: tagsWithName(tags, `${name}-nat-${i + 1}`),
                    },
                    { parent: this, dependsOn: [igw] },
                ),
            );
        });
        return { natEips, natGateways };
    }

    private securityGroup(
        child: NetworkChild,
        name: string,
        role: "lambda" | "database" | "endpoints",
        description: string,
        tags: Tags | undefined,
        opts: pulumi.CustomResourceOptions = { parent: this },
    ): aws.ec2.SecurityGroup {
        // No inline rules: the standalone rule resources below own them, and AWS's default
        // allow-all egress rule is removed on creation.
        return new aws.ec2.SecurityGroup(
            ...child(
                `${role}Sg`,
                `${name}-${role}-sg`,
                { vpcId: this.vpcId, description, tags: tagsWithName(tags, `${name}-${role}-sg`) },
                opts,
            ),
        );
    }

    private interfaceEndpoints(
        child: NetworkChild,
        name: string,
        services: string[],
        privateSubnets: aws.ec2.Subnet[],
        lambdaSg: aws.ec2.SecurityGroup,
        tags: Tags | undefined,
    ): Pick<NetworkNodes, "endpointsSg" | "endpointsHttpsIngress" | "interfaceEndpoints"> {
        if (services.length === 0) return { interfaceEndpoints: [] };
        const endpointsSg = this.securityGroup(
            child,
            name,
            "endpoints",
            "VPC interface endpoints: HTTPS from functions",
            tags,
        );
        const endpointsHttpsIngress = new aws.vpc.SecurityGroupIngressRule(
            ...child(
                "endpointsHttpsIngress",
                `${name}-endpoints-https-ingress`,
                {
                    securityGroupId: endpointsSg.id,
                    description: "HTTPS from the function group",
                    ipProtocol: "tcp",
                    fromPort: HTTPS_PORT,
                    toPort: HTTPS_PORT,
                    referencedSecurityGroupId: lambdaSg.id,
                    tags: tagsWithName(tags, `${name}-endpoints-https-ingress`),
                },
                { parent: this },
            ),
        );
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const interfaceEndpoints = services.map((service) => {
            const role = `${service.replace(/\./g, "-")}-endpoint`;
            return new aws.ec2.VpcEndpoint(
                ...child(
                    "interfaceEndpoint",
                    `${name}-${role}`,
                    {
                        vpcId: this.vpcId,
                        serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
                        vpcEndpointType: "Interface",
                        privateDnsEnabled: true,
                        subnetIds: privateSubnets.map((s) => s.id),
                        securityGroupIds: [endpointsSg.id],
                        tags: tagsWithName(tags, `${name}-${role}`),
                    },
                    { parent: this },
                ),
            );
        });
        return { endpointsSg, endpointsHttpsIngress, interfaceEndpoints };
    }

    private flowLogs(
        child: NetworkChild,
        name: string,
        settings: Exclude<ResolvedNetworkArgs["flowLogs"], false> & Pick<ResolvedNetworkArgs, "removal">,
        tags: Tags | undefined,
    ): Required<Pick<NetworkNodes, "flowLogs" | "flowLogsRole" | "flowLogsPolicy" | "flowLog">> {
        const flowLogs = new aws.cloudwatch.LogGroup(
            ...child(
                "flowLogs",
                `${name}-flow-logs`,
                { retentionInDays: settings.retentionInDays, tags: tagsWithName(tags, `${name}-flow-logs`) },
                statefulOptions(settings.removal, { parent: this }),
            ),
        );
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const flowLogsRole = new aws.iam.Role(
            ...child(
                "flowLogsRole",
                `${name}-flow-logs-role`,
                {
                    assumeRolePolicy: accountId.apply(flowLogsTrustPolicy),
                    tags: tagsWithName(tags, `${name}-flow-logs-role`),
                },
                { parent: this },
            ),
        );
        const flowLogsPolicy = new aws.iam.RolePolicy(
            ...child(
                "flowLogsPolicy",
                `${name}-flow-logs-policy`,
                { role: flowLogsRole.id, policy: flowLogs.arn.apply(flowLogsWritePolicy) },
                { parent: this },
            ),
        );
        const flowLog = new aws.ec2.FlowLog(
            ...child(
                "flowLog",
                `${name}-flow-log`,
                {
                    vpcId: this.vpcId,
                    trafficType: settings.trafficType,
                    logDestinationType: "cloud-watch-logs",
                    logDestination: flowLogs.arn,
                    iamRoleArn: flowLogsRole.arn,
                    maxAggregationInterval: 60,
                    tags: tagsWithName(tags, `${name}-flow-log`),
                },
                { parent: this },
            ),
        );
        return { flowLogs, flowLogsRole, flowLogsPolicy, flowLog };
    }
}

type NetworkChild = ChildFactory<NetworkChildArgs>;
