import * as pulumi from "@pulumi/pulumi";

/**
 * Where a VPC-attached resource goes: its subnets and security groups, as plain IDs.
 * Use it to place a database or function in a VPC that is not a {@link Network} of this
 * library: an existing VPC, or one another stack exports (`StackReference` outputs).
 */
export interface SubnetPlacement {
    /** Subnet IDs, in at least two availability zones. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security group IDs to attach. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * How many subnets a placement names, when that is known while the program runs: a plain array's
 * length, or `undefined` for an `Output` (a StackReference output, say), which is only known at deploy time.
 */
export function knownSubnetCount(placement: SubnetPlacement): number | undefined {
    return Array.isArray(placement.subnetIds) ? placement.subnetIds.length : undefined;
}
