import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags, tagsWithName } from "../tags";
import { ChildFactory } from "../transform";
import { FunctionChildArgs } from "./children";

const HTTPS_PORT = 443;

/**
 * What a function group may send out besides its database's port: HTTPS to AWS APIs, through NAT or VPC endpoints
 * (a Network's function group, and a function's own group).
 */
export function httpsEgressArgs(
    securityGroupId: pulumi.Input<string>,
    tags: ReturnType<typeof tagsWithName>,
): aws.vpc.SecurityGroupEgressRuleArgs {
    return {
        securityGroupId,
        description: "HTTPS to AWS APIs (through NAT or VPC endpoints)",
        ipProtocol: "tcp",
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
        cidrIpv4: "0.0.0.0/0",
        tags,
    };
}

/**
 * A function's own security group, in a VPC given without groups (an awsx VPC): HTTPS out, to AWS APIs through
 * NAT or endpoints, and nothing in; a database's `grantConnect` adds its port.
 */
export function ownFunctionGroup(
    parent: pulumi.Resource,
    name: string,
    vpcId: pulumi.Input<string>,
    tags: Tags | undefined,
    child: ChildFactory<FunctionChildArgs>,
): { securityGroup: aws.ec2.SecurityGroup; httpsEgress: aws.vpc.SecurityGroupEgressRule } {
    const securityGroup = new aws.ec2.SecurityGroup(
        ...child(
            "sg",
            `${name}-sg`,
            { vpcId, description: `The ${name} function: egress only`, tags: tagsWithName(tags, `${name}-sg`) },
            { parent },
        ),
    );
    const httpsEgress = new aws.vpc.SecurityGroupEgressRule(
        ...child(
            "httpsEgress",
            `${name}-https-egress`,
            httpsEgressArgs(securityGroup.id, tagsWithName(tags, `${name}-https-egress`)),
            { parent },
        ),
    );
    return { securityGroup, httpsEgress };
}
