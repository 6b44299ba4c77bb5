import { policyStatements, resourceRule, stackRule } from "./helpers";
import { PolicyResourceLike, StackView } from "./types";

const BUCKET = "aws:s3/bucket:Bucket";
const REPOSITORY = "aws:ecr/repository:Repository";

/** Resources that configure a bucket name it by their `bucket` property. */
const configures = (type: string) => (stack: StackView, bucket: PolicyResourceLike) => stack.referencing(type, "bucket", bucket);

export const storageRules = [
    stackRule({
        name: "s3-public-access-blocked", types: [BUCKET], severity: "high", enforcementLevel: "mandatory",
        description: "Every bucket blocks public access (Security Hub S3.8, checkov CKV2_AWS_6).",
        remediation: "Add an aws.s3.BucketPublicAccessBlock with all four settings true.",
        validate: (stack, report) => {
            for (const bucket of stack.ofType(BUCKET)) {
                const ok = configures("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")(stack, bucket).some((b) =>
                    ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((k) => b.props[k] === true));
                if (!ok) report(bucket, "public access is not blocked");
            }
        },
    }),
    stackRule({
        name: "s3-tls-only", types: [BUCKET], severity: "medium", enforcementLevel: "mandatory",
        description: "Every bucket's policy denies requests without TLS (Security Hub S3.5).",
        remediation: 'Add a bucket policy statement denying s3:* when "aws:SecureTransport" is "false".',
        validate: (stack, report) => {
            for (const bucket of stack.ofType(BUCKET)) {
                const ok = configures("aws:s3/bucketPolicy:BucketPolicy")(stack, bucket).some((p) => policyStatements(p.props.policy).some((s) =>
                    s.Effect === "Deny" && JSON.stringify(s).includes("aws:SecureTransport")));
                if (!ok) report(bucket, "requests without TLS are not denied");
            }
        },
    }),
    stackRule({
        name: "s3-encryption", types: [BUCKET], severity: "medium", enforcementLevel: "mandatory",
        description: "Every bucket sets default encryption explicitly (checkov CKV_AWS_19).",
        remediation: "Add an aws.s3.BucketServerSideEncryptionConfiguration (AES256 or aws:kms).",
        validate: (stack, report) => {
            for (const bucket of stack.ofType(BUCKET)) {
                if (configures("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")(stack, bucket).length === 0) {
                    report(bucket, "no default encryption is configured");
                }
            }
        },
    }),
    resourceRule({
        name: "ecr-scan-on-push", types: [REPOSITORY], severity: "medium", enforcementLevel: "mandatory",
        description: "ECR scans images on push (Security Hub ECR.1).",
        remediation: "Set imageScanningConfiguration: { scanOnPush: true }.",
        validate: (r, report) => { if (r.props.imageScanningConfiguration?.scanOnPush !== true) report("images are not scanned on push"); },
    }),
    resourceRule({
        name: "ecr-immutable-tags", types: [REPOSITORY], severity: "medium", enforcementLevel: "mandatory",
        description: "ECR tags are immutable (Security Hub ECR.2).",
        remediation: 'Set imageTagMutability: "IMMUTABLE".',
        validate: (r, report) => { if (r.props.imageTagMutability !== "IMMUTABLE") report("image tags can be overwritten"); },
    }),
    stackRule({
        name: "ecr-lifecycle-policy", types: [REPOSITORY], severity: "low", enforcementLevel: "mandatory",
        description: "ECR repositories expire old images (Security Hub ECR.3).",
        remediation: "Add an aws.ecr.LifecyclePolicy to the repository.",
        validate: (stack, report) => {
            for (const repo of stack.ofType(REPOSITORY)) {
                if (stack.referencing("aws:ecr/lifecyclePolicy:LifecyclePolicy", "repository", repo).length === 0) {
                    report(repo, "old images are never expired");
                }
            }
        },
    }),
    resourceRule({
        name: "log-group-retention", types: ["aws:cloudwatch/logGroup:LogGroup"], severity: "low", enforcementLevel: "mandatory",
        description: "Log groups have a retention period (logs are not kept, and paid for, forever).",
        remediation: "Set retentionInDays.",
        validate: (r, report) => { if (!r.props.retentionInDays) report("logs are kept forever"); },
    }),
];


