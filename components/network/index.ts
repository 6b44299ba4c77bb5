import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfInvalid } from "../errors";
import { statefulOptions } from "../removal";
import { Tags, tagsWithName } from "../tags";
import { NetworkArgs, ResolvedNetworkArgs, resolveNetworkArgs } from "./args";
import { SubnetTier } from "./cidr";
import { flowLogsTrustPolicy, flowLogsWritePolicy } from "./policies";
import { componentType, withPreviousType } from "../component-type";

export * from "./args";
export * from "./cidr";
export * from "./placement";

const MYSQL_PORT = 3306;
const HTTPS_PORT = 443;
const ANYWHERE = "0.0.0.0/0";

/**
 * A VPC laid out for serverless workloads:
 * - public, private and isolated subnets in each of N availability zones, with their route tables;
 * - an internet gateway for the public tier and NAT gateways per {@link NatStrategy} for the private tier;
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
    /**
     * What traffic from the private subnets depends on, to the database and to AWS APIs: routes, NAT
     * gateways, route table associations, endpoints and security group rules. A deploy-time invocation of a
     * function in the network (a migration) must wait for all of them, not only for the function.
     */
    public readonly connectivity: pulumi.Resource[] = [];

    constructor(name: string, args: NetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(), so invalid arguments register nothing at all.
        const { resolved, issues } = resolveNetworkArgs(args);
        throwIfInvalid(`Network "${name}"`, issues);
        super(componentType("Network"), name, {}, withPreviousType("paas:network:Network", opts));
        const tagged = (role: string) => tagsWithName(args.tags, `${name}-${role}`);
        const parent = { parent: this };
        const kept = statefulOptions(resolved.removal, parent);

        this.cidrBlock = resolved.cidrBlock;
        this.azCount = resolved.azCount;
        this.availabilityZones = this.lookUpZones(resolved);

        this.vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: resolved.cidrBlock,
                enableDnsSupport: true,
                enableDnsHostnames: true,
                tags: tagged("vpc"),
            },
            kept,
        );
        this.vpcId = this.vpc.id;

        // Managing the default group with no rules removes AWS's allow-all defaults (CIS 5.4).
        const defaultSg = new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId: this.vpcId, tags: tagged("default-sg") },
            parent,
        );
        this.defaultSecurityGroupId = defaultSg.id;

        const subnets = (tier: SubnetTier) =>
            resolved.subnetCidrs[tier].map(
                (cidrBlock, i) =>
                    new aws.ec2.Subnet(
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
            );
        const publicSubnets = subnets("public");
        const privateSubnets = subnets("private");
        const isolatedSubnets = subnets("isolated");
        this.publicSubnetIds = pulumi.output(publicSubnets.map((s) => s.id));
        this.privateSubnetIds = pulumi.output(privateSubnets.map((s) => s.id));
        this.isolatedSubnetIds = pulumi.output(isolatedSubnets.map((s) => s.id));

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpcId, tags: tagged("igw") }, parent);
        const publicRouteTable = this.routeTable(`${name}-public`, publicSubnets, args.tags);
        const publicInternet = new aws.ec2.Route(
            `${name}-public-internet`,
            {
                routeTableId: publicRouteTable.id,
                destinationCidrBlock: ANYWHERE,
                gatewayId: igw.id,
            },
            parent,
        );

        this.connectivity.push(publicInternet);
        const natGateways = this.natGateways(name, resolved, publicSubnets, igw, args.tags);
        this.connectivity.push(...natGateways);
        this.natGatewayIds = pulumi.output(natGateways.map((n) => n.id));
        // One private route table per AZ whatever the strategy, so switching strategy never replaces them.
        const privateRouteTables = privateSubnets.map((subnet, i) => {
            const table = this.routeTable(`${name}-private-${i + 1}`, [subnet], args.tags);
            const nat = resolved.natStrategy === "perAz" ? natGateways[i] : natGateways[0];
            if (nat) {
                const route = new aws.ec2.Route(
                    `${name}-private-${i + 1}-nat`,
                    {
                        routeTableId: table.id,
                        destinationCidrBlock: ANYWHERE,
                        natGatewayId: nat.id,
                    },
                    parent,
                );
                this.connectivity.push(route);
            }
            return table;
        });
        this.routeTable(`${name}-isolated`, isolatedSubnets, args.tags);

        const s3Endpoint = new aws.ec2.VpcEndpoint(
            `${name}-s3-endpoint`,
            {
                vpcId: this.vpcId,
                serviceName: pulumi.interpolate`com.amazonaws.${aws.getRegionOutput({}, parent).region}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: privateRouteTables.map((t) => t.id),
                tags: tagged("s3-endpoint"),
            },
            parent,
        );

        this.connectivity.push(s3Endpoint);
        const lambdaSg = this.securityGroup(name, "lambda", "Functions: egress only", args.tags);
        const databaseSg = this.securityGroup(
            name,
            "database",
            "Databases: MySQL from functions only",
            args.tags,
            kept,
        );
        this.lambdaSecurityGroupId = lambdaSg.id;
        this.databaseSecurityGroupId = databaseSg.id;
        const httpsEgress = new aws.vpc.SecurityGroupEgressRule(
            `${name}-lambda-https-egress`,
            {
                securityGroupId: lambdaSg.id,
                description: "HTTPS to AWS APIs (through NAT or VPC endpoints)",
                ipProtocol: "tcp",
                fromPort: HTTPS_PORT,
                toPort: HTTPS_PORT,
                cidrIpv4: ANYWHERE,
                tags: tagged("lambda-https-egress"),
            },
            parent,
        );
        const mysqlEgress = new aws.vpc.SecurityGroupEgressRule(
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
        );
        const mysqlIngress = new aws.vpc.SecurityGroupIngressRule(
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
        );

        this.connectivity.push(httpsEgress, mysqlEgress, mysqlIngress);
        this.connectivity.push(
            ...this.interfaceEndpoints(name, resolved.interfaceEndpoints, privateSubnets, lambdaSg, args.tags),
        );
        this.flowLogGroupName = resolved.flowLogs
            ? this.flowLogs(name, { ...resolved.flowLogs, removal: resolved.removal }, args.tags)
            : pulumi.output(undefined);

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

    private routeTable(prefix: string, subnets: aws.ec2.Subnet[], tags: Tags | undefined): aws.ec2.RouteTable {
        const table = new aws.ec2.RouteTable(
            `${prefix}-rt`,
            {
                vpcId: this.vpcId,
                tags: tagsWithName(tags, `${prefix}-rt`),
            },
            { parent: this },
        );
        subnets.forEach((subnet, i) =>
            this.connectivity.push(
                new aws.ec2.RouteTableAssociation(
                    `${prefix}-rta-${i + 1}`,
                    {
                        routeTableId: table.id,
                        subnetId: subnet.id,
                    },
                    { parent: this },
                ),
            ),
        );
        return table;
    }

    private natGateways(
        name: string,
        resolved: ResolvedNetworkArgs,
        publicSubnets: aws.ec2.Subnet[],
        igw: aws.ec2.InternetGateway,
        tags: Tags | undefined,
    ): aws.ec2.NatGateway[] {
        const count = { none: 0, single: 1, perAz: resolved.azCount }[resolved.natStrategy];
        return publicSubnets.slice(0, count).map((subnet, i) => {
            const eip = new aws.ec2.Eip(
                `${name}-nat-${i + 1}-eip`,
                {
                    domain: "vpc",
                    tags: tagsWithName(tags, `${name}-nat-${i + 1}-eip`),
                },
                { parent: this, dependsOn: [igw] },
            );
            return new aws.ec2.NatGateway(
                `${name}-nat-${i + 1}`,
                {
                    subnetId: subnet.id,
                    allocationId: eip.allocationId,
                    tags: tagsWithName(tags, `${name}-nat-${i + 1}`),
                },
                { parent: this, dependsOn: [igw] },
            );
        });
    }

    private securityGroup(
        name: string,
        role: string,
        description: string,
        tags: Tags | undefined,
        opts: pulumi.CustomResourceOptions = { parent: this },
    ): aws.ec2.SecurityGroup {
        // No inline rules: the standalone rule resources below own them, and AWS's default
        // allow-all egress rule is removed on creation.
        return new aws.ec2.SecurityGroup(
            `${name}-${role}-sg`,
            {
                vpcId: this.vpcId,
                description,
                tags: tagsWithName(tags, `${name}-${role}-sg`),
            },
            opts,
        );
    }

    private interfaceEndpoints(
        name: string,
        services: string[],
        privateSubnets: aws.ec2.Subnet[],
        lambdaSg: aws.ec2.SecurityGroup,
        tags: Tags | undefined,
    ): pulumi.Resource[] {
        if (services.length === 0) return [];
        const endpointSg = this.securityGroup(name, "endpoints", "VPC interface endpoints: HTTPS from functions", tags);
        const ingress = new aws.vpc.SecurityGroupIngressRule(
            `${name}-endpoints-https-ingress`,
            {
                securityGroupId: endpointSg.id,
                description: "HTTPS from the function group",
                ipProtocol: "tcp",
                fromPort: HTTPS_PORT,
                toPort: HTTPS_PORT,
                referencedSecurityGroupId: lambdaSg.id,
                tags: tagsWithName(tags, `${name}-endpoints-https-ingress`),
            },
            { parent: this },
        );
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const endpoints = services.map((service) => {
            const role = `${service.replace(/\./g, "-")}-endpoint`;
            return new aws.ec2.VpcEndpoint(
                `${name}-${role}`,
                {
                    vpcId: this.vpcId,
                    serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: privateSubnets.map((s) => s.id),
                    securityGroupIds: [endpointSg.id],
                    tags: tagsWithName(tags, `${name}-${role}`),
                },
                { parent: this },
            );
        });
        return [ingress, ...endpoints];
    }

    private flowLogs(
        name: string,
        settings: Exclude<ResolvedNetworkArgs["flowLogs"], false> & Pick<ResolvedNetworkArgs, "removal">,
        tags: Tags | undefined,
    ) {
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            {
                retentionInDays: settings.retentionInDays,
                tags: tagsWithName(tags, `${name}-flow-logs`),
            },
            statefulOptions(settings.removal, { parent: this }),
        );
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const role = new aws.iam.Role(
            `${name}-flow-logs-role`,
            {
                assumeRolePolicy: accountId.apply(flowLogsTrustPolicy),
                tags: tagsWithName(tags, `${name}-flow-logs-role`),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs-policy`,
            {
                role: role.id,
                policy: logGroup.arn.apply(flowLogsWritePolicy),
            },
            { parent: this },
        );
        new aws.ec2.FlowLog(
            `${name}-flow-log`,
            {
                vpcId: this.vpcId,
                trafficType: settings.trafficType,
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 60,
                tags: tagsWithName(tags, `${name}-flow-log`),
            },
            { parent: this },
        );
        return logGroup.name;
    }
}
