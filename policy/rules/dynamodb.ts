import { obj, resourceRule } from "./helpers";

const TABLE = "aws:dynamodb/table:Table";

export const dynamodbRules = [
    resourceRule({
        name: "dynamodb-encrypted-kms",
        checkov: ["CKV_AWS_119"],
        types: [TABLE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description:
            "Tables are encrypted under a KMS key (the AWS managed aws/dynamodb key or a customer managed one), so every use of the key is logged in CloudTrail; not only under the AWS-owned key.",
        remediation: "Set serverSideEncryption: { enabled: true } (optionally with kmsKeyArn).",
        validate: (r, report) => {
            if (obj(r.props.serverSideEncryption).enabled !== true)
                report("the table is encrypted only under the AWS-owned key");
        },
    }),
    resourceRule({
        name: "dynamodb-point-in-time-recovery",
        securityHub: ["DynamoDB.2"],
        checkov: ["CKV_AWS_28"],
        types: [TABLE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Tables have point-in-time recovery: 35 days of continuous backups to restore from.",
        remediation:
            "Set pointInTimeRecovery: { enabled: true } (paas:thumbnails.pointInTimeRecovery for this program).",
        validate: (r, report) => {
            if (obj(r.props.pointInTimeRecovery).enabled !== true) report("point-in-time recovery is off");
        },
    }),
    resourceRule({
        name: "dynamodb-deletion-protection",
        securityHub: ["DynamoDB.6"],
        types: [TABLE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Tables are protected from deletion.",
        remediation: "Set deletionProtectionEnabled: true (this program does where paas:removal is retain).",
        validate: (r, report) => {
            if (r.props.deletionProtectionEnabled !== true) report("the table can be deleted");
        },
    }),
];
