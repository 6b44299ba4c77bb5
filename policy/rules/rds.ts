import { resourceRule, stackRule, subnetZones } from "./helpers";

const INSTANCE = "aws:rds/instance:Instance";
const SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup";
const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";

export const rdsRules = [
    resourceRule({
        name: "rds-not-public",
        types: [INSTANCE],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "RDS instances are not publicly accessible (Security Hub RDS.2, checkov CKV_AWS_17).",
        remediation: "Set publiclyAccessible: false explicitly and place the instance in private subnets.",
        validate: (r, report) => {
            if (r.props.publiclyAccessible !== false)
                report(`publiclyAccessible is ${r.props.publiclyAccessible ?? "not set"}`);
        },
    }),
    resourceRule({
        name: "rds-storage-encrypted",
        types: [INSTANCE],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "RDS storage is encrypted at rest (Security Hub RDS.3, checkov CKV_AWS_16).",
        remediation: "Set storageEncrypted: true (it can only be set when the instance is created).",
        validate: (r, report) => {
            if (r.props.storageEncrypted !== true) report("storage is not encrypted");
        },
    }),
    resourceRule({
        name: "rds-backups",
        types: [INSTANCE],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "RDS keeps automated backups for at least 7 days (Security Hub RDS.11).",
        remediation: "Set backupRetentionPeriod to 7 or more.",
        validate: (r, report) => {
            const days = Number(r.props.backupRetentionPeriod ?? 0);
            if (!(days >= 7)) report(`backups are kept ${days} day(s)`);
        },
    }),
    resourceRule({
        name: "rds-multi-az",
        types: [INSTANCE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "RDS instances have a standby in another AZ (Security Hub RDS.5).",
        remediation: "Set multiAz: true.",
        validate: (r, report) => {
            if (r.props.multiAz !== true) report("the instance has no Multi-AZ standby");
        },
    }),
    resourceRule({
        name: "rds-deletion-protection",
        types: [INSTANCE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "RDS instances are protected from deletion (Security Hub RDS.8).",
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
        types: [INSTANCE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "MySQL error and slow query logs go to CloudWatch Logs (Security Hub RDS.9).",
        remediation: 'Set enabledCloudwatchLogsExports to include "error" and "slowquery".',
        validate: (r, report) => {
            const exports = r.props.enabledCloudwatchLogsExports ?? [];
            const missing = ["error", "slowquery"].filter((l) => !exports.includes(l));
            if (missing.length > 0) report(`not exported: ${missing.join(", ")}`);
        },
    }),
    resourceRule({
        name: "rds-minor-upgrades",
        types: [INSTANCE],
        severity: "low",
        enforcementLevel: "mandatory",
        description: "RDS applies minor engine upgrades automatically (Security Hub RDS.13).",
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
        types: [INSTANCE],
        severity: "low",
        enforcementLevel: "advisory",
        description: "Snapshots carry the instance's tags (Security Hub RDS.17).",
        remediation: "Set copyTagsToSnapshot: true.",
        validate: (r, report) => {
            if (r.props.copyTagsToSnapshot !== true) report("tags are not copied to snapshots");
        },
    }),
    stackRule({
        name: "rds-tls-required",
        types: [INSTANCE],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "MySQL instances use a parameter group that requires TLS (require_secure_transport).",
        remediation: "Attach a parameter group setting require_secure_transport to 1.",
        validate: (stack, report) => {
            for (const instance of stack.ofType(INSTANCE).filter((i) => String(i.props.engine).includes("mysql"))) {
                const [group] = stack.referenced(instance, "parameterGroupName", PARAMETER_GROUP);
                const tls = (group?.props.parameters ?? []).find(
                    (p: { name: string }) => p.name === "require_secure_transport",
                );
                if (!tls || !["1", "ON"].includes(String(tls.value).toUpperCase()))
                    report(instance, "connections may be unencrypted: require_secure_transport is not on");
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
