import * as assert from "assert/strict";
import { Network, NetworkArgs, SubnetCidrs, planSubnets } from "../../components/network";
import { Evaluation } from "../../tools/offline/evaluate";
import {
    REGION,
    T,
    UNTAGGABLE,
    byId,
    childrenOf,
    evaluateInvalid,
    evaluateProgram,
    named,
    ofType,
} from "../support/harness";

function evaluateNetwork(args: NetworkArgs): Promise<Evaluation> {
    return evaluateProgram(() => {
        const network = new Network("net", { tags: { team: "platform" }, ...args });
        return {
            vpcId: network.vpcId,
            private: network.privateSubnetIds,
            isolated: network.isolatedSubnetIds,
            azs: network.availabilityZones,
        };
    });
}

describe("Network", () => {
    describe("with three AZs and a NAT gateway per AZ", () => {
        let e: Evaluation;
        before(async () => {
            e = await evaluateNetwork({ cidrBlock: "10.30.0.0/16", azCount: 3, natStrategy: "perAz" });
        });

        it("creates a VPC with DNS support and hostnames", () => {
            const vpc = named(e, "net-vpc");
            assert.equal(vpc.inputs.cidrBlock, "10.30.0.0/16");
            assert.equal(vpc.inputs.enableDnsSupport, true);
            assert.equal(vpc.inputs.enableDnsHostnames, true);
        });

        it("lays out public, private and isolated subnets per AZ from the CIDR plan, none auto-assigning public IPs", () => {
            const plan = planSubnets("10.30.0.0/16", 3) as SubnetCidrs;
            for (const tier of ["public", "private", "isolated"] as const) {
                for (let i = 0; i < 3; i++) {
                    const subnet = named(e, `net-${tier}-${i + 1}`);
                    assert.equal(subnet.inputs.cidrBlock, plan[tier][i]);
                    assert.equal(subnet.inputs.availabilityZone, `${REGION}${"abc"[i]}`);
                    assert.equal(subnet.inputs.mapPublicIpOnLaunch, false);
                }
            }
            assert.equal(ofType(e, T.subnet).length, 9);
            assert.deepEqual(e.outputs.azs, [`${REGION}a`, `${REGION}b`, `${REGION}c`]);
        });

        it("routes public subnets to the internet gateway", () => {
            const route = named(e, "net-public-internet");
            assert.equal(route.inputs.destinationCidrBlock, "0.0.0.0/0");
            assert.equal(byId(e, route.inputs.gatewayId).type, T.igw);
            assert.equal(byId(e, route.inputs.routeTableId).name, "net-public-rt");
        });

        it("associates every subnet with exactly one route table of its tier", () => {
            const associations = ofType(e, T.rta);
            for (const subnet of ofType(e, T.subnet)) {
                const mine = associations.filter((a) => a.inputs.subnetId === subnet.id);
                assert.equal(mine.length, 1, subnet.name);
                const tier = subnet.name.split("-")[1];
                assert.match(byId(e, mine[0].inputs.routeTableId).name, new RegExp(`^net-${tier}-`));
            }
        });

        it("gives each AZ its own NAT gateway, with an Elastic IP, in its public subnet", () => {
            const nats = ofType(e, T.nat);
            assert.equal(nats.length, 3);
            assert.equal(ofType(e, T.eip).length, 3);
            nats.forEach((nat, i) => {
                assert.equal(byId(e, nat.inputs.subnetId).name, `net-public-${i + 1}`);
                assert.equal(e.resources.find((r) => r.outputs.allocationId === nat.inputs.allocationId)?.type, T.eip);
                const route = named(e, `net-private-${i + 1}-nat`);
                assert.equal(route.inputs.destinationCidrBlock, "0.0.0.0/0");
                assert.equal(route.inputs.natGatewayId, nat.id);
                assert.equal(byId(e, route.inputs.routeTableId).name, `net-private-${i + 1}-rt`);
            });
        });

        it("gives isolated subnets no route out of the VPC", () => {
            const isolatedTable = named(e, "net-isolated-rt");
            assert.deepEqual(
                ofType(e, T.route).filter((r) => r.inputs.routeTableId === isolatedTable.id),
                [],
            );
        });

        it("adds an S3 gateway endpoint on every private route table", () => {
            const s3 = named(e, "net-s3-endpoint");
            assert.equal(s3.inputs.serviceName, `com.amazonaws.${REGION}.s3`);
            assert.equal(s3.inputs.vpcEndpointType, "Gateway");
            assert.deepEqual(
                s3.inputs.routeTableIds.map((id: string) => byId(e, id).name),
                ["net-private-1-rt", "net-private-2-rt", "net-private-3-rt"],
            );
        });

        it("has no interface endpoints when NAT is available and none are asked for", () => {
            assert.deepEqual(
                ofType(e, T.endpoint).map((r) => r.name),
                ["net-s3-endpoint"],
            );
        });

        it("admits MySQL to the database group only from the function group, and nothing from anywhere", () => {
            const lambdaSg = named(e, "net-lambda-sg");
            const dbSg = named(e, "net-database-sg");
            const ingress = ofType(e, T.ingress);
            assert.deepEqual(
                ingress.map((r) => r.name),
                ["net-database-mysql-ingress"],
            );
            assert.equal(ingress[0].inputs.securityGroupId, dbSg.id);
            assert.equal(ingress[0].inputs.referencedSecurityGroupId, lambdaSg.id);
            assert.equal(ingress[0].inputs.fromPort, 3306);
            assert.equal(ingress[0].inputs.toPort, 3306);
            assert.equal(ingress[0].inputs.cidrIpv4, undefined);
            for (const sg of ofType(e, T.sg)) {
                assert.equal(sg.inputs.ingress, undefined, `${sg.name} has inline ingress`);
                assert.equal(sg.inputs.egress, undefined, `${sg.name} has inline egress`);
            }
        });

        it("lets functions out on HTTPS and to the database group on MySQL only", () => {
            const egress = ofType(e, T.egress);
            const lambdaSg = named(e, "net-lambda-sg");
            assert.deepEqual(
                egress.map((r) => [
                    r.inputs.securityGroupId,
                    r.inputs.fromPort,
                    r.inputs.cidrIpv4 ?? byId(e, r.inputs.referencedSecurityGroupId).name,
                ]),
                [
                    [lambdaSg.id, 443, "0.0.0.0/0"],
                    [lambdaSg.id, 3306, "net-database-sg"],
                ],
            );
        });

        it("manages the default security group with no rules", () => {
            const defaultSg = named(e, "net-default-sg");
            assert.equal(defaultSg.inputs.vpcId, named(e, "net-vpc").id);
            assert.equal(defaultSg.inputs.ingress, undefined);
            assert.equal(defaultSg.inputs.egress, undefined);
        });

        it("sends flow logs to a log group with retention, through a role only flow logs can assume", () => {
            const flowLog = named(e, "net-flow-log");
            const logGroup = named(e, "net-flow-logs");
            assert.equal(flowLog.inputs.logDestination, logGroup.outputs.arn);
            assert.equal(flowLog.inputs.logDestinationType, "cloud-watch-logs");
            assert.equal(flowLog.inputs.trafficType, "ALL");
            assert.equal(logGroup.inputs.retentionInDays, 90);
            const role = named(e, "net-flow-logs-role");
            assert.equal(flowLog.inputs.iamRoleArn, role.outputs.arn);
            const trust = JSON.parse(role.inputs.assumeRolePolicy);
            assert.deepEqual(trust.Statement[0].Principal, { Service: "vpc-flow-logs.amazonaws.com" });
            const policy = JSON.parse(named(e, "net-flow-logs-policy").inputs.policy);
            assert.deepEqual(policy.Statement[0].Resource, [
                logGroup.outputs.arn,
                `${logGroup.outputs.arn}:log-stream:*`,
            ]);
            assert.ok(policy.Statement[0].Action.every((a: string) => !a.includes("*")));
            // Every action of AWS's documented flow-log policy, none more.
            const granted = policy.Statement.flatMap((s: { Action: string[] }) => s.Action).sort();
            assert.deepEqual(granted, [
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:DescribeLogGroups",
                "logs:DescribeLogStreams",
                "logs:PutLogEvents",
            ]);
            assert.deepEqual(policy.Statement[1].Resource, [
                logGroup.outputs.arn.replace(/:log-group:.*$/, ":log-group:*"),
            ]);
        });

        it("names every child after the component and parents it to the component", () => {
            const component = named(e, "net");
            assert.equal(component.type, T.network);
            const children = childrenOf(e, "net");
            const others = e.resources.filter((r) => r.type !== T.stack && r !== component);
            assert.equal(children.length, others.length);
            for (const child of children) assert.match(child.name, /^net-/);
        });

        it("tags every taggable resource with the given tags and a Name", () => {
            for (const r of e.resources.filter((r) => r.type.startsWith("aws:") && !UNTAGGABLE.has(r.type))) {
                assert.equal(r.inputs.tags?.team, "platform", `${r.name} lacks the given tags`);
                assert.equal(r.inputs.tags?.Name, r.name, `${r.name} lacks a Name tag`);
            }
        });
    });

    describe("NAT strategies", () => {
        it("single: one NAT gateway in the first AZ serving every private route table", async () => {
            const e = await evaluateNetwork({ azCount: 3, natStrategy: "single" });
            const nats = ofType(e, T.nat);
            assert.equal(nats.length, 1);
            assert.equal(byId(e, nats[0].inputs.subnetId).name, "net-public-1");
            for (let i = 1; i <= 3; i++) assert.equal(named(e, `net-private-${i}-nat`).inputs.natGatewayId, nats[0].id);
        });

        it("none: no NAT gateway, no Elastic IP, no default route from private subnets, and a Secrets Manager endpoint", async () => {
            const e = await evaluateNetwork({ azCount: 2, natStrategy: "none" });
            assert.equal(ofType(e, T.nat).length, 0);
            assert.equal(ofType(e, T.eip).length, 0);
            assert.deepEqual(
                ofType(e, T.route).map((r) => r.name),
                ["net-public-internet"],
            );
            const endpoint = named(e, "net-secretsmanager-endpoint");
            assert.equal(endpoint.inputs.serviceName, `com.amazonaws.${REGION}.secretsmanager`);
            assert.equal(endpoint.inputs.vpcEndpointType, "Interface");
            assert.equal(endpoint.inputs.privateDnsEnabled, true);
            assert.deepEqual(endpoint.inputs.subnetIds, e.outputs.private);
            const endpointSg = named(e, "net-endpoints-sg");
            assert.deepEqual(endpoint.inputs.securityGroupIds, [endpointSg.id]);
            const https = named(e, "net-endpoints-https-ingress");
            assert.equal(https.inputs.securityGroupId, endpointSg.id);
            assert.equal(https.inputs.referencedSecurityGroupId, named(e, "net-lambda-sg").id);
            assert.equal(https.inputs.fromPort, 443);
        });

        it("creates the interface endpoints asked for, named after the service", async () => {
            const e = await evaluateNetwork({ natStrategy: "single", interfaceEndpoints: ["logs", "ecr.api"] });
            assert.equal(named(e, "net-logs-endpoint").inputs.serviceName, `com.amazonaws.${REGION}.logs`);
            assert.equal(named(e, "net-ecr-api-endpoint").inputs.serviceName, `com.amazonaws.${REGION}.ecr.api`);
        });
    });

    it("creates no flow logs when turned off", async () => {
        const e = await evaluateNetwork({ flowLogs: { enabled: false } });
        for (const type of [T.flowLog, T.logGroup, T.role, T.rolePolicy]) assert.equal(ofType(e, type).length, 0, type);
    });

    it("uses explicit AZs and subnet CIDRs as given", async () => {
        const subnetCidrs = {
            private: ["10.0.0.0/24", "10.0.1.0/24"],
            public: ["10.0.2.0/26", "10.0.2.64/26"],
            isolated: ["10.0.3.0/28", "10.0.3.16/28"],
        };
        const e = await evaluateNetwork({ availabilityZones: ["eu-west-1b", "eu-west-1c"], subnetCidrs });
        assert.deepEqual(e.outputs.azs, ["eu-west-1b", "eu-west-1c"]);
        assert.equal(named(e, "net-isolated-2").inputs.cidrBlock, "10.0.3.16/28");
        assert.equal(named(e, "net-isolated-2").inputs.availabilityZone, "eu-west-1c");
    });

    it("fails at deploy time, naming the fix, when the region has fewer AZs than asked for", async () => {
        await assert.rejects(
            evaluateNetwork({ azCount: 5 }),
            /azCount is 5 but the region has only 4 available AZs.*lower azCount to 4/,
        );
    });

    it("rejects invalid arguments before registering anything, naming the component, argument and fix", async () => {
        const { error, resources } = await evaluateInvalid(
            () => new Network("bad", { azCount: 1, cidrBlock: "10.0.0.1/16" }),
        );
        assert.match(error.message, /^Network "bad": 2 invalid arguments:/);
        assert.match(error.message, /- cidrBlock: "10\.0\.0\.1\/16" has host bits set .*Fix: /);
        assert.match(
            error.message,
            /- azCount: got 1; RDS needs subnets in at least two AZs\. Fix: use an integer from 2 to 6\./,
        );
        assert.deepEqual(
            resources.filter((r) => r.type !== T.stack),
            [],
        );
    });
});
