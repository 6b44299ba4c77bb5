import { asList, objects, resourceRule, stackRule, subnetZones, text } from "./helpers";
import { stackOf } from "./types";

const INSTANCE = "aws:rds/instance:Instance";
const SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup";
const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";

/**
 * Whether a name is made only of what stays the same across deletions: the stack, the resource's own name
 * and fixed words. Anything else (a random suffix, a date) counts as varying.
 */
function isFixedName(name: string, r: { name: string; urn: string }): boolean {
    const fixed = new Set(
        [stackOf(r), ...r.name.split(/[^A-Za-z0-9]+/), "db", "database", "rds", "instance", "final", "snapshot", "last"]
            .map((w) => w.toLowerCase())
            .filter(Boolean),
    );
    return name
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean)
        .every((token) => fixed.has(token));
}

/** The engine family an instance runs: what its logs, TLS switch and defaults are. */
export function engineFamily(engine: unknown): "mysql" | "postgres" | "other" {
    const e = text(engine);
    if (/^(mysql|mariadb|aurora-mysql|aurora)$/.test(e)) return "mysql";
    if (/^(postgres|aurora-postgresql)$/.test(e)) return "postgres";
    return "other";
}

/** The log types each engine family must export (RDS.9; RDS.36 for PostgreSQL), as RDS names them. */
const REQUIRED_LOGS: Record<string, string[]> = { mysql: ["error", "slowquery"], postgres: ["postgresql"] };

/** The TLS switch each engine family has in its parameter group, and whether it is on by default. */
const TLS_PARAMETER: Record<string, { name: string; onByDefault: (engineVersion: string) => boolean }> = {
    mysql: { name: "require_secure_transport", onByDefault: () => false },
    // rds.force_ssl defaults to 1 from PostgreSQL 15 (RDS's default parameter groups).
    postgres: { name: "rds.force_ssl", onByDefault: (v) => v === "" || Number(v.split(".")[0]) >= 15 },
};

/** CA certificates RDS still issues (rds-ca-2019 expired in August 2024). */
export const CURRENT_CA_CERTIFICATES = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];
/** Admin names every scanner tries first: the engines' defaults. */
const DEFAULT_ADMIN_NAMES = ["admin", "root", "postgres", "mysql", "sa", "administrator"];

