import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgIssue, throwIfInvalid } from "../errors";
import { NetworkPlacement, ResolvedPlacement, resolvePlacement } from "../network/placement";
import { statefulOptions } from "../removal";
import { tagsWithName } from "../tags";
import {
    MysqlDatabaseArgs,
    finalSnapshotIdentifier,
    instanceIdentifier,
    parameterGroupFamily,
    resolveMysqlArgs,
} from "./args";
import { componentType, withPreviousType } from "../component-type";
import { ComponentOptions, childFactory } from "../transform";
import { MYSQL_DATABASE_ROLES, MysqlDatabaseChildArgs, MysqlDatabaseNodes } from "./children";
import { NetworkGrantee } from "../grants";
import { ConnectGrantOptions, grantConnect, networkConnects, ownDatabaseGroup, registerConnectTarget } from "./grants";

export * from "./args";
export * from "./connections";
export * from "./children";

export const MYSQL_PORT = 3306;

/**
 * Server parameters: TLS required for every connection, and slow queries logged to a file so the
 * `slowquery` export has something to send. All are dynamic, so they apply without a reboot.
 */
export const MYSQL_PARAMETERS: Record<string, string> = {
    require_secure_transport: "1",
    slow_query_log: "1",
    long_query_time: "1",
    log_output: "FILE",
};

/**
 * An RDS for MySQL instance in private subnets: never publicly accessible, encrypted gp3 storage, TLS
 * required, its master password generated and rotated by RDS in Secrets Manager (never in Pulumi state
 * or config), automated backups, and error and slow-query logs in CloudWatch.
 */
export class MysqlDatabase extends pulumi.ComponentResource {
    public readonly instance: aws.rds.Instance;
    /** The DNS name functions connect to. */
    public readonly address: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    /** `address:port`. */
    public readonly endpoint: pulumi.Output<string>;
    public readonly databaseName: pulumi.Output<string>;
    public readonly username: pulumi.Output<string>;
    /** The Secrets Manager secret holding the master credentials (`{"username","password"}`). */
    public readonly secretArn: pulumi.Output<string>;
    public readonly securityGroupIds: pulumi.Output<string[]>;
    /** Every child resource, typed, by role (the roles of the transform option). */
    public readonly nodes: MysqlDatabaseNodes;
    /** The name the database was created with, which names the resources of its grants. */
    public readonly name: string;

