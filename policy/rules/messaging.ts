import { publicStatements, resourceRule } from "./helpers";

const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";
const KEY = "aws:kms/key:Key";

/** A resource-policy rule: no statement lets anyone (principal `*`, no condition) use the resource. */
function notPublic(policyProp: string, what: string) {
    return (r: { props: Record<string, unknown> }, report: (m: string) => void) => {
        const open = publicStatements(r.props[policyProp]);
        if (open.length > 0)
            report(
                `its policy lets anyone ${open.flatMap((s) => [s.Action ?? []].flat()).join(", ") || "act on"} the ${what}`,
            );
    };
}

export const messagingRules = [
    resourceRule({
        name: "sqs-encrypted",
        securityHub: ["SQS.1"],
        checkov: ["CKV_AWS_27"],
        types: [QUEUE],
        severity: "medium",
        enforcementLevel: "mandatory",
        description:
            "Queues are encrypted at rest: SSE-SQS (AWS's default for new queues) or a KMS key; only an explicit opt-out is reported.",
        remediation: "Remove sqsManagedSseEnabled: false, or set kmsMasterKeyId.",
        validate: (r, report) => {
            if (r.props.sqsManagedSseEnabled === false && !r.props.kmsMasterKeyId)
                report("the queue is not encrypted at rest");
        },
    }),
    resourceRule({
        name: "sqs-policy-not-public",
        securityHub: ["SQS.3"],
        checkov: ["CKV_AWS_168"],
        types: [QUEUE, "aws:sqs/queuePolicy:QueuePolicy"],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "No queue policy lets anyone send, receive or delete messages.",
        remediation: "Name the principals (or the service with an aws:SourceArn condition) instead of *.",
        validate: notPublic("policy", "queue"),
    }),
    resourceRule({
        name: "sns-encrypted",
        securityHub: ["SNS.1"],
        checkov: ["CKV_AWS_26"],
        types: [TOPIC],
        severity: "medium",
        enforcementLevel: "advisory",
        description:
            "Topics are encrypted at rest with a KMS key. A topic CloudWatch alarms publish to needs a customer managed key whose policy admits cloudwatch.amazonaws.com (the AWS managed alias/aws/sns key silently drops alarm notifications).",
        remediation:
            "Set kmsMasterKeyId to a customer managed key (for alarm topics, one whose policy allows CloudWatch).",
        validate: (r, report) => {
            if (!r.props.kmsMasterKeyId) report("the topic is not encrypted at rest");
        },
    }),
    resourceRule({
        name: "sns-policy-not-public",
        securityHub: ["SNS.4"],
        checkov: ["CKV_AWS_169"],
        types: [TOPIC, "aws:sns/topicPolicy:TopicPolicy"],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "No topic policy lets anyone publish or subscribe.",
        remediation: "Name the principals (or the service with an aws:SourceArn condition) instead of *.",
        validate: notPublic("policy", "topic"),
    }),
    resourceRule({
        name: "kms-key-rotation",
        securityHub: ["KMS.4"],
        checkov: ["CKV_AWS_7"],
        types: [KEY],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Symmetric customer managed keys rotate yearly (asymmetric and HMAC keys cannot).",
        remediation: "Set enableKeyRotation: true.",
        validate: (r, report) => {
            const spec = String(r.props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT");
            if (spec === "SYMMETRIC_DEFAULT" && r.props.enableKeyRotation !== true) report("key rotation is off");
        },
    }),
    resourceRule({
        name: "kms-key-policy-not-public",
        securityHub: ["KMS.5"],
        checkov: ["CKV_AWS_33"],
        types: [KEY, "aws:kms/keyPolicy:KeyPolicy"],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "No key policy lets anyone use or manage the key.",
        remediation:
            "Name the account root or roles as principals instead of *, or add a condition (kms:CallerAccount).",
        validate: notPublic("policy", "key"),
    }),
];
