import * as assert from "assert/strict";
import { NetworkArgs, resolveNetworkArgs } from "../../components/network";

describe("resolveNetworkArgs", () => {
    it("applies the documented defaults", () => {
        const { resolved, issues } = resolveNetworkArgs({});
        assert.deepEqual(issues, []);
        assert.equal(resolved.cidrBlock, "10.0.0.0/16");
        assert.equal(resolved.azCount, 2);
        assert.equal(resolved.natStrategy, "perAz");
        assert.deepEqual(resolved.interfaceEndpoints, []);
        assert.deepEqual(resolved.flowLogs, { retentionInDays: 90, trafficType: "ALL" });
        assert.equal(resolved.subnetCidrs.private.length, 2);
    });

    it("adds a Secrets Manager endpoint by default when there is no NAT", () => {
        assert.deepEqual(resolveNetworkArgs({ natStrategy: "none" }).resolved.interfaceEndpoints, ["secretsmanager"]);
        assert.deepEqual(
            resolveNetworkArgs({ natStrategy: "none", interfaceEndpoints: [] }).resolved.interfaceEndpoints,
            [],
        );
    });

    it("takes the AZ count from explicit AZs", () => {
        const { resolved, issues } = resolveNetworkArgs({
            availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
        });
        assert.deepEqual(issues, []);
        assert.equal(resolved.azCount, 3);
    });

    // Each bad value, the argument it must be reported under, and the message's gist.
    const bad: [string, NetworkArgs, string, RegExp][] = [
        [
            "a malformed CIDR",
            { cidrBlock: "10.0.0/16" },
            "cidrBlock",
            /invalid IPv4 address.*Fix: use an IPv4 CIDR block/,
        ],
        ["a CIDR with host bits", { cidrBlock: "10.0.0.5/16" }, "cidrBlock", /did you mean 10\.0\.0\.0\/16/],
        ["a VPC larger than /16", { cidrBlock: "10.0.0.0/8" }, "cidrBlock", /AWS accepts VPCs from \/16 to \/28/],
        ["a VPC too small for the plan", { cidrBlock: "10.0.0.0/24" }, "cidrBlock", /too small/],
        ["one AZ", { azCount: 1 }, "azCount", /got 1; RDS needs subnets in at least two AZs.*from 2 to 6/],
        ["seven AZs", { azCount: 7 }, "azCount", /got 7/],
        ["a fractional AZ count", { azCount: 2.5 }, "azCount", /got 2\.5/],
        ["one explicit AZ", { availabilityZones: ["eu-west-1a"] }, "availabilityZones (count)", /at least two AZs/],
        ["a malformed AZ name", { availabilityZones: ["eu-west-1a", "west"] }, "availabilityZones", /AZ names such as/],
        ["a repeated AZ", { availabilityZones: ["eu-west-1a", "eu-west-1a"] }, "availabilityZones", /more than once/],
        [
            "azCount contradicting the AZ list",
            { azCount: 3, availabilityZones: ["eu-west-1a", "eu-west-1b"] },
            "azCount",
            /lists 2/,
        ],
        ["an unknown NAT strategy", { natStrategy: "many" as never }, "natStrategy", /"none", "single", "perAz"/],
        [
            "a malformed endpoint service",
            { interfaceEndpoints: ["Secrets Manager"] },
            "interfaceEndpoints",
            /short names/,
        ],
        ["an S3 interface endpoint", { interfaceEndpoints: ["s3"] }, "interfaceEndpoints", /S3 gateway endpoint/],
        ["a repeated endpoint", { interfaceEndpoints: ["logs", "logs"] }, "interfaceEndpoints", /more than once/],
        [
            "a retention CloudWatch refuses",
            { flowLogs: { retentionInDays: 10 as never } },
            "flowLogs.retentionInDays",
            /1, 3, 5, 7, 14/,
        ],
        [
            "an unknown traffic type",
            { flowLogs: { trafficType: "SOME" as never } },
            "flowLogs.trafficType",
            /"ALL", "ACCEPT", "REJECT"/,
        ],
        ["a non-boolean flowLogs", { flowLogs: "yes" as never }, "flowLogs", /true, false or/],
        [
            "too few explicit subnets",
            {
                subnetCidrs: {
                    private: ["10.0.0.0/24"],
                    public: ["10.0.1.0/24", "10.0.2.0/24"],
                    isolated: ["10.0.3.0/24", "10.0.4.0/24"],
                },
            },
            "subnetCidrs.private",
            /exactly 2 CIDR blocks/,
        ],
        [
            "overlapping explicit subnets",
            {
                subnetCidrs: {
                    private: ["10.0.0.0/24", "10.0.1.0/24"],
                    public: ["10.0.0.0/25", "10.0.2.0/24"],
                    isolated: ["10.0.3.0/24", "10.0.4.0/24"],
                },
            },
            "subnetCidrs",
            /overlaps/,
        ],
        [
            "explicit subnets outside the VPC",
            {
                subnetCidrs: {
                    private: ["10.1.0.0/24", "10.0.1.0/24"],
                    public: ["10.0.5.0/24", "10.0.2.0/24"],
                    isolated: ["10.0.3.0/24", "10.0.4.0/24"],
                },
            },
            "subnetCidrs",
            /outside the VPC/,
        ],
    ];
    for (const [label, args, argument, message] of bad) {
        it(`rejects ${label} under "${argument}"`, () => {
            const { issues } = resolveNetworkArgs(args);
            const issue = issues.find((i) => i.argument === argument);
            assert.ok(issue, `no issue for ${argument}: ${JSON.stringify(issues)}`);
            assert.match(`${issue.problem}. Fix: ${issue.fix}`, message);
        });
    }
});
