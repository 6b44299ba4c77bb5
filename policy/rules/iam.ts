import { allows, asList, policyStatements, principals, resourceRule, stackRule } from "./helpers";

const POLICY_TYPES = [
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/policy:Policy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
];

/** Actions that must name their resources: decrypting, handing roles to services, reading secrets. */
export const SENSITIVE_ACTIONS = [
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "iam:PassRole",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "sts:AssumeRole",
];

const ADMIN_POLICY = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess)$/;

export const iamRules = [
    resourceRule({
        name: "iam-sensitive-actions-scoped",
        securityHub: ["KMS.1", "KMS.2"],
        checkov: ["CKV_AWS_355"],
        severity: "high",
        enforcementLevel: "mandatory",
        types: POLICY_TYPES,
        description: `Sensitive actions (${SENSITIVE_ACTIONS.join(", ")}) name their resources, never Resource "*".`,
        remediation: "List the keys, roles, secrets or parameters by ARN.",
        validate: (r, report) => {
            for (const s of policyStatements(r.props.policy).filter((x) => x.Effect === "Allow")) {
                if (!asList(s.Resource).includes("*")) continue;
                const sensitive = SENSITIVE_ACTIONS.filter((a) => allows(s, a));
                if (sensitive.length > 0) report(`allows ${sensitive.join(", ")} on every resource`);
            }
        },
    }),
    resourceRule({
        name: "iam-trust-policy-scoped",
        checkov: ["CKV_AWS_60", "CKV_AWS_61"],
        severity: "critical",
        enforcementLevel: "mandatory",
        types: ["aws:iam/role:Role"],
        description: "A role's trust policy names who may assume it: no * principal, no AWS account wildcard.",
        remediation: 'Name the service (e.g. "lambda.amazonaws.com") or account role ARNs in Principal.',
        validate: (r, report) => {
            for (const s of policyStatements(r.props.assumeRolePolicy).filter((x) => x.Effect === "Allow")) {
                const wild = principals(s).filter((p) => p === "*" || /^arn:aws[a-z-]*:iam::\*:/.test(p));
                if (wild.length > 0 && Object.keys(s.Condition ?? {}).length === 0)
                    report(`anyone (${wild.join(", ")}) may assume the role`);
            }
        },
    }),
    resourceRule({
        name: "iam-no-wildcard-actions",
        securityHub: ["IAM.1", "IAM.21"],
        checkov: ["CKV_AWS_62", "CKV_AWS_63"],
        severity: "high",
        enforcementLevel: "mandatory",
        types: POLICY_TYPES,
        description: 'Policies name their actions: no "*" or "service:*".',
        remediation: "List the exact actions the principal needs.",
        validate: (r, report) => {
            const wildcards = policyStatements(r.props.policy)
                .filter((s) => s.Effect !== "Deny")
                .flatMap((s) => asList(s.Action))
                .filter((a) => a === "*" || a.endsWith(":*"));
            if (wildcards.length > 0) report(`allows ${wildcards.join(", ")}`);
        },
    }),
    resourceRule({
        name: "iam-no-admin-policies",
        checkov: ["CKV_AWS_274"],
        severity: "critical",
        enforcementLevel: "mandatory",
        types: [
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/policyAttachment:PolicyAttachment",
            "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        ],
        description: "No administrator or full-access managed policy is attached.",
        remediation: "Attach least-privilege policies instead.",
        validate: (r, report) => {
            if (ADMIN_POLICY.test(String(r.props.policyArn))) report(`attaches ${r.props.policyArn}`);
        },
    }),
    stackRule({
        name: "iam-one-role-per-function",
        types: ["aws:lambda/function:Function"],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Each function has a role of its own, so its permissions are exactly what it needs.",
        remediation: "Create one role per function.",
        validate: (stack, report) => {
            const functions = stack
                .ofType("aws:lambda/function:Function")
                .filter((fn) => typeof fn.props.role === "string"); // unknown in a preview: skip
            const byRole = new Map<string, string[]>();
            for (const fn of functions) byRole.set(fn.props.role, [...(byRole.get(fn.props.role) ?? []), fn.name]);
            for (const fn of functions) {
                const sharing = byRole.get(fn.props.role)!;
                if (sharing.length > 1)
                    report(fn, `its role is shared with ${sharing.filter((n) => n !== fn.name).join(", ")}`);
            }
        },
    }),
];
