import * as assert from "assert/strict";
import { NetworkArgs, resolveNetworkArgs } from "../../components/network/args";

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

describe("resolveNetworkArgs: exact issues and resolved values", () => {
    const explicit = {
        private: ["10.0.0.0/24", "10.0.1.0/24"],
        public: ["10.0.2.0/24", "10.0.3.0/24"],
        isolated: ["10.0.4.0/24", "10.0.5.0/24"],
    };
    // Arguments, and every argument they are rejected under ([] when accepted).
    const cases: [string, NetworkArgs, string[]][] = [
        ["a /25 VPC with explicit /28 subnets", { cidrBlock: "10.0.0.0/25", subnetCidrs: slash28s() }, []],
        ["a /29 VPC", { cidrBlock: "10.0.0.0/29" }, ["cidrBlock"]],
        ["a /15 VPC", { cidrBlock: "10.0.0.0/15" }, ["cidrBlock"]],
        ["six AZs", { azCount: 6 }, []],
        ["AZs in another partition's form", { availabilityZones: ["us-gov-west-1a", "us-gov-west-1b"] }, []],
        ["an AZ ID, not a name", { availabilityZones: ["euw1-az1", "euw1-az2"] }, ["availabilityZones"]],
        ["an AZ with a trailing space", { availabilityZones: ["eu-west-1a ", "eu-west-1b"] }, ["availabilityZones"]],
        ["a region, not an AZ", { availabilityZones: ["xeu-west-1a", "eu-west-1"] }, ["availabilityZones"]],
        ["AZs that are not a list", { availabilityZones: "eu-west-1a" as never }, ["availabilityZones"]],
        ["an AZ that is not text", { availabilityZones: [1, 2] as never }, ["availabilityZones"]],
        [
            "an AZ in a list of its own",
            { availabilityZones: [["eu-west-1a"], "eu-west-1b"] as never },
            ["availabilityZones"],
        ],
        ["an AZ name after other text", { availabilityZones: ["1eu-west-1a", "eu-west-1b"] }, ["availabilityZones"]],
        ["AZs of a region numbered 10", { availabilityZones: ["xx-east-10a", "xx-east-10b"] }, []],
        ["azCount matching the AZ list", { azCount: 2, availabilityZones: ["eu-west-1a", "eu-west-1b"] }, []],
        ["dotted endpoint services", { interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs"] }, []],
        ["an endpoint with a capital", { interfaceEndpoints: ["Logs"] }, ["interfaceEndpoints"]],
        ["an endpoint with a trailing dot", { interfaceEndpoints: ["ecr."] }, ["interfaceEndpoints"]],
        ["endpoints that are not a list", { interfaceEndpoints: "logs" as never }, ["interfaceEndpoints"]],
        ["an endpoint that is not text", { interfaceEndpoints: [5] as never }, ["interfaceEndpoints"]],
        ["an endpoint in a list of its own", { interfaceEndpoints: [["logs"]] as never }, ["interfaceEndpoints"]],
        ["flow logs off", { flowLogs: { enabled: false } }, []],
        // A plain boolean, as stack config and JavaScript callers may give: read as { enabled }.
        ["flow logs off, as a boolean", { flowLogs: false as never }, []],
        ["flow logs as null", { flowLogs: null as never }, ["flowLogs"]],
        ["flow logs switched off in their settings", { flowLogs: { enabled: false, retentionInDays: 2 as never } }, []],
        [
            "flow logs switched on in their settings",
            { flowLogs: { enabled: true, retentionInDays: 2 as never } },
            ["flowLogs.retentionInDays"],
        ],
        ["flow logs enabled as text", { flowLogs: { enabled: "yes" as never } }, ["flowLogs.enabled"]],
        ["explicit subnets", { subnetCidrs: explicit }, []],
        [
            "a tier that is not a list",
            { subnetCidrs: { ...explicit, isolated: "10.0.4.0/24" as never } },
            ["subnetCidrs.isolated"],
        ],
        [
            "a tier with one subnet too many",
            { subnetCidrs: { ...explicit, public: [...explicit.public, "10.0.9.0/24"] } },
            ["subnetCidrs.public"],
        ],
        // Subnets are only checked against a usable VPC and AZ count: one problem, not a cascade.
        ["explicit subnets in a bad VPC", { cidrBlock: "10.0.0/16", subnetCidrs: explicit }, ["cidrBlock"]],
        ["explicit subnets for one AZ", { azCount: 1, subnetCidrs: explicit }, ["azCount"]],
        ["a bad NAT strategy and a plan", { natStrategy: "x" as never }, ["natStrategy"]],
    ];
    for (const [label, args, rejected] of cases) {
        it(`${rejected.length ? `rejects ${rejected.join(", ")} for` : "accepts"} ${label}`, () => {
            assert.deepEqual(
                resolveNetworkArgs(args).issues.map((i) => i.argument),
                rejected,
            );
        });
    }

    function slash28s() {
        const block = (i: number) => `10.0.0.${16 * i}/28`;
        return { private: [block(0), block(1)], public: [block(2), block(3)], isolated: [block(4), block(5)] };
    }

    it("returns the explicit subnets, and no plan when the arguments are unusable", () => {
        assert.deepEqual(resolveNetworkArgs({ subnetCidrs: explicit }).resolved.subnetCidrs, explicit);
        const empty = { private: [], public: [], isolated: [] };
        assert.deepEqual(resolveNetworkArgs({ azCount: 1 }).resolved.subnetCidrs, empty);
        assert.deepEqual(resolveNetworkArgs({ cidrBlock: "10.0.0.0/26" }).resolved.subnetCidrs, empty);
        assert.deepEqual(
            resolveNetworkArgs({ subnetCidrs: { ...explicit, private: ["10.0.0.0/24"] } }).resolved.subnetCidrs,
            empty,
        );
    });

    it("resolves every argument it was given", () => {
        const { resolved, issues } = resolveNetworkArgs({
            cidrBlock: "172.16.0.0/20",
            availabilityZones: ["eu-west-1a", "eu-west-1c"],
            natStrategy: "single",
            interfaceEndpoints: ["logs"],
            flowLogs: { trafficType: "REJECT" },
        });
        assert.deepEqual(issues, []);
        assert.deepEqual(resolved, {
            cidrBlock: "172.16.0.0/20",
            azCount: 2,
            availabilityZones: ["eu-west-1a", "eu-west-1c"],
            natStrategy: "single",
            removal: undefined,
            interfaceEndpoints: ["logs"],
            flowLogs: { retentionInDays: 90, trafficType: "REJECT" },
            subnetCidrs: {
                private: ["172.16.0.0/24", "172.16.1.0/24"],
                public: ["172.16.8.0/26", "172.16.8.64/26"],
                isolated: ["172.16.10.0/26", "172.16.10.64/26"],
            },
        });
        assert.equal(resolveNetworkArgs({ flowLogs: false as never }).resolved.flowLogs, false);
        assert.equal(resolveNetworkArgs({ flowLogs: { enabled: false } }).resolved.flowLogs, false);
        assert.deepEqual(resolveNetworkArgs({ flowLogs: true as never }).resolved.flowLogs, {
            retentionInDays: 90,
            trafficType: "ALL",
        });
    });

    it("states the problem and the fix of each rejected argument", () => {
        const lines = (args: NetworkArgs) =>
            resolveNetworkArgs(args).issues.map((i) => `${i.argument}: ${i.problem}. Fix: ${i.fix}`);
        assert.deepEqual(lines({ cidrBlock: "10.0.0.0/12" }), [
            'cidrBlock: "10.0.0.0/12" is a /12; AWS accepts VPCs from /16 to /28. Fix: use a prefix length from 16 to 28, e.g. "10.0.0.0/16"',
        ]);
        assert.deepEqual(lines({ cidrBlock: "10.0.0.0/26" }), [
            "cidrBlock: 10.0.0.0/26 is too small for the default subnet plan (its public and isolated subnets would be /32, " +
                "smaller than AWS's minimum /28); use a /22 or larger VPC, or give explicit subnetCidrs. " +
                "Fix: use a larger VPC CIDR block or set subnetCidrs",
        ]);
        assert.deepEqual(lines({ cidrBlock: "10.0.0.0/29" }), [
            'cidrBlock: "10.0.0.0/29" is a /29; AWS accepts VPCs from /16 to /28. Fix: use a prefix length from 16 to 28, e.g. "10.0.0.0/16"',
        ]);
        assert.deepEqual(lines({ availabilityZones: ["eu-west-1a", "west"] }), [
            'availabilityZones: got ["eu-west-1a","west"]. Fix: list AZ names such as ["eu-west-1a", "eu-west-1b"]',
        ]);
        // A /28 is a VPC size AWS accepts; only the default plan does not fit in it.
        assert.deepEqual(lines({ cidrBlock: "10.0.0.0/28" }), [
            "cidrBlock: 10.0.0.0/28 is too small for the default subnet plan (its public and isolated subnets would be /34, " +
                "smaller than AWS's minimum /28); use a /22 or larger VPC, or give explicit subnetCidrs. " +
                "Fix: use a larger VPC CIDR block or set subnetCidrs",
        ]);
        assert.deepEqual(lines({ subnetCidrs: { ...explicit, private: ["10.0.0.0/24"] } }), [
            'subnetCidrs.private: got ["10.0.0.0/24"], but the network spans 2 AZs. Fix: list exactly 2 CIDR blocks, one per AZ',
        ]);
        assert.deepEqual(lines({ subnetCidrs: { ...explicit, isolated: ["10.0.4.0/24", "10.0.4.0/24"] } }), [
            "subnetCidrs: isolated[1] 10.0.4.0/24 overlaps isolated[0] 10.0.4.0/24. " +
                "Fix: give each subnet its own block inside 10.0.0.0/16, /28 or larger",
        ]);
        assert.deepEqual(lines({ availabilityZones: ["eu-west-1a"], azCount: 2 }), [
            "azCount: is 2 but availabilityZones lists 1. Fix: drop azCount or make it match availabilityZones",
            "availabilityZones (count): got 1; RDS needs subnets in at least two AZs. Fix: use an integer from 2 to 6",
        ]);
        assert.deepEqual(lines({ interfaceEndpoints: ["s3"] }), [
            'interfaceEndpoints: lists "s3", but the network always has an S3 gateway endpoint. Fix: remove "s3"',
        ]);
        assert.deepEqual(lines({ interfaceEndpoints: ["a b"], flowLogs: 1 as never }), [
            'interfaceEndpoints: got ["a b"]. Fix: list service short names such as ["secretsmanager", "logs"]',
            "flowLogs: got 1. Fix: use true, false or { enabled, retentionInDays, trafficType }",
        ]);
    });
});
