import { policyStatements, requireCompanion, resourceRule, stackRule } from "./helpers";

const BUCKET = "aws:s3/bucket:Bucket";
const REPOSITORY = "aws:ecr/repository:Repository";

export const storageRules = [
    stackRule({
        name: "s3-public-access-blocked",
        types: [BUCKET],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "Every bucket blocks public access (Security Hub S3.8, checkov CKV2_AWS_6).",
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
        types: [BUCKET],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Every bucket's policy denies requests without TLS (Security Hub S3.5).",
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
        types: [BUCKET],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Every bucket sets default encryption explicitly (checkov CKV_AWS_19).",
        remediation: "Add an aws.s3.BucketServerSideEncryptionConfiguration (AES256 or aws:kms).",
        validate: requireCompanion(
            BUCKET,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "bucket",
            "no default encryption is configured",
        ),
    }),
    resourceRule({
        name: "ecr-scan-on-push",
        types: [REPOSITORY],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "ECR scans images on push (Security Hub ECR.1).",
        remediation: "Set imageScanningConfiguration: { scanOnPush: true }.",
        validate: (r, report) => {
            if (r.props.imageScanningConfiguration?.scanOnPush !== true) report("images are not scanned on push");
        },
    }),
    resourceRule({
        name: "ecr-immutable-tags",
        types: [REPOSITORY],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "ECR tags are immutable (Security Hub ECR.2).",
        remediation: 'Set imageTagMutability: "IMMUTABLE".',
        validate: (r, report) => {
            if (r.props.imageTagMutability !== "IMMUTABLE") report("image tags can be overwritten");
        },
    }),
    stackRule({
        name: "ecr-lifecycle-policy",
        types: [REPOSITORY],
        severity: "low",
        enforcementLevel: "mandatory",
        description: "ECR repositories expire old images (Security Hub ECR.3).",
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
