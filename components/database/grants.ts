/**
 * `database.grantConnect(grantee)`: what a client of the database needs, granted by the database. IAM: reading
 * the master credentials' secret (and decrypting it, under a customer-managed key). Network: the database's port
 * from the grantee's security groups, as an ingress rule on each database group and the matching egress rule on
 * the grantee's group, except between groups the database's Network already connects (its function group and its
 * database group, whose rules the Network owns; a second copy of a rule is refused by EC2).
 */
import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../errors";
import { NetworkGrantee, checkGrantee, grantRolePolicy } from "../grants";
import { PolicyStatement, readSecretsStatement } from "../lambda/policies";
import type { NetworkPlacement } from "../network/placement";
import { Tags, tagsWithName } from "../tags";
import { ChildFactory, Transform, applyTransform } from "../transform";
import { MysqlDatabaseChildArgs } from "./children";

/** What the grant needs of the database, recorded when it is built (none of it is a public output). */
export interface ConnectTarget {
    name: string;
    port: number;
    secretArn: pulumi.Input<string>;
    kmsKeyId?: pulumi.Input<string>;
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The group pair the database's Network connects itself, when it is placed in one. */
    admitted?: { source: pulumi.Input<string>; target: pulumi.Input<string> };
    tags?: Tags;
}

interface TargetState extends ConnectTarget {
    /** Rules made so far, by source group (an ID or the Output of one): grantees that share a group share them. */
    rules: Map<pulumi.Input<string>, pulumi.Resource[]>;
}

const targets = new WeakMap<pulumi.Resource, TargetState>();

export function registerConnectTarget(database: pulumi.Resource, target: ConnectTarget): void {
    targets.set(database, { ...target, rules: new Map() });
}

/**
 * The group pair a Network-shaped placement connects on its own: a Network's function group to its database
 * group (its `database-mysql-ingress` and `lambda-mysql-egress` rules). Explicit groups connect nothing.
 */
export function networkConnects(placement: NetworkPlacement): ConnectTarget["admitted"] {
    const p = placement as Partial<NetworkPlacement>;
    if (p.securityGroupIds !== undefined || p.lambdaSecurityGroupId === undefined) return undefined;
    if (p.databaseSecurityGroupId === undefined) return undefined;
    return { source: p.lambdaSecurityGroupId, target: p.databaseSecurityGroupId };
}

/** The statements of a connect grant: the secret, and its key when it is customer-managed. */
export function connectStatements(secretArn: string, kmsKeyArn?: string): PolicyStatement[] {
    return [
        readSecretsStatement([secretArn]),
        ...(kmsKeyArn ? [{ Effect: "Allow" as const, Action: ["kms:Decrypt"], Resource: [kmsKeyArn] }] : []),
    ];
}

/** Options of a database's connect grant. */
export interface ConnectGrantOptions {
    /**
     * Changes to the grant's children before they are registered, as a component's `transform` changes its own
     * (TypeScript only): `policy`, the inline policy; `ingress` and `egress`, the MySQL rules, which grantees
     * sharing a security group share, so the first grant that makes them transforms them. Default: none.
     * Default: none.
     * @default none
     */
    transform?: {
        policy?: Transform<aws.iam.RolePolicyArgs>;
        ingress?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
        egress?: Transform<aws.vpc.SecurityGroupEgressRuleArgs>;
    };
}

export function grantConnect(
    database: pulumi.Resource,
    grantee: NetworkGrantee,
    options: ConnectGrantOptions = {},
): pulumi.Resource[] {
    const t = targets.get(database);
    if (!t) throw new Error("grantConnect: not a MysqlDatabase built by this copy of the library");
    checkGrantee(t.name, "connect", grantee);
    const sources = grantee.securityGroupIds;
    if (!Array.isArray(sources) || sources.length === 0)
        throw new InvalidArgsError(`connect grant of "${t.name}"`, [
            {
                argument: "grantee.securityGroupIds",
                problem: `"${grantee.name}" gives ${Array.isArray(sources) || sources === undefined ? "none" : "them as one Output, not a list"}`,
                fix: "place the grantee in the database's VPC, and give its security groups as a list (each ID may be an Output)",
            },
        ]);
    if (!Array.isArray(t.securityGroupIds))
        throw new InvalidArgsError(`connect grant of "${t.name}"`, [
            {
                argument: "network.securityGroupIds",
                problem: "the database's groups are one Output, not a list",
                fix: "place the database with its security groups as a list (each ID may be an Output)",
            },
        ]);
    const policy = grantRolePolicy(
        database,
        t.name,
        "connect",
        grantee,
        pulumi.all([t.secretArn, t.kmsKeyId]).apply(([arn, key]) => connectStatements(arn, key)),
        options.transform?.policy,
    );
    const rules = sources.flatMap((source, i) => {
        let made = t.rules.get(source);
        if (!made) {
            // Named by the group where its ID is known while the program runs, so the name survives whichever
            // grantees share it; an Output's, by the first grantee (removing that grantee renames the rule).
            const suffix =
                typeof source === "string" ? source : sources.length > 1 ? `${grantee.name}-${i + 1}` : grantee.name;
            made = networkRules(database, t, source, suffix, options.transform);
            t.rules.set(source, made);
        }
        return made;
    });
    return [policy, ...rules];
}

/** The port from `source` to each database group: ingress on the database group, egress on the source. */
function networkRules(
    database: pulumi.Resource,
    t: TargetState,
    source: pulumi.Input<string>,
    suffix: string,
    transform: ConnectGrantOptions["transform"],
): pulumi.Resource[] {
    const targetGroups = t.securityGroupIds as pulumi.Input<string>[];
    return targetGroups.flatMap((target, j) => {
        if (t.admitted && t.admitted.source === source && t.admitted.target === target) return [];
        const name = `${t.name}-connect-${suffix}${targetGroups.length > 1 ? `-to-${j + 1}` : ""}`;
        const port = { ipProtocol: "tcp", fromPort: t.port, toPort: t.port };
        return [
            new aws.vpc.SecurityGroupIngressRule(
                ...applyTransform(
                    transform?.ingress,
                    `${name}-ingress`,
                    {
                        securityGroupId: target,
                        referencedSecurityGroupId: source,
                        description: `MySQL from ${suffix}`,
                        ...port,
                        tags: tagsWithName(t.tags, `${name}-ingress`),
                    },
                    { parent: database },
                ),
            ),
            new aws.vpc.SecurityGroupEgressRule(
                ...applyTransform(
                    transform?.egress,
                    `${name}-egress`,
                    {
                        securityGroupId: source,
                        referencedSecurityGroupId: target,
                        description: `MySQL to ${t.name}`,
                        ...port,
                        tags: tagsWithName(t.tags, `${name}-egress`),
                    },
                    { parent: database },
                ),
            ),
        ];
    });
}

/** A database's own security group, in a VPC given without groups (an awsx VPC): no rules until a grant. */
export function ownDatabaseGroup(
    database: pulumi.Resource,
    name: string,
    vpcId: pulumi.Input<string>,
    tags: Tags | undefined,
    opts: pulumi.CustomResourceOptions,
    child: ChildFactory<MysqlDatabaseChildArgs>,
): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(
        ...child(
            "sg",
            `${name}-sg`,
            {
                vpcId,
                description: `The ${name} database: MySQL from grantees only`,
                tags: tagsWithName(tags, `${name}-sg`),
            },
            { ...opts, parent: database },
        ),
    );
}
