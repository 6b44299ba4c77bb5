import * as pulumi from "@pulumi/pulumi";
import { Network, NetworkPlacement } from "../components/index";
import { EnvironmentConfig } from "./config";

/**
 * What the environment needs of a network, whether it created it or took it from another stack.
 * The names are the stack outputs a network stack must export (this program exports them too).
 */
export interface EnvironmentNetwork {
    vpcId: pulumi.Output<string>;
    privateSubnetIds: pulumi.Output<string[]>;
    isolatedSubnetIds: pulumi.Output<string[]>;
    lambdaSecurityGroupId: pulumi.Output<string>;
    databaseSecurityGroupId: pulumi.Output<string>;
    /**
     * Where databases and functions go: the Network itself (so its AZ count is checked), or its outputs in the
     * same shape. One object for both, so a database's grantConnect sees that the function group is the one
     * the network already connects to the database group (and adds no second copy of that rule).
     */
    placement: NetworkPlacement;
}

export const NETWORK_STACK_OUTPUTS = [
    "vpcId",
    "privateSubnetIds",
    "isolatedSubnetIds",
    "lambdaSecurityGroupId",
    "databaseSecurityGroupId",
] as const;

/** Creates the environment's network, or reads it from the stack named by `networkFromStack`. */
export function environmentNetwork(config: EnvironmentConfig): EnvironmentNetwork & { created?: Network } {
    if (config.network.source === "create") {
        const network = new Network(`${config.stack}-network`, {
            ...config.network.args,
            removal: config.removal,
            tags: config.tags,
        });
        return {
            vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            isolatedSubnetIds: network.isolatedSubnetIds,
            lambdaSecurityGroupId: network.lambdaSecurityGroupId,
            databaseSecurityGroupId: network.databaseSecurityGroupId,
            placement: network,
            created: network,
        };
    }
    const stackName = config.network.stackName;
    const ref = new pulumi.StackReference(`${config.stack}-network-ref`, { name: stackName });
    // Check the referenced outputs' shapes, so a wrong stack fails with its name rather than deep in AWS.
    const read = <T>(key: (typeof NETWORK_STACK_OUTPUTS)[number], ok: (v: unknown) => v is T, form: string) =>
        ref.requireOutput(key).apply((value: unknown) => {
            if (!ok(value)) {
                throw new Error(
                    `networkFromStack: output "${key}" of stack ${stackName} is ${JSON.stringify(value)}, ` +
                        `not ${form}. Fix: point networkFromStack at a stack that exports the network outputs.`,
                );
            }
            return value;
        });
    const isString = (v: unknown): v is string => typeof v === "string" && v.length > 0;
    const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every(isString);
    const privateSubnetIds = read("privateSubnetIds", isStringList, "a list of subnet IDs");
    const isolatedSubnetIds = read("isolatedSubnetIds", isStringList, "a list of subnet IDs");
    const lambdaSecurityGroupId = read("lambdaSecurityGroupId", isString, "a security group ID");
    const databaseSecurityGroupId = read("databaseSecurityGroupId", isString, "a security group ID");
    return {
        vpcId: read("vpcId", isString, "a VPC ID"),
        privateSubnetIds,
        isolatedSubnetIds,
        lambdaSecurityGroupId,
        databaseSecurityGroupId,
        placement: { privateSubnetIds, isolatedSubnetIds, lambdaSecurityGroupId, databaseSecurityGroupId },
    };
}