    /**
     * @param opts Pulumi's options, and `transform`: changes to any child before it is registered, by role
     * (see `MysqlDatabaseChildArgs`).
     */
    constructor(name: string, args: MysqlDatabaseArgs, opts?: ComponentOptions<MysqlDatabaseChildArgs>) {
        // Validate before super(), so invalid arguments register nothing at all.
        const { resolved, issues } = resolveMysqlArgs(args);
        const placement = databasePlacement(args.network, issues);
        const { componentOpts, child, issues: transformIssues } = childFactory(opts, MYSQL_DATABASE_ROLES);
        throwIfInvalid(`MysqlDatabase "${name}"`, [...issues, ...transformIssues]);
        super(componentType("MysqlDatabase"), name, {}, withPreviousType("paas:database:MysqlDatabase", componentOpts));
        this.name = name;
        const parent = { parent: this };
        // A retained instance keeps the subnet and parameter groups it runs with.
        const kept = statefulOptions(resolved.removal, parent);
        const ownGroup = placement.securityGroupIds
            ? undefined
            : ownDatabaseGroup(this, name, placement.ownGroupVpcId!, args.tags, kept, child);
        const securityGroupIds = ownGroup ? [ownGroup.id] : placement.securityGroupIds!;

        const subnetGroup = new aws.rds.SubnetGroup(
            ...child(
                "subnetGroup",
                `${name}-subnet-group`,
                {
                    description: `Subnets of the ${name} database`,
                    subnetIds: placement.subnetIds,
                    tags: tagsWithName(args.tags, `${name}-subnet-group`),
                },
                kept,
            ),
        );
        const parameterGroup = new aws.rds.ParameterGroup(
            ...child(
                "params",
                `${name}-params`,
                {
                    family: parameterGroupFamily(resolved.engineVersion),
                    description: `Parameters of the ${name} database: TLS required, slow query log`,
                    parameters: Object.entries(MYSQL_PARAMETERS).map(([key, value]) => ({
                        name: key,
                        value,
                        applyMethod: "immediate",
                    })),
                    tags: tagsWithName(args.tags, `${name}-params`),
                },
                kept,
            ),
        );

        // The identifier is ours, so the exported logs' groups exist (with retention) before RDS writes to them.
        const identifier = pulumi.output(args.kmsKeyId).apply((kmsKeyId) =>
            instanceIdentifier(name, {
                engine: "mysql",
                dbName: resolved.databaseName,
                username: resolved.username,
                storageEncrypted: true,
                kmsKeyId: kmsKeyId ?? null,
            }),
        );
        const logGroups = resolved.logExports.map(
            (log) =>
                new aws.cloudwatch.LogGroup(
                    ...child(
                        "logs",
                        `${name}-${log}-logs`,
                        {
                            name: pulumi.interpolate`/aws/rds/instance/${identifier}/${log}`,
                            retentionInDays: resolved.logRetentionInDays,
                            tags: tagsWithName(args.tags, `${name}-${log}-logs`),
                        },
                        kept,
                    ),
                ),
        );

        this.instance = new aws.rds.Instance(
            ...child(
                "instance",
                `${name}-instance`,
                {
                    identifier,
                    engine: "mysql",
                    engineVersion: resolved.engineVersion,
                    instanceClass: resolved.instanceClass,
                    allocatedStorage: resolved.allocatedStorage,
                    maxAllocatedStorage:
                        resolved.maxAllocatedStorage > resolved.allocatedStorage ? resolved.maxAllocatedStorage : 0,
                    storageType: "gp3",
                    storageEncrypted: true,
                    kmsKeyId: args.kmsKeyId,
                    dbName: resolved.databaseName,
                    username: resolved.username,
                    manageMasterUserPassword: true,
                    masterUserSecretKmsKeyId: args.kmsKeyId,
                    port: MYSQL_PORT,
                    dbSubnetGroupName: subnetGroup.name,
                    vpcSecurityGroupIds: securityGroupIds,
                    publiclyAccessible: false,
                    parameterGroupName: parameterGroup.name,
                    caCertIdentifier: "rds-ca-rsa2048-g1",
                    multiAz: resolved.multiAz,
                    deletionProtection: resolved.deletionProtection,
                    backupRetentionPeriod: resolved.backupRetentionDays,
                    skipFinalSnapshot: !resolved.finalSnapshot,
                    finalSnapshotIdentifier: resolved.finalSnapshot ? finalSnapshotIdentifier(name) : undefined,
                    enabledCloudwatchLogsExports: resolved.logExports,
                    autoMinorVersionUpgrade: true,
                    allowMajorVersionUpgrade: false,
                    copyTagsToSnapshot: true,
                    applyImmediately: resolved.applyImmediately,
                    tags: tagsWithName(args.tags, `${name}-instance`),
                },
                // The snapshot name is chosen once per instance; a later run's new stamp must not update it.
                { ...kept, dependsOn: logGroups, ignoreChanges: ["finalSnapshotIdentifier"] },
            ),
        );
        this.nodes = { subnetGroup, params: parameterGroup, logs: logGroups, instance: this.instance, sg: ownGroup };

        this.address = this.instance.address;
        this.port = this.instance.port;
        this.endpoint = pulumi.interpolate`${this.address}:${this.port}`;
        this.databaseName = this.instance.dbName.apply((n) => n ?? resolved.databaseName);
        this.username = this.instance.username;
        this.secretArn = this.instance.masterUserSecrets.apply((secrets) => {
            const arn = secrets?.[0]?.secretArn;
            if (!arn) throw new Error(`MysqlDatabase "${name}": RDS returned no managed master user secret`);
            return arn;
        });
        this.securityGroupIds = pulumi.output(securityGroupIds);
        registerConnectTarget(this, {
            name,
            port: MYSQL_PORT,
            secretArn: this.secretArn,
            kmsKeyId: args.kmsKeyId,
            securityGroupIds,
            admitted: networkConnects(args.network),
            tags: args.tags,
        });

        this.registerOutputs({
            address: this.address,
            port: this.port,
            endpoint: this.endpoint,
            databaseName: this.databaseName,
            username: this.username,
            secretArn: this.secretArn,
            securityGroupIds: this.securityGroupIds,
        });
    }

    /**
     * Lets `grantee` (a function of this library, or any object with a name, an IAM role and security groups)
     * connect: `secretsmanager:GetSecretValue` on the master secret (and `kms:Decrypt` on `kmsKeyId` when given),
     * and MySQL from each of its groups to each database group, unless the database's Network connects that
     * pair already. Returns what the grantee must wait for before it connects.
     */
    grantConnect(grantee: NetworkGrantee, options?: ConnectGrantOptions): pulumi.Resource[] {
        return grantConnect(this, grantee, options);
    }
}

/** The subnets and security groups for a database, checking the two-AZ rule where it can be known. */
function databasePlacement(network: NetworkPlacement, issues: ArgIssue[]): ResolvedPlacement {
    const placement = resolvePlacement("database", network, "an RDS subnet group needs subnets in at least two AZs");
    issues.push(...placement.issues);
    return placement.resolved ?? { subnetIds: [], securityGroupIds: [] };
}
