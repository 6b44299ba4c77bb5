/**
 * IPv4 CIDR arithmetic and the subnet plan of a `Network`. Pure functions: no Pulumi here.
 */

/** An IPv4 CIDR block: its first address as an unsigned 32-bit integer, and its prefix length. */
export interface Cidr {
    readonly base: number;
    readonly prefix: number;
}

/** The subnet tiers of a network, in the order they are carved out of the VPC. */
export const SUBNET_TIERS = ["private", "public", "isolated"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** Subnet CIDRs per tier, one per availability zone, in AZ order. */
/** Subnet CIDRs per tier, one per AZ, in AZ order. */
export interface SubnetCidrs {
    /** Public subnets (internet gateway). */
    public: string[];
    /** Private subnets (egress through NAT or endpoints), where functions go. */
    private: string[];
    /** Isolated subnets (no route out of the VPC), where databases go. */
    isolated: string[];
}

/** The most AZs a network spans (the largest regions have six). */
export const MAX_AZS = 6;
/**
 * AZ slots each tier reserves: the power of two above `MAX_AZS`, so that adding or removing an AZ
 * never moves an existing subnet.
 */
export const AZ_SLOTS = 8;
/** AWS's limits on VPC and subnet sizes. */
export const VPC_PREFIX_RANGE = { min: 16, max: 28 } as const;
export const SUBNET_PREFIX_MAX = 28;

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses `a.b.c.d/n`; returns a reason string instead when the text is not a valid CIDR block. */
export function parseCidr(text: string): Cidr | string {
    if (typeof text !== "string") return `${JSON.stringify(text)} is not a string`;
    const match = /^([\d.]+)\/(\d{1,2})$/.exec(text.trim());
    if (!match) return `"${text}" is not in a.b.c.d/n form`;
    const octets = match[1].split(".");
    if (octets.length !== 4 || !octets.every((o) => OCTET.test(o))) return `"${text}" has an invalid IPv4 address`;
    const prefix = Number(match[2]);
    if (prefix > 32) return `"${text}" has a prefix length over 32`;
    const address = octets.reduce((acc, o) => acc * 256 + Number(o), 0);
    const base = networkOf(address, prefix);
    if (base !== address) {
        return `"${text}" has host bits set (did you mean ${formatCidr({ base, prefix })}?)`;
    }
    return { base, prefix };
}

/** Like `parseCidr`, but throws on invalid input (for values already validated). */
export function mustParseCidr(text: string): Cidr {
    const parsed = parseCidr(text);
    if (typeof parsed === "string") throw new Error(parsed);
    return parsed;
}

export function formatCidr(cidr: Cidr): string {
    const b = cidr.base;
    return `${(b >>> 24) & 255}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${cidr.prefix}`;
}

/** The number of addresses in a block. */
export function size(cidr: Cidr): number {
    return 2 ** (32 - cidr.prefix);
}

/** Whether `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
    return inner.prefix >= outer.prefix && networkOf(inner.base, outer.prefix) === outer.base;
}

/** Whether two blocks share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    return contains(a, b) || contains(b, a);
}

/** The `index`-th block of length `prefix` inside `parent`, starting `offset` addresses in. */
function carve(parent: Cidr, offset: number, prefix: number, index: number): Cidr {
    return { base: parent.base + offset + index * 2 ** (32 - prefix), prefix };
}

function networkOf(address: number, prefix: number): number {
    const hostSize = 2 ** (32 - prefix);
    return Math.floor(address / hostSize) * hostSize;
}

/**
 * The default subnet plan: the VPC is split into eight equal parts.
 * - private (Lambda ENIs, which need the most addresses): the first half, eight AZ slots;
 * - public (NAT gateways, load balancers): the fifth eighth, eight AZ slots;
 * - isolated (databases): the sixth eighth, eight AZ slots;
 * - the last quarter stays free for tiers added later.
 *
 * AZ `i` always gets slot `i` of each tier, so the plan is stable: changing the AZ count adds or removes
 * subnets at the end without moving the others. A /16 gives /20 private subnets (4,091 usable addresses
 * each) and /22 public and isolated ones (1,019 each).
 *
 * Returns a reason string when the VPC is too small for the plan.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetCidrs | string {
    const vpc = parseCidr(vpcCidr);
    if (typeof vpc === "string") return vpc;
    if (!Number.isInteger(azCount) || azCount < 1 || azCount > MAX_AZS) {
        return `the plan covers 1 to ${MAX_AZS} AZs, not ${azCount}`;
    }
    const slotBits = Math.log2(AZ_SLOTS);
    const privatePrefix = vpc.prefix + 1 + slotBits;
    const smallPrefix = vpc.prefix + 3 + slotBits;
    if (smallPrefix > SUBNET_PREFIX_MAX) {
        const largest = SUBNET_PREFIX_MAX - 3 - slotBits;
        return (
            `${vpcCidr} is too small for the default subnet plan (its public and isolated subnets would be ` +
            `/${smallPrefix}, smaller than AWS's minimum /${SUBNET_PREFIX_MAX}); use a /${largest} or larger VPC, ` +
            "or give explicit subnetCidrs"
        );
    }
    const eighth = size(vpc) / 8;
    const azs = [...Array(azCount).keys()];
    return {
        private: azs.map((i) => formatCidr(carve(vpc, 0, privatePrefix, i))),
        public: azs.map((i) => formatCidr(carve(vpc, 4 * eighth, smallPrefix, i))),
        isolated: azs.map((i) => formatCidr(carve(vpc, 5 * eighth, smallPrefix, i))),
    };
}

/** Problems with an explicit plan: malformed blocks, blocks outside the VPC or too small, overlaps. */
export function checkSubnetCidrs(vpcCidr: string, plan: SubnetCidrs): string[] {
    const vpc = parseCidr(vpcCidr);
    if (typeof vpc === "string") return [];
    const problems: string[] = [];
    const parsed: { label: string; cidr: Cidr }[] = [];
    for (const tier of SUBNET_TIERS) {
        (plan[tier] ?? []).forEach((text, i) => {
            const label = `${tier}[${i}] ${text}`;
            const cidr = parseCidr(text);
            if (typeof cidr === "string") return void problems.push(`${tier}[${i}]: ${cidr}`);
            if (!contains(vpc, cidr)) problems.push(`${label} is outside the VPC's ${vpcCidr}`);
            if (cidr.prefix > SUBNET_PREFIX_MAX)
                problems.push(`${label} is smaller than AWS's minimum /${SUBNET_PREFIX_MAX}`);
            const clash = parsed.find((p) => overlaps(p.cidr, cidr));
            if (clash) problems.push(`${label} overlaps ${clash.label}`);
            parsed.push({ label, cidr });
        });
    }
    return problems;
}