export const rdsRules = [
    resourceRule({
        name: "rds-not-public",
        securityHub: ["RDS.2"],
        checkov: ["CKV_AWS_17"],
        types: [INSTANCE],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "RDS instances are not publicly accessible.",
        remediation: "Set publiclyAccessible: false explicitly and place the instance in private subnets.",
        validate: (r, report) => {
            if (r.props.publiclyAccessible !== false)
                report(`publiclyAccessible is ${r.props.publiclyAccessible ?? "not set"}`);
        },
    }),
    resourceRule({
        name: "rds-storage-encrypted",
        securityHub: ["RDS.3", "RDS.4"],
        checkov: ["CKV_AWS_16"],
        types: [INSTANCE],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "RDS storage is encrypted at rest.",
        remediation: "Set storageEncrypted: true (it can only be set when the instance is created).",
        validate: (r, report) => {
            if (r.props.storageEncrypted !== true) report("storage is not encrypted");
        },
    }),
    resourceRule({
        name: "rds-backups",
        securityHub: ["RDS.11"],
        checkov: ["CKV_AWS_133"],
        types: [INSTANCE],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "RDS keeps automated backups for at least 7 days.",
        remediation: "Set backupRetentionPeriod to 7 or more.",
        validate: (r, report) => {
            const days = Number(r.props.backupRetentionPeriod ?? 0);
            if (!(days >= 7)) report(`backups are kept ${days} day(s)`);
        },
    }),
    resourceRule({
        name: "rds-multi-az",
        securityHub: ["RDS.5"],
        checkov: ["CKV_AWS_157"],
        types: [INSTANCE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "RDS instances have a standby in another AZ.",
        remediation: "Set multiAz: true.",
        validate: (r, report) => {
            if (r.props.multiAz !== true) report("the instance has no Multi-AZ standby");
        },
    }),
    resourceRule({
        name: "rds-deletion-protection",
        securityHub: ["RDS.8"],
        checkov: ["CKV_AWS_293"],
        types: [INSTANCE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "RDS instances are protected from deletion.",
        remediation: "Set deletionProtection: true.",
        validate: (r, report) => {
            if (r.props.deletionProtection !== true) report("deletion protection is off");
        },
    }),
    resourceRule({
        name: "rds-final-snapshot",
        types: [INSTANCE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Deleting an RDS instance leaves a final snapshot.",
        remediation: "Set skipFinalSnapshot: false and a finalSnapshotIdentifier.",
        validate: (r, report) => {
            if (r.props.skipFinalSnapshot !== false || !r.props.finalSnapshotIdentifier)
                report("no final snapshot is taken on deletion");
        },
    }),
    resourceRule({
        name: "rds-log-exports",
        securityHub: ["RDS.9", "RDS.36", "RDS.42"],
        checkov: ["CKV_AWS_129"],
        types: [INSTANCE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description:
            "The engine's own logs go to CloudWatch Logs: error and slow query logs for MySQL/MariaDB, the postgresql log for PostgreSQL.",
        remediation:
            'Set enabledCloudwatchLogsExports: ["error", "slowquery"] for MySQL/MariaDB, ["postgresql"] for PostgreSQL.',
        validate: (r, report) => {
            const required = REQUIRED_LOGS[engineFamily(r.props.engine)];
            if (!required) return;
            const exports = asList(r.props.enabledCloudwatchLogsExports);
            const missing = required.filter((l) => !exports.includes(l));
            if (missing.length > 0) report(`${text(r.props.engine)} logs not exported: ${missing.join(", ")}`);
        },
    }),
    resourceRule({
        name: "rds-iam-authentication",
        securityHub: ["RDS.10"],
        checkov: ["CKV_AWS_161"],
        types: [INSTANCE],
        severity: "medium",
        enforcementLevel: "advisory",
        description:
            "MySQL and PostgreSQL instances accept IAM database authentication (short-lived tokens, no shared password).",
        remediation: "Set iamDatabaseAuthenticationEnabled: true and grant rds-db:connect to the roles that connect.",
        validate: (r, report) => {
            if (engineFamily(r.props.engine) !== "other" && r.props.iamDatabaseAuthenticationEnabled !== true)
                report("IAM database authentication is off");
        },
    }),
    resourceRule({
        name: "rds-enhanced-monitoring",
        securityHub: ["RDS.6"],
        checkov: ["CKV_AWS_118"],
        types: [INSTANCE],
        severity: "low",
        enforcementLevel: "advisory",
        description:
            "RDS sends OS-level metrics (Enhanced Monitoring) at 60 s or finer, with a role allowed to publish them.",
        remediation:
            "Set monitoringInterval (1, 5, 10, 15, 30 or 60) and monitoringRoleArn (a role with AmazonRDSEnhancedMonitoringRole).",
        validate: (r, report) => {
            const interval = Number(r.props.monitoringInterval ?? 0);
            if (!(interval > 0)) report("enhanced monitoring is off");
            else if (!r.props.monitoringRoleArn)
                report("monitoringInterval is set without monitoringRoleArn (AWS rejects it)");
        },
    }),
    resourceRule({
        name: "rds-ca-certificate",
        checkov: ["CKV_AWS_211"],
        types: [INSTANCE],
        severity: "high",
        enforcementLevel: "mandatory",
        description:
            "The instance's server certificate comes from a CA RDS still issues (clients verifying TLS fail otherwise).",
        remediation: `Set caCertIdentifier to one of ${CURRENT_CA_CERTIFICATES.join(", ")} (or leave it unset for RDS's default).`,
        validate: (r, report) => {
            const ca = r.props.caCertIdentifier as unknown;
            if (typeof ca === "string" && !CURRENT_CA_CERTIFICATES.includes(ca))
                report(`caCertIdentifier ${ca} is expired or retired`);
        },
    }),
    resourceRule({
        name: "rds-custom-admin-username",
        securityHub: ["RDS.25"],
        types: [INSTANCE],
        severity: "low",
        enforcementLevel: "mandatory",
        description:
            "The master user is not the engine's default name, which every credential-stuffing attempt tries first.",
        remediation: "Set username to a name of your own (e.g. <app>_admin).",
        validate: (r, report) => {
            const username = text(r.props.username);
            if (
                !r.props.replicateSourceDb &&
                !r.props.snapshotIdentifier &&
                DEFAULT_ADMIN_NAMES.includes(username.toLowerCase())
            )
                report(`the master user is ${username || "the default"}`);
        },
    }),
    resourceRule({
        name: "rds-minor-upgrades",
        securityHub: ["RDS.13"],
        checkov: ["CKV_AWS_226"],
        types: [INSTANCE],
        severity: "low",
        enforcementLevel: "mandatory",
        description: "RDS applies minor engine upgrades automatically.",
        remediation: "Set autoMinorVersionUpgrade: true.",
        validate: (r, report) => {
            if (r.props.autoMinorVersionUpgrade === false) report("automatic minor upgrades are off");
        },
    }),
    resourceRule({
        name: "rds-managed-password",
        types: [INSTANCE],
        severity: "critical",
        enforcementLevel: "mandatory",
        description:
            "The master password is generated and kept by RDS in Secrets Manager, never in code, config or state.",
        remediation: "Set manageMasterUserPassword: true and remove password.",
        validate: (r, report) => {
            if (r.props.password !== undefined || r.props.passwordWo !== undefined)
                report("a master password is given in the program");
            else if (
                r.props.manageMasterUserPassword !== true &&
                !r.props.snapshotIdentifier &&
                !r.props.replicateSourceDb
            )
                report("the master password is not managed by RDS");
        },
    }),
    resourceRule({
        name: "rds-copy-tags-to-snapshots",
        securityHub: ["RDS.17"],
        checkov: ["CKV2_AWS_60"],
        types: [INSTANCE],
        severity: "low",
        enforcementLevel: "advisory",
        description: "Snapshots carry the instance's tags.",
        remediation: "Set copyTagsToSnapshot: true.",
        validate: (r, report) => {
            if (r.props.copyTagsToSnapshot !== true) report("tags are not copied to snapshots");
        },
    }),
    resourceRule({
        name: "rds-final-snapshot-unique",
        types: [INSTANCE],
        severity: "high",
        enforcementLevel: "mandatory",
        description:
            "The final snapshot's name is unique per instance and deletion: a fixed name makes the second deletion in the stack (destroy then up then destroy, or a replacement) fail with DBSnapshotAlreadyExists.",
        remediation:
            "Derive finalSnapshotIdentifier from something that changes per instance (a random suffix or a timestamp).",
        validate: (r, report) => {
            const id = r.props.finalSnapshotIdentifier as unknown;
            if (r.props.skipFinalSnapshot === true || typeof id !== "string") return;
            if (isFixedName(id, r)) report(`finalSnapshotIdentifier ${id} is the same on every deletion`);
        },
    }),
    stackRule({
        name: "rds-tls-required",
        securityHub: ["RDS.44"],
        types: [INSTANCE],
        severity: "high",
        enforcementLevel: "mandatory",
        description:
            "Connections must use TLS: require_secure_transport for MySQL/MariaDB, rds.force_ssl for PostgreSQL (on by default from 15).",
        remediation:
            "Attach a parameter group setting require_secure_transport (MySQL/MariaDB) or rds.force_ssl (PostgreSQL) to 1.",
        validate: (stack, report) => {
            for (const instance of stack.ofType(INSTANCE)) {
                const tls = TLS_PARAMETER[engineFamily(instance.props.engine)];
                if (!tls) continue;
                const [group] = stack.referenced(instance, "parameterGroupName", PARAMETER_GROUP);
                const setting = objects(group?.props.parameters).find((p) => p.name === tls.name);
                const on = setting
                    ? ["1", "ON", "TRUE"].includes(text(setting.value).toUpperCase())
                    : tls.onByDefault(text(instance.props.engineVersion));
                if (!on) report(instance, `connections may be unencrypted: ${tls.name} is not on`);
            }
        },
    }),
    stackRule({
        name: "rds-not-in-public-subnets",
        securityHub: ["RDS.46"],
        types: [SUBNET_GROUP],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "RDS subnet groups use no subnet whose route table sends 0.0.0.0/0 to an internet gateway.",
        remediation: "List private or isolated subnets (routes through a NAT gateway or none) in the subnet group.",
        validate: (stack, report) => {
            for (const group of stack.ofType(SUBNET_GROUP)) {
                for (const subnet of stack.referenced(group, "subnetIds", "aws:ec2/subnet:Subnet")) {
                    const tables = stack
                        .referencing("aws:ec2/routeTableAssociation:RouteTableAssociation", "subnetId", subnet)
                        .flatMap((a) => stack.referenced(a, "routeTableId", "aws:ec2/routeTable:RouteTable"));
                    const public_ = tables.some(
                        (table) =>
                            stack
                                .referencing("aws:ec2/route:Route", "routeTableId", table)
                                .some(
                                    (route) =>
                                        ["0.0.0.0/0", ""].includes(text(route.props.destinationCidrBlock)) &&
                                        stack.referenced(route, "gatewayId", "aws:ec2/internetGateway:InternetGateway")
                                            .length > 0,
                                ) ||
                            objects(table.props.routes).some(
                                (r) => r.cidrBlock === "0.0.0.0/0" && text(r.gatewayId).startsWith("igw-"),
                            ),
                    );
                    if (public_) report(group, `${subnet.name} routes 0.0.0.0/0 to an internet gateway`);
                }
            }
        },
    }),
    stackRule({
        name: "rds-subnet-group-two-azs",
        types: [SUBNET_GROUP],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "An RDS subnet group spans at least two AZs (AWS rejects it otherwise).",
        remediation: "List subnets in two or more availability zones.",
        validate: (stack, report) => {
            for (const group of stack.ofType(SUBNET_GROUP)) {
                const ids: string[] = group.props.subnetIds ?? [];
                const zones = subnetZones(stack, group, "subnetIds", ids);
                if (ids.length < 2 || zones.size < 2)
                    report(group, `its ${ids.length} subnet(s) span ${zones.size} AZ(s)`);
            }
        },
    }),
];
