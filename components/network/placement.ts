import * as pulumi from "@pulumi/pulumi";
import { ArgIssue } from "../errors";

/**
 * Where a VPC-attached resource goes: its subnets and security groups, as plain IDs.
 * Use it to place a database or function in a VPC that is not a `Network` of this
 * library: an existing VPC, or one another stack exports (`StackReference` outputs).
 */
export interface SubnetPlacement {
    /** Subnet IDs, in at least two availability zones. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security group IDs to attach. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Where a database or function goes in a VPC, by interface: a `Network` of this library as it is (databases
 * go in its isolated subnets with its database security group, functions in its private subnets with its function
 * group), an `awsx.ec2.Vpc` as it is (its subnets, and a security group the component creates in its `vpcId`), or
 * `{ subnetIds, securityGroupIds }` of any other VPC (an existing one, another stack's outputs). From another
 * Pulumi language, give either the IDs or a Network's (or awsx VPC's) outputs of the same names.
 */
export interface NetworkPlacement {
    /**
     * The VPC. Where no security group is given (an `awsx.ec2.Vpc`, or a VPC by ID and its subnets), the
     * component creates one of its own in it: a function's allows HTTPS out, a database's admits nothing until
     * `grantConnect` opens its port to a grantee.
     * Default: none: a security group must be given.
     * @default none: a security group must be given
     */
    vpcId?: pulumi.Input<string>;
    /**
     * Subnet IDs, in at least two availability zones. Taken over a Network's own subnets when given.
     * Default: the Network's isolated subnets for a database, its private subnets for a function.
     * @default the Network's isolated subnets for a database, its private subnets for a function
     */
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Security group IDs to attach.
     * Default: the Network's database security group for a database, its function group for a function.
     * @default the Network's database security group for a database, its function group for a function
     */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * A Network's isolated subnets (no route out of the VPC), where databases go; where a VPC has none (an awsx
     * VPC's default layout), databases go in its private subnets.
     * Default: none.
     * @default none
     */
    isolatedSubnetIds?: pulumi.Input<string[]>;
    /**
     * A Network's private subnets (egress through NAT or endpoints), where functions go.
     * Default: none.
     * @default none
     */
    privateSubnetIds?: pulumi.Input<string[]>;
    /**
     * A Network's security group for databases.
     * Default: none.
     * @default none
     */
    databaseSecurityGroupId?: pulumi.Input<string>;
    /**
     * A Network's security group for functions.
     * Default: none.
     * @default none
     */
    lambdaSecurityGroupId?: pulumi.Input<string>;
    /**
     * A Network's default security group, which functions' network interfaces switch to before they are deleted.
     * Default: none.
     * @default none
     */
    defaultSecurityGroupId?: pulumi.Input<string>;
    /**
     * How many AZs the subnets span, when known while the program runs (checked against the two-AZ rule).
     * Default: the length of a plain `subnetIds` array.
     * @default the length of a plain `subnetIds` array
     */
    azCount?: number;
}

/**
 * A placement resolved for one role: the subnets and groups to use, and the subnet count when it is known.
 * Without groups, `ownGroupVpcId` is the VPC where the component creates its own.
 */
export interface ResolvedPlacement {
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    ownGroupVpcId?: pulumi.Input<string>;
    /** Groups a function's ENIs switch to before it is deleted, so its own groups free up quickly. */
    replacementSecurityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    knownSubnetCount?: number;
}

/** Which of a Network's subnets and security group a role takes. */
const ROLES = {
    database: { subnets: "isolatedSubnetIds", group: "databaseSecurityGroupId" },
    function: { subnets: "privateSubnetIds", group: "lambdaSecurityGroupId" },
} as const;

/**
 * The subnets and security groups `placement` gives a database or a function, or issues naming what is missing.
 * The two-AZ rule is checked where the subnet count is known while the program runs.
 */
export function resolvePlacement(
    role: keyof typeof ROLES,
    placement: NetworkPlacement | undefined,
    why: string,
): { resolved?: ResolvedPlacement; issues: ArgIssue[] } {
    const { group } = ROLES[role];
    const p: Partial<NetworkPlacement> = typeof placement === "object" && placement !== null ? placement : {};
    const subnetIds = p.subnetIds ?? tierSubnets(role, p);
    const networkGroup = p[group];
    const securityGroupIds = p.securityGroupIds ?? (networkGroup === undefined ? undefined : [networkGroup]);
    if (subnetIds === undefined || (securityGroupIds === undefined && p.vpcId === undefined)) {
        const missing = [subnetIds === undefined && "subnetIds", securityGroupIds === undefined && "securityGroupIds"];
        return {
            issues: [
                {
                    argument: "network",
                    problem: `got ${placement === undefined ? "nothing" : `an object without ${missing.filter(Boolean).join(" or ")}`}`,
                    fix: "pass a Network, an awsx.ec2.Vpc, or { subnetIds, securityGroupIds } of an existing VPC",
                },
            ],
        };
    }
    const knownSubnetCount =
        p.subnetIds === undefined && p.azCount !== undefined
            ? p.azCount
            : Array.isArray(subnetIds)
              ? subnetIds.length
              : undefined;
    const issues: ArgIssue[] =
        knownSubnetCount !== undefined && knownSubnetCount < 2
            ? [
                  {
                      argument: "network.subnetIds",
                      problem: `lists ${knownSubnetCount} subnet(s); ${why}`,
                      fix: "list private subnets in two or more AZs",
                  },
              ]
            : [];
    const replacement = role === "function" && p.subnetIds === undefined ? p.defaultSecurityGroupId : undefined;
    return {
        resolved: {
            subnetIds,
            ...(securityGroupIds !== undefined ? { securityGroupIds } : { ownGroupVpcId: p.vpcId }),
            ...(replacement !== undefined ? { replacementSecurityGroupIds: [replacement] } : {}),
            ...(knownSubnetCount !== undefined ? { knownSubnetCount } : {}),
        },
        issues,
    };
}

/**
 * A role's subnets from a Network-shaped placement: a function's private subnets; a database's isolated subnets,
 * or the private ones where the VPC has no isolated subnets (an awsx VPC's default layout has none).
 */
function tierSubnets(role: keyof typeof ROLES, p: Partial<NetworkPlacement>): NetworkPlacement["subnetIds"] {
    if (role === "function" || p.privateSubnetIds === undefined) return p[ROLES[role].subnets];
    if (p.isolatedSubnetIds === undefined) return p.privateSubnetIds;
    return pulumi
        .all([p.isolatedSubnetIds, p.privateSubnetIds])
        .apply(([isolated, privateIds]) => (isolated.length > 0 ? isolated : privateIds));
}
