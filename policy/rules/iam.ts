import { asList, policyStatements, resourceRule, stackRule } from "./helpers";

const ADMIN_POLICY = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess)$/;

export const iamRules = [
    resourceRule({
        name: "iam-no-wildcard-actions",
        severity: "high",
        enforcementLevel: "mandatory",
        types: [
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/policy:Policy",
            "aws:iam/userPolicy:UserPolicy",
            "aws:iam/groupPolicy:GroupPolicy",
        ],
        description:
            'Policies name their actions: no "*" or "service:*" (Security Hub IAM.1/IAM.21, checkov CKV_AWS_290).',
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
        severity: "critical",
        enforcementLevel: "mandatory",
        types: [
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/policyAttachment:PolicyAttachment",
            "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        ],
        description: "No administrator or full-access managed policy is attached (Security Hub IAM.1).",
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
