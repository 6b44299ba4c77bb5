import * as assert from "assert/strict";
import {
    checkSubnetCidrs,
    contains,
    formatCidr,
    mustParseCidr,
    overlaps,
    parseCidr,
    planSubnets,
    size,
    SubnetCidrs,
} from "../../components/network";

describe("CIDR arithmetic", () => {
    const valid: [string, string, number][] = [
        ["10.0.0.0/16", "10.0.0.0/16", 65536],
        ["172.16.0.0/12", "172.16.0.0/12", 2 ** 20],
        ["192.168.4.0/22", "192.168.4.0/22", 1024],
        [" 10.1.2.0/28 ", "10.1.2.0/28", 16],
        ["0.0.0.0/0", "0.0.0.0/0", 2 ** 32],
    ];
    for (const [text, formatted, addresses] of valid) {
        it(`parses ${JSON.stringify(text)}`, () => {
            const cidr = mustParseCidr(text);
            assert.equal(formatCidr(cidr), formatted);
            assert.equal(size(cidr), addresses);
        });
    }

    const invalid: [unknown, RegExp][] = [
        ["10.0.0.0", /a\.b\.c\.d\/n form/],
        ["10.0.0/16", /invalid IPv4 address/],
        ["256.0.0.0/16", /invalid IPv4 address/],
        ["10.0.0.00/16", /invalid IPv4 address/],
        ["10.0.0.0/33", /prefix length over 32/],
        ["10.0.0.1/16", /host bits set \(did you mean 10\.0\.0\.0\/16\?\)/],
        ["ten/8", /a\.b\.c\.d\/n form/],
        [16, /is not a string/],
    ];
    for (const [text, reason] of invalid) {
        it(`rejects ${JSON.stringify(text)}`, () => {
            const parsed = parseCidr(text as string);
            assert.equal(typeof parsed, "string");
            assert.match(parsed as string, reason);
        });
    }

    const relations: [string, string, boolean, boolean][] = [
        // outer, inner, contains, overlaps
        ["10.0.0.0/16", "10.0.4.0/22", true, true],
        ["10.0.0.0/16", "10.1.0.0/22", false, false],
        ["10.0.4.0/22", "10.0.0.0/16", false, true],
        ["10.0.0.0/24", "10.0.0.0/24", true, true],
        ["10.0.0.0/25", "10.0.0.128/25", false, false],
    ];
    for (const [a, b, aContainsB, overlap] of relations) {
        it(`${a} vs ${b}: contains=${aContainsB}, overlaps=${overlap}`, () => {
            assert.equal(contains(mustParseCidr(a), mustParseCidr(b)), aContainsB);
            assert.equal(overlaps(mustParseCidr(a), mustParseCidr(b)), overlap);
            assert.equal(overlaps(mustParseCidr(b), mustParseCidr(a)), overlap);
        });
    }
});

describe("planSubnets", () => {
    it("pins the plan of a /16 over three AZs", () => {
        assert.deepEqual(planSubnets("10.30.0.0/16", 3), {
            private: ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"],
            public: ["10.30.128.0/22", "10.30.132.0/22", "10.30.136.0/22"],
            isolated: ["10.30.160.0/22", "10.30.164.0/22", "10.30.168.0/22"],
        });
    });

    const cases: [string, number][] = [];
    for (const vpc of ["10.0.0.0/16", "172.31.0.0/18", "192.168.0.0/20", "10.200.8.0/22"]) {
        for (let azs = 1; azs <= 6; azs++) cases.push([vpc, azs]);
    }
    for (const [vpc, azs] of cases) {
        it(`plans ${vpc} over ${azs} AZ(s): one subnet per AZ and tier, inside the VPC, disjoint, sized`, () => {
            const plan = planSubnets(vpc, azs) as SubnetCidrs;
            assert.equal(typeof plan, "object");
            const all = [...plan.private, ...plan.public, ...plan.isolated];
            assert.equal(all.length, 3 * azs);
            assert.deepEqual(checkSubnetCidrs(vpc, plan), []); // inside, disjoint, at least /28
            const vpcSize = size(mustParseCidr(vpc));
            // Private subnets hold function ENIs: each is a sixteenth of the VPC, four times a public one.
            assert.equal(size(mustParseCidr(plan.private[0])), vpcSize / 16);
            assert.equal(size(mustParseCidr(plan.public[0])), vpcSize / 64);
            assert.equal(size(mustParseCidr(plan.isolated[0])), vpcSize / 64);
        });
    }

    it("is stable: adding or removing AZs never moves an existing subnet", () => {
        const six = planSubnets("10.0.0.0/16", 6) as SubnetCidrs;
        for (let azs = 1; azs < 6; azs++) {
            const fewer = planSubnets("10.0.0.0/16", azs) as SubnetCidrs;
            for (const tier of ["private", "public", "isolated"] as const) {
                assert.deepEqual(fewer[tier], six[tier].slice(0, azs));
            }
        }
        assert.deepEqual(planSubnets("10.0.0.0/16", 3), planSubnets("10.0.0.0/16", 3));
    });

    it("leaves the last quarter of the VPC free for later tiers", () => {
        const plan = planSubnets("10.0.0.0/16", 6) as SubnetCidrs;
        const spare = mustParseCidr("10.0.192.0/18");
        for (const cidr of [...plan.private, ...plan.public, ...plan.isolated]) {
            assert.equal(overlaps(mustParseCidr(cidr), spare), false, cidr);
        }
    });

    const refused: [string, number, RegExp][] = [
        ["10.0.0.0/23", 2, /too small for the default subnet plan.*use a \/22 or larger VPC/],
        ["10.0.0.0/28", 2, /too small/],
        ["10.0.0.0/16", 7, /1 to 6 AZs, not 7/],
        ["10.0.0.0/16", 0, /1 to 6 AZs, not 0/],
        ["10.0.0.1/16", 2, /host bits/],
    ];
    for (const [vpc, azs, reason] of refused) {
        it(`refuses ${vpc} over ${azs} AZs`, () => assert.match(planSubnets(vpc, azs) as string, reason));
    }
});

describe("checkSubnetCidrs", () => {
    const vpc = "10.0.0.0/16";
    const cases: [string, SubnetCidrs, RegExp[]][] = [
        [
            "a valid explicit plan",
            {
                private: ["10.0.0.0/24", "10.0.1.0/24"],
                public: ["10.0.2.0/26", "10.0.2.64/26"],
                isolated: ["10.0.3.0/28", "10.0.3.16/28"],
            },
            [],
        ],
        [
            "overlapping blocks",
            { private: ["10.0.0.0/23", "10.0.1.0/24"], public: [], isolated: [] },
            [/private\[1\] 10\.0\.1\.0\/24 overlaps private\[0\]/],
        ],
        [
            "a block outside the VPC",
            { private: ["10.1.0.0/24"], public: [], isolated: [] },
            [/outside the VPC's 10\.0\.0\.0\/16/],
        ],
        [
            "a block under /28",
            { private: [], public: ["10.0.0.0/29"], isolated: [] },
            [/smaller than AWS's minimum \/28/],
        ],
        ["a malformed block", { private: [], public: [], isolated: ["10.0.0.0/99"] }, [/isolated\[0\]: .*over 32/]],
    ];
    for (const [label, plan, expected] of cases) {
        it(`reports ${label}`, () => {
            const problems = checkSubnetCidrs(vpc, plan);
            assert.equal(problems.length, expected.length, problems.join("; "));
            expected.forEach((re, i) => assert.match(problems[i], re));
        });
    }
});
