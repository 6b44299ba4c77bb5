import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags, tagsWithName } from "../tags";

const HTTPS_PORT = 443;

/**
 * A function's own security group, in a VPC given without groups (an awsx VPC): HTTPS out, to AWS APIs through
 * NAT or endpoints, and nothing in; a database's `grantConnect` adds its port.
 */
export function ownFunctionGroup(
    parent: pulumi.Resource,
    name: string,
    vpcId: pulumi.Input<string>,
    tags: Tags | undefined,
): pulumi.Output<string>[] {
    const group = new aws.ec2.SecurityGroup(
        `${name}-sg`,
        { vpcId, description: `The ${name} function: egress only`, tags: tagsWithName(tags, `${name}-sg`) },
        { parent },
    );
    new aws.vpc.SecurityGroupEgressRule(
        `${name}-https-egress`,
        {
            securityGroupId: group.id,
            description: "HTTPS to AWS APIs (through NAT or VPC endpoints)",
            ipProtocol: "tcp",
            fromPort: HTTPS_PORT,
            toPort: HTTPS_PORT,
            cidrIpv4: "0.0.0.0/0",
            tags: tagsWithName(tags, `${name}-https-egress`),
        },
        { parent },
    );
    return [group.id];
}
