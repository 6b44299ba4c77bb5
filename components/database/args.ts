import * as pulumi from "@pulumi/pulumi";
import { createHash, randomBytes } from "crypto";
import { ArgIssue } from "../errors";
import type { NetworkPlacement } from "../network/placement";
import { DEFAULT_REMOVAL, RemovalPolicy, checkRemoval } from "../removal";
import { LogRetentionDays, checkInteger, checkLogRetention, checkUnique, show, withDefaults } from "../validation";

export const MysqlLogExport = {
    audit: "audit",
    error: "error",
    general: "general",
    slowquery: "slowquery",
    iamDbAuthError: "iam-db-auth-error",
} as const;
export type MysqlLogExport = (typeof MysqlLogExport)[keyof typeof MysqlLogExport];
export const MYSQL_LOG_EXPORTS: readonly MysqlLogExport[] = Object.values(MysqlLogExport);

export interface MysqlDatabaseArgs {
    /**
     * Where the database goes: a `Network` (its isolated subnets and database security group),
     * or explicit subnet and security group IDs in at least two AZs.
     */
    network: NetworkPlacement;
    /**
     * The MySQL engine version: a major version (`"8.4"`, `"8.0"`), which AWS keeps on its latest minor,
     * or an exact one (`"8.4.5"`).
     * Default: "8.4".
     * @default "8.4"
     */
    engineVersion?: string;
    /**
     * The instance class.
     * Default: "db.t4g.micro".
     * @default "db.t4g.micro"
     */
    instanceClass?: string;
    /**
     * Initial storage in GiB (gp3, encrypted).
     * Default: 20.
     * @default 20
     */
    allocatedStorage?: number;
    /**
     * The ceiling for storage autoscaling in GiB; equal to `allocatedStorage` turns autoscaling off.
     * Default: 100.
     * @default 100
     */
    maxAllocatedStorage?: number;
    /**
     * The database created with the instance.
     * Default: "accounts".
     * @default "accounts"
     */
    databaseName?: string;
    /**
     * The master user. Its password is generated and rotated by RDS in Secrets Manager; see `secretArn`.
     * Default: "paas_admin".
     * @default "paas_admin"
     */
    username?: string;
    /**
     * A standby in a second AZ with automatic failover.
     * Default: false.
     * @default false
     */
    multiAz?: boolean;
    /**
     * What a destroy (or the deletion half of a replacement) does to the instance, its subnet and parameter
     * groups and its log groups: `retain` protects and keeps them (see `RemovalPolicy`); `remove` deletes them
     * (with a final snapshot if `finalSnapshot` is on).
     * Default: "retain".
     * @default "retain"
     */
    removal?: RemovalPolicy;
    /**
     * Refuse to delete the instance until this is turned off (AWS-side; a `remove` destroy would fail).
     * Default: true, false when `removal` is "remove".
     * @default true, false when `removal` is "remove"
     */
    deletionProtection?: boolean;
    /**
     * How many days of automated backups to keep, from 1 to 35.
     * Default: 7.
     * @default 7
     */
    backupRetentionDays?: number;
    /**
     * Take a final snapshot (named `<name>-final-<stamp>`, unique per instance) when the instance is deleted.
     * Default: true, false when `removal` is "remove".
     * @default true, false when `removal` is "remove"
     */
    finalSnapshot?: boolean;
    /**
     * Logs exported to CloudWatch Logs.
     * Default: ["error", "slowquery"].
     * @default ["error", "slowquery"]
     */
    logExports?: MysqlLogExport[];
    /**
     * Retention of the exported logs' groups (`/aws/rds/instance/<identifier>/<log>`), which the component
     * creates before the instance so that RDS does not create them keeping logs forever.
     * Default: 30.
     * @default 30
     */
    logRetentionInDays?: LogRetentionDays;
    /**
     * Apply modifications now rather than in the next maintenance window.
     * Default: false.
     * @default false
     */
    applyImmediately?: boolean;
    /**
     * A customer-managed KMS key for storage and the master password secret.
     * Default: the AWS-managed keys (`aws/rds`, `aws/secretsmanager`).
     * @default the AWS-managed keys (`aws/rds`, `aws/secretsmanager`)
     */
    kmsKeyId?: pulumi.Input<string>;
    /**
     * Tags for every taggable resource of the database.
     * Default: {}.
     * @default {}
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export type ResolvedMysqlDatabaseArgs = Required<Omit<MysqlDatabaseArgs, "network" | "kmsKeyId" | "tags">>;

export const MYSQL_DEFAULTS: ResolvedMysqlDatabaseArgs = {
    engineVersion: "8.4",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    maxAllocatedStorage: 100,
    databaseName: "accounts",
    username: "paas_admin",
    multiAz: false,
    deletionProtection: true,
    backupRetentionDays: 7,
    finalSnapshot: true,
    logExports: ["error", "slowquery"],
    applyImmediately: false,
    logRetentionInDays: 30,
    removal: DEFAULT_REMOVAL,
};

/** Major versions RDS supports for MySQL (5.7 is out of standard support). */
export const MYSQL_MAJOR_VERSIONS = ["8.0", "8.4"] as const;

/**
 * Instance families RDS offers for MySQL 8.x, and the sizes of each (burstable families stop at 2xlarge).
 * From the RDS "Supported DB engines for DB instance classes" table.
 */
const BURSTABLE_SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];
const STANDARD_SIZES = [
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "32xlarge",
    "48xlarge",
];
export const MYSQL_INSTANCE_FAMILIES: Record<string, readonly string[]> = {
    t3: BURSTABLE_SIZES,
    t4g: BURSTABLE_SIZES,
    m5: STANDARD_SIZES,
    m5d: STANDARD_SIZES,
    m6g: STANDARD_SIZES,
    m6gd: STANDARD_SIZES,
    m6i: STANDARD_SIZES,
    m6id: STANDARD_SIZES,
    m7g: STANDARD_SIZES,
    m7i: STANDARD_SIZES,
    m8g: STANDARD_SIZES,
    r5: STANDARD_SIZES,
    r5b: STANDARD_SIZES,
    r5d: STANDARD_SIZES,
    r6g: STANDARD_SIZES,
    r6gd: STANDARD_SIZES,
    r6i: STANDARD_SIZES,
    r6id: STANDARD_SIZES,
    r7g: STANDARD_SIZES,
    r7i: STANDARD_SIZES,
    r8g: STANDARD_SIZES,
    x2g: STANDARD_SIZES,
};

