import {
    obj,
    objects,
    policyStatements,
    publicStatements,
    requireCompanion,
    resourceRule,
    stackRule,
    text,
} from "./helpers";

/** Buckets: provider v7's Bucket and the deprecated BucketV2 it still ships. */
const BUCKET = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
/** A bucket companion type and its deprecated V2 twin. */
const s3Types = (...names: string[]) => names.flatMap((n) => [`aws:s3/${n}:${cap(n)}`, `aws:s3/${n}V2:${cap(n)}V2`]);
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const REPOSITORY = "aws:ecr/repository:Repository";

export const storageRules = [
    stackRule({
        name: "s3-access-logging",
        securityHub: ["S3.9"],
        checkov: ["CKV_AWS_18"],
        types: BUCKET,
        severity: "low",
        // Advisory: the library has no log bucket yet (see the README's coverage notes).
        enforcementLevel: "advisory",
        description: "Buckets write server access logs to a log bucket.",
        remediation: "Add an aws.s3.BucketLogging with targetBucket (a bucket of its own, not the logged one).",
        validate: (stack, report) => {
            for (const bucket of BUCKET.flatMap((t) => stack.ofType(t))) {
                const companions = s3Types("bucketLogging").flatMap((t) => stack.referencing(t, "bucket", bucket));
                if (companions.length === 0 && objects(bucket.props.loggings ?? bucket.props.logging).length === 0)
                    report(bucket, "no server access logs");
            }
        },
    }),
    resourceRule({
        name: "s3-policy-not-public",
        securityHub: ["S3.2", "S3.3"],
        checkov: ["CKV_AWS_70"],
        types: ["aws:s3/bucketPolicy:BucketPolicy", ...BUCKET],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "No bucket policy lets anyone read or write objects (principal * without a condition).",
        remediation: "Name the principals, or serve public content through CloudFront with origin access control.",
        validate: (r, report) => {
            const open = publicStatements(r.props.policy);
            if (open.length > 0) report(`anyone may ${open.flatMap((s) => [s.Action ?? []].flat()).join(", ")}`);
        },
    }),
    resourceRule({
        name: "s3-no-acls",
        securityHub: ["S3.12", "S3.2", "S3.3"],
        checkov: ["CKV_AWS_20", "CKV_AWS_57"],
        types: [...BUCKET, ...s3Types("bucketAcl"), "aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
        severity: "high",
        enforcementLevel: "mandatory",
        description:
            "Buckets grant access through policies, not ACLs: ownership stays BucketOwnerEnforced (the default since 2023) and no ACL is public.",
        remediation: 'Remove the ACL and set objectOwnership "BucketOwnerEnforced".',
        validate: (r, report) => {
            const acl: unknown = r.props.acl;
            if (typeof acl === "string" && PUBLIC_ACLS.includes(acl)) report(`the ACL ${acl} makes objects public`);
            else if (r.type.includes("bucketAcl")) report("an ACL manages access to the bucket");
            const ownership = text(obj(r.props.rule).objectOwnership);
            if (ownership && ownership !== "BucketOwnerEnforced") report(`objectOwnership is ${ownership}: ACLs apply`);
        },
    }),
    stackRule({
        name: "s3-one-notification-per-bucket",
        types: ["aws:s3/bucketNotification:BucketNotification"],
        severity: "critical",
        enforcementLevel: "mandatory",
        description:
            "A bucket has one BucketNotification: S3 keeps one notification configuration per bucket, so each later one silently replaces the earlier on every up.",
        remediation: "Merge the targets into one aws.s3.BucketNotification per bucket.",
        validate: (stack, report) => {
            const seen = new Map<string, string>();
            for (const notification of stack.ofType("aws:s3/bucketNotification:BucketNotification")) {
                const [bucket] = BUCKET.flatMap((t) => stack.referenced(notification, "bucket", t));
                const key = bucket?.urn ?? String(notification.props.bucket);
                const first = seen.get(key);
                if (first)
                    report(
                        notification,
                        `bucket ${bucket?.name ?? notification.props.bucket} already notifies through ${first}`,
                    );
                else seen.set(key, notification.name);
            }
        },
    }),
    stackRule({
        name: "s3-public-access-blocked",
        securityHub: ["S3.8"],
        checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
        types: BUCKET,
        severity: "high",
        enforcementLevel: "mandatory",
        description: "Every bucket blocks public access.",
        remediation: "Add an aws.s3.BucketPublicAccessBlock with all four settings true.",
        validate: requireCompanion(
            BUCKET,
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "bucket",
            "public access is not blocked",
            (b) =>
                ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every(
                    (k) => b.props[k] === true,
                ),
        ),
    }),
    stackRule({
        name: "s3-tls-only",
        securityHub: ["S3.5"],
        types: BUCKET,
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Every bucket's policy denies requests without TLS.",
        remediation: 'Add a bucket policy statement denying s3:* when "aws:SecureTransport" is "false".',
        validate: requireCompanion(
            BUCKET,
            "aws:s3/bucketPolicy:BucketPolicy",
            "bucket",
            "requests without TLS are not denied",
            (p) =>
                policyStatements(p.props.policy).some(
                    (s) => s.Effect === "Deny" && JSON.stringify(s).includes("aws:SecureTransport"),
                ),
        ),
    }),
    stackRule({
        name: "s3-encryption",
        checkov: ["CKV_AWS_19"],
        types: BUCKET,
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Every bucket sets default encryption explicitly.",
        remediation: "Add an aws.s3.BucketServerSideEncryptionConfiguration (AES256 or aws:kms).",
        validate: requireCompanion(
            BUCKET,
            s3Types("bucketServerSideEncryptionConfiguration"),
            "bucket",
            "no default encryption is configured",
        ),
    }),
    resourceRule({
        name: "ecr-scan-on-push",
        securityHub: ["ECR.1"],
        checkov: ["CKV_AWS_163"],
        types: [REPOSITORY],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "ECR scans images on push.",
        remediation: "Set imageScanningConfiguration: { scanOnPush: true }.",
        validate: (r, report) => {
            if (r.props.imageScanningConfiguration?.scanOnPush !== true) report("images are not scanned on push");
        },
    }),
    resourceRule({
        name: "ecr-immutable-tags",
        securityHub: ["ECR.2"],
        checkov: ["CKV_AWS_51"],
        types: [REPOSITORY],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "ECR tags are immutable.",
        remediation: 'Set imageTagMutability: "IMMUTABLE".',
        validate: (r, report) => {
            if (r.props.imageTagMutability !== "IMMUTABLE") report("image tags can be overwritten");
        },
    }),
    stackRule({
        name: "ecr-lifecycle-policy",
        securityHub: ["ECR.3"],
        types: [REPOSITORY],
        severity: "low",
        enforcementLevel: "mandatory",
        description: "ECR repositories expire old images.",
        remediation: "Add an aws.ecr.LifecyclePolicy to the repository.",
        validate: requireCompanion(
            REPOSITORY,
            "aws:ecr/lifecyclePolicy:LifecyclePolicy",
            "repository",
            "old images are never expired",
        ),
    }),
    resourceRule({
        name: "log-group-retention",
        securityHub: ["CloudWatch.16"],
        checkov: ["CKV_AWS_66"],
        types: ["aws:cloudwatch/logGroup:LogGroup"],
        severity: "low",
        enforcementLevel: "mandatory",
        description: "Log groups have a retention period (logs are not kept, and paid for, forever).",
        remediation: "Set retentionInDays.",
        validate: (r, report) => {
            if (!r.props.retentionInDays) report("logs are kept forever");
        },
    }),
];
