import * as pulumi from "@pulumi/pulumi";
import { ArgIssue } from "../errors";
import { RemovalPolicy, checkRemoval } from "../removal";
import { LogRetentionDays, checkInteger, checkLogRetention, checkOneOf, checkUnique, show } from "../validation";
import { MAX_AZS, SUBNET_TIERS, SubnetCidrs, VPC_PREFIX_RANGE, checkSubnetCidrs, parseCidr, planSubnets } from "./cidr";

/** How private subnets reach the internet. */
export const NatStrategy = {
    /** No NAT gateway; AWS services are reached through VPC endpoints only (cheapest, dev). */
    none: "none",
    /** One NAT gateway in the first AZ shared by all (an AZ outage cuts egress). */
    single: "single",
    /** One NAT gateway per AZ (highly available, prod). */
    perAz: "perAz",
} as const;
export type NatStrategy = (typeof NatStrategy)[keyof typeof NatStrategy];
export const NAT_STRATEGIES: readonly NatStrategy[] = Object.values(NatStrategy);

export const FlowLogTrafficType = { ALL: "ALL", ACCEPT: "ACCEPT", REJECT: "REJECT" } as const;
export type FlowLogTrafficType = (typeof FlowLogTrafficType)[keyof typeof FlowLogTrafficType];
export const FLOW_LOG_TRAFFIC_TYPES: readonly FlowLogTrafficType[] = Object.values(FlowLogTrafficType);

export interface FlowLogs {
    /**
     * Whether to record the VPC's flow logs.
     * Default: true.
     * @default true
     */
    enabled?: boolean;
    /**
     * How long CloudWatch Logs keeps flow log records, in days.
     * Default: 90.
     * @default 90
     */
    retentionInDays?: LogRetentionDays;
    /**
     * Which traffic to record.
     * Default: "ALL".
     * @default "ALL"
     */
    trafficType?: FlowLogTrafficType;
}