/** Words RDS refuses as a MySQL master user name. */
const RESERVED_USERNAMES = ["rdsadmin", "rdsrepladmin", "root", "mysql", "admin_role", "select", "user", "table"];
const DATABASE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const ENGINE_VERSION = /^(\d+\.\d+)(\.\d+)?$/;

/** Whether RDS offers `instanceClass` (e.g. `db.t4g.micro`) for MySQL. */
export function isMysqlInstanceClass(instanceClass: string): boolean {
    const match = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceClass);
    return match !== null && (MYSQL_INSTANCE_FAMILIES[match[1]]?.includes(match[2]) ?? false);
}

/** The parameter group family of an engine version: `"8.4.5"` → `"mysql8.4"`. */
export function parameterGroupFamily(engineVersion: string): string {
    const match = ENGINE_VERSION.exec(engineVersion);
    if (!match) throw new Error(`not a MySQL engine version: ${engineVersion}`);
    return `mysql${match[1]}`;
}

/**
 * A deterministic RDS identifier derived from a Pulumi name (used for the final snapshot):
 * lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen.
 */
export function rdsIdentifier(name: string, suffix: string, maxLength = 255): string {
    let id = `${name}-${suffix}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
    if (!/^[a-z]/.test(id)) id = `db-${id}`;
    // Hyphens collapsed after the prefix: "_db" gives "db-db-…", not "db--db-…" (RDS refuses "--").
    return id.replace(/-{2,}/g, "-").slice(0, maxLength).replace(/-+$/, "");
}

/**
 * The name of the snapshot RDS takes when the instance is deleted: `<name>-final-<stamp>`, where the stamp
 * (creation time in base 36 and a random part) is new for every instance the program creates. A fixed name
 * would fail the second deletion in a stack (destroy, up, destroy) with `DBSnapshotAlreadyExists`. The
 * component keeps the stored name on updates (`ignoreChanges`), so it is fixed for the life of one instance.
 */
export function finalSnapshotIdentifier(name: string, stamp: string = creationStamp()): string {
    return rdsIdentifier(name, `final-${stamp}`);
}

/** A value unique to this moment and process: milliseconds since the epoch in base 36 and 32 random bits. */
export function creationStamp(): string {
    return `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

/**
 * The instance identifier: the component's name and a digest of the inputs whose change replaces the instance
 * (Terraform's ForceNew set, as far as the component sets them). Fixed while the instance lives, so its log
 * groups can be named before it exists; new with every replacement, so the replacement (created before the
 * old instance is deleted) never collides with it.
 */
export function instanceIdentifier(name: string, replacing: Record<string, unknown>): string {
    const digest = createHash("sha256")
        .update(JSON.stringify(Object.entries(replacing).sort(([a], [b]) => a.localeCompare(b))))
        .digest("hex")
        .slice(0, 8);
    // The digest must survive the length limit: shorten the name, never the digest.
    return `${rdsIdentifier(name, "x", 63 - digest.length - 1).replace(/-?x$/, "")}-${digest}`;
}

/** Applies defaults and checks every argument except `network`; `issues` is empty when usable. */
export function resolveMysqlArgs(args: Omit<MysqlDatabaseArgs, "network">): {
    resolved: ResolvedMysqlDatabaseArgs;
    issues: ArgIssue[];
} {
    // A database that a destroy removes keeps nothing by default: no protection to fail it, no snapshot.
    const keeps = args.removal !== "remove";
    const defaults = { ...MYSQL_DEFAULTS, deletionProtection: keeps, finalSnapshot: keeps };
    const r: ResolvedMysqlDatabaseArgs = withDefaults(defaults, args);
    const issues: ArgIssue[] = [...checkRemoval("removal", args.removal)];
    if (r.removal === "remove" && r.deletionProtection === true) {
        issues.push({
            argument: "deletionProtection",
            problem: 'is on while removal is "remove", so a destroy would fail on the instance',
            fix: 'turn deletionProtection off, or use removal "retain"',
        });
    }
    const version = ENGINE_VERSION.exec(String(r.engineVersion));
    if (
        typeof r.engineVersion !== "string" ||
        !version ||
        !(MYSQL_MAJOR_VERSIONS as readonly string[]).includes(version[1])
    ) {
        issues.push({
            argument: "engineVersion",
            problem: `got ${show(r.engineVersion)}`,
            fix: `use a supported MySQL major version (${MYSQL_MAJOR_VERSIONS.join(", ")}) or an exact one such as "8.4.5"`,
        });
    }
    if (typeof r.instanceClass !== "string" || !isMysqlInstanceClass(r.instanceClass)) {
        issues.push({
            argument: "instanceClass",
            problem: `got ${show(r.instanceClass)}, which RDS does not offer for MySQL`,
            fix: 'use a class such as "db.t4g.micro", "db.m7g.large" or "db.r7g.xlarge"',
        });
    }
    issues.push(
        ...checkInteger("allocatedStorage", r.allocatedStorage, 20, 65536, "gp3 MySQL storage is 20 to 65,536 GiB"),
    );
    const allocated = typeof r.allocatedStorage === "number" ? r.allocatedStorage : 20;
    const maxIssues = checkInteger(
        "maxAllocatedStorage",
        r.maxAllocatedStorage,
        allocated,
        65536,
        "it must be at least allocatedStorage",
    );
    issues.push(...maxIssues);
    // RDS refuses a storage autoscaling ceiling less than 10% above the allocation (equal turns it off).
    const minimumCeiling = Math.ceil((allocated * 11) / 10); // integer arithmetic: 100 × 1.1 is 110.00000000000001
    if (maxIssues.length === 0 && r.maxAllocatedStorage > allocated && r.maxAllocatedStorage < minimumCeiling) {
        issues.push({
            argument: "maxAllocatedStorage",
            problem: `is ${r.maxAllocatedStorage}, less than 10% above allocatedStorage (${allocated}), which RDS refuses`,
            fix: `use at least ${minimumCeiling}, or ${allocated} to turn storage autoscaling off`,
        });
    }
    issues.push(...checkLogRetention("logRetentionInDays", r.logRetentionInDays));
    issues.push(...checkInteger("backupRetentionDays", r.backupRetentionDays, 1, 35, "backups cannot be turned off"));
    if (typeof r.databaseName !== "string" || !DATABASE_NAME.test(r.databaseName)) {
        issues.push({
            argument: "databaseName",
            problem: `got ${show(r.databaseName)}`,
            fix: "use 1 to 64 letters, digits or underscores, starting with a letter",
        });
    }
    if (
        typeof r.username !== "string" ||
        !USERNAME.test(r.username) ||
        RESERVED_USERNAMES.includes(r.username.toLowerCase())
    ) {
        issues.push({
            argument: "username",
            problem: `got ${show(r.username)}`,
            fix: `use 1 to 32 letters, digits or underscores, starting with a letter, and none of ${RESERVED_USERNAMES.join(", ")}`,
        });
    }
    for (const key of ["multiAz", "deletionProtection", "finalSnapshot", "applyImmediately"] as const) {
        if (typeof r[key] !== "boolean")
            issues.push({ argument: key, problem: `got ${show(r[key])}`, fix: "use true or false" });
    }
    if (
        !Array.isArray(r.logExports) ||
        r.logExports.some((l) => !(MYSQL_LOG_EXPORTS as readonly string[]).includes(l))
    ) {
        issues.push({
            argument: "logExports",
            problem: `got ${show(r.logExports)}`,
            fix: `list some of ${MYSQL_LOG_EXPORTS.map((l) => `"${l}"`).join(", ")}`,
        });
    } else {
        issues.push(...checkUnique("logExports", r.logExports));
    }
    return { resolved: r, issues };
}