export interface NetworkArgs {
    /**
     * The VPC's IPv4 CIDR block, from /16 to /28 (the default subnet plan needs /22 or larger).
     * Default: "10.0.0.0/16".
     * @default "10.0.0.0/16"
     */
    cidrBlock?: string;
    /**
     * How many availability zones to spread subnets over, from 2 (RDS needs two) to 6.
     * Ignored when `availabilityZones` is set.
     * Default: 2.
     * @default 2
     */
    azCount?: number;
    /**
     * Explicit AZ names, e.g. `["eu-west-1a", "eu-west-1b"]`.
     * Default: the first `azCount` AZs the region reports as available.
     * @default the first `azCount` AZs the region reports as available
     */
    availabilityZones?: string[];
    /**
     * How private subnets reach the internet; see `NatStrategy`.
     * Default: "perAz".
     * @default "perAz"
     */
    natStrategy?: NatStrategy;
    /**
     * AWS services to reach through interface VPC endpoints in the private subnets, by their short
     * name (`secretsmanager`, `logs`, `sts`, `ecr.api`, ...). An S3 gateway endpoint is always created.
     * Default: ["secretsmanager"] when `natStrategy` is `"none"` (so functions can read the database secret), else [].
     * @default ["secretsmanager"] when `natStrategy` is `"none"` (so functions can read the database secret), else []
     */
    interfaceEndpoints?: string[];
    /**
     * VPC flow logs to CloudWatch Logs; `{ enabled: false }` turns them off. (A plain `true` or `false`, as stack
     * config and JavaScript callers may give, is read as `{ enabled: true }` or `{ enabled: false }`.)
     * Default: { enabled: true, retentionInDays: 90, trafficType: "ALL" }.
     * @default { enabled: true, retentionInDays: 90, trafficType: "ALL" }
     */
    flowLogs?: FlowLogs;
    /**
     * Explicit subnet CIDRs per tier, one per AZ, for address plans managed elsewhere (IPAM).
     * Default: planned from `cidrBlock` by `planSubnets`.
     * @default planned from `cidrBlock` by `planSubnets`
     */
    subnetCidrs?: SubnetCidrs;
    /**
     * What a destroy does to what a retained database needs to keep running (the VPC, its isolated
     * subnets and the database security group) and to the flow-log group: `retain` protects and keeps them in the
     * account, `remove` deletes them. Everything else (routes, NAT, endpoints, other groups) is always deleted.
     * Default: "retain".
     * @default "retain"
     */
    removal?: RemovalPolicy;
    /**
     * Tags for every taggable resource of the network.
     * Default: {}.
     * @default {}
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** `NetworkArgs` with every default applied and every value checked. */
export interface ResolvedNetworkArgs {
    cidrBlock: string;
    azCount: number;
    availabilityZones?: string[];
    natStrategy: NatStrategy;
    interfaceEndpoints: string[];
    flowLogs: false | Required<Omit<FlowLogs, "enabled">>;
    subnetCidrs: SubnetCidrs;
    removal?: RemovalPolicy;
}

export const NETWORK_DEFAULTS = {
    cidrBlock: "10.0.0.0/16",
    azCount: 2,
    natStrategy: "perAz",
    flowLogs: { retentionInDays: 90, trafficType: "ALL" },
} as const satisfies Partial<ResolvedNetworkArgs>;

const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;
const ENDPOINT_SERVICE = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;

/** Applies defaults and checks every argument; `issues` is empty when `args` is usable. */
export function resolveNetworkArgs(args: NetworkArgs): { resolved: ResolvedNetworkArgs; issues: ArgIssue[] } {
    const issues: ArgIssue[] = [...checkRemoval("removal", args.removal)];
    const cidrBlock = args.cidrBlock ?? NETWORK_DEFAULTS.cidrBlock;
    const natStrategy = args.natStrategy ?? NETWORK_DEFAULTS.natStrategy;
    const azs = args.availabilityZones;

    const vpc = parseCidr(cidrBlock);
    if (typeof vpc === "string") {
        issues.push({ argument: "cidrBlock", problem: vpc, fix: 'use an IPv4 CIDR block such as "10.0.0.0/16"' });
    } else if (vpc.prefix < VPC_PREFIX_RANGE.min || vpc.prefix > VPC_PREFIX_RANGE.max) {
        issues.push({
            argument: "cidrBlock",
            problem: `"${cidrBlock}" is a /${vpc.prefix}; AWS accepts VPCs from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}`,
            fix: 'use a prefix length from 16 to 28, e.g. "10.0.0.0/16"',
        });
    }

    let azCount = args.azCount ?? NETWORK_DEFAULTS.azCount;
    if (azs !== undefined) {
        if (!Array.isArray(azs) || azs.some((az) => typeof az !== "string" || !AZ_NAME.test(az))) {
            issues.push({
                argument: "availabilityZones",
                problem: `got ${show(azs)}`,
                fix: 'list AZ names such as ["eu-west-1a", "eu-west-1b"]',
            });
        } else {
            issues.push(...checkUnique("availabilityZones", azs));
            if (args.azCount !== undefined && args.azCount !== azs.length) {
                issues.push({
                    argument: "azCount",
                    problem: `is ${args.azCount} but availabilityZones lists ${azs.length}`,
                    fix: "drop azCount or make it match availabilityZones",
                });
            }
            azCount = azs.length;
        }
    }
    issues.push(
        ...checkInteger(
            azs === undefined ? "azCount" : "availabilityZones (count)",
            azCount,
            2,
            MAX_AZS,
            "RDS needs subnets in at least two AZs",
        ),
    );

    issues.push(...checkOneOf("natStrategy", natStrategy, NAT_STRATEGIES));

    const interfaceEndpoints = args.interfaceEndpoints ?? (natStrategy === "none" ? ["secretsmanager"] : []);
    if (
        !Array.isArray(interfaceEndpoints) ||
        interfaceEndpoints.some((s) => typeof s !== "string" || !ENDPOINT_SERVICE.test(s))
    ) {
        issues.push({
            argument: "interfaceEndpoints",
            problem: `got ${show(interfaceEndpoints)}`,
            fix: 'list service short names such as ["secretsmanager", "logs"]',
        });
    } else {
        issues.push(...checkUnique("interfaceEndpoints", interfaceEndpoints));
        if (interfaceEndpoints.includes("s3")) {
            issues.push({
                argument: "interfaceEndpoints",
                problem: 'lists "s3", but the network always has an S3 gateway endpoint',
                fix: 'remove "s3"',
            });
        }
    }

    let flowLogs: ResolvedNetworkArgs["flowLogs"] = false;
    const flowLogsArg: unknown = args.flowLogs;
    if (flowLogsArg === undefined || flowLogsArg === true) {
        flowLogs = { ...NETWORK_DEFAULTS.flowLogs };
    } else if (typeof flowLogsArg === "object" && flowLogsArg !== null) {
        const { enabled, ...settings } = flowLogsArg as FlowLogs;
        if (enabled !== undefined && typeof enabled !== "boolean") {
            issues.push({ argument: "flowLogs.enabled", problem: `got ${show(enabled)}`, fix: "use true or false" });
        }
        if (enabled !== false) {
            flowLogs = { ...NETWORK_DEFAULTS.flowLogs, ...settings };
            issues.push(...checkLogRetention("flowLogs.retentionInDays", flowLogs.retentionInDays));
            issues.push(...checkOneOf("flowLogs.trafficType", flowLogs.trafficType, FLOW_LOG_TRAFFIC_TYPES));
        }
    } else if (flowLogsArg !== false) {
        issues.push({
            argument: "flowLogs",
            problem: `got ${show(flowLogsArg)}`,
            fix: "use true, false or { enabled, retentionInDays, trafficType }",
        });
    }

    const subnetCidrs = resolveSubnetCidrs(cidrBlock, azCount, args.subnetCidrs, issues);
    return {
        resolved: {
            cidrBlock,
            azCount,
            availabilityZones: azs,
            natStrategy,
            interfaceEndpoints,
            flowLogs,
            subnetCidrs,
            removal: args.removal,
        },
        issues,
    };
}

function resolveSubnetCidrs(
    cidrBlock: string,
    azCount: number,
    explicit: SubnetCidrs | undefined,
    issues: ArgIssue[],
): SubnetCidrs {
    const empty: SubnetCidrs = { private: [], public: [], isolated: [] };
    if (issues.length > 0) return empty; // the plan depends on cidrBlock and azCount being valid
    if (explicit === undefined) {
        const plan = planSubnets(cidrBlock, azCount);
        if (typeof plan === "string") {
            issues.push({
                argument: "cidrBlock",
                problem: plan,
                fix: "use a larger VPC CIDR block or set subnetCidrs",
            });
            return empty;
        }
        return plan;
    }
    for (const tier of SUBNET_TIERS) {
        const list = explicit[tier];
        if (!Array.isArray(list) || list.length !== azCount) {
            issues.push({
                argument: `subnetCidrs.${tier}`,
                problem: `got ${show(list)}, but the network spans ${azCount} AZs`,
                fix: `list exactly ${azCount} CIDR blocks, one per AZ`,
            });
        }
    }
    if (issues.length > 0) return empty;
    for (const problem of checkSubnetCidrs(cidrBlock, explicit)) {
        issues.push({
            argument: "subnetCidrs",
            problem,
            fix: `give each subnet its own block inside ${cidrBlock}, /${VPC_PREFIX_RANGE.max} or larger`,
        });
    }
    return explicit;
}
