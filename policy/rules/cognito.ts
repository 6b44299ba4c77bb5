import { obj, objects, resourceRule, text } from "./helpers";

const USER_POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const IDENTITY_POOL = "aws:cognito/identityPool:IdentityPool";
const USAGE_PLAN = "aws:apigateway/usagePlan:UsagePlan";

/** Security Hub's thresholds for Cognito.3. */
const MIN_PASSWORD_LENGTH = 8;
const MAX_TEMPORARY_PASSWORD_DAYS = 7;

export const cognitoRules = [
    resourceRule({
        name: "cognito-password-policy",
        securityHub: ["Cognito.3"],
        types: [USER_POOL],
        severity: "high",
        enforcementLevel: "mandatory",
        description: `User pools require strong passwords: at least ${MIN_PASSWORD_LENGTH} characters with lower case, upper case, digits and symbols, and temporary passwords that expire within ${MAX_TEMPORARY_PASSWORD_DAYS} days.`,
        remediation: `Set passwordPolicy with minimumLength >= ${MIN_PASSWORD_LENGTH}, the four require* flags true and temporaryPasswordValidityDays <= ${MAX_TEMPORARY_PASSWORD_DAYS}.`,
        validate: (r, report) => {
            const p = obj(r.props.passwordPolicy);
            const missing = ["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"].filter(
                (k) => p[k] !== true,
            );
            if (Number(p.minimumLength ?? 0) < MIN_PASSWORD_LENGTH)
                report(`passwords may be ${text(p.minimumLength) || "8 (Cognito's default)"} characters`);
            if (missing.length > 0) report(`passwords need not have ${missing.join(", ")}`);
            if (Number(p.temporaryPasswordValidityDays ?? 7) > MAX_TEMPORARY_PASSWORD_DAYS)
                report(`temporary passwords last ${text(p.temporaryPasswordValidityDays)} days`);
        },
    }),
    resourceRule({
        name: "cognito-deletion-protection",
        securityHub: ["Cognito.6"],
        types: [USER_POOL],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "User pools are protected from deletion (deleting one deletes every user).",
        remediation: 'Set deletionProtection: "ACTIVE" (the UserPool component does with removal: retain).',
        validate: (r, report) => {
            if (r.props.deletionProtection !== "ACTIVE") report("deletion protection is off");
        },
    }),
    resourceRule({
        name: "cognito-mfa",
        types: [USER_POOL],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "User pools offer or require multi-factor authentication by an authenticator app (TOTP).",
        remediation: 'Set mfaConfiguration "OPTIONAL" or "ON" and softwareTokenMfaConfiguration: { enabled: true }.',
        validate: (r, report) => {
            if (!["OPTIONAL", "ON"].includes(text(r.props.mfaConfiguration))) report("MFA is off");
            else if (obj(r.props.softwareTokenMfaConfiguration).enabled !== true)
                report("MFA has no authenticator-app (TOTP) option");
        },
    }),
    resourceRule({
        name: "cognito-threat-protection",
        securityHub: ["Cognito.1"],
        types: [USER_POOL],
        severity: "low",
        enforcementLevel: "advisory",
        description:
            "User pools enforce threat protection (advisory: it needs the Plus feature plan, billed per monthly active user).",
        remediation: 'Set userPoolAddOns.advancedSecurityMode "ENFORCED" (UserPool: threatProtection "ENFORCED").',
        validate: (r, report) => {
            if (obj(r.props.userPoolAddOns).advancedSecurityMode !== "ENFORCED")
                report("threat protection is not enforced");
        },
    }),
    resourceRule({
        name: "cognito-client-hides-users",
        types: [CLIENT],
        severity: "medium",
        enforcementLevel: "mandatory",
        description:
            "App clients do not reveal whether a user exists (sign-in and recovery errors are the same for both).",
        remediation: 'Set preventUserExistenceErrors: "ENABLED".',
        validate: (r, report) => {
            if (r.props.preventUserExistenceErrors !== "ENABLED") report("errors reveal whether a user exists");
        },
    }),
    resourceRule({
        name: "cognito-no-unauthenticated-identities",
        securityHub: ["Cognito.2"],
        types: [IDENTITY_POOL],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "Identity pools give AWS credentials to signed-in users only, never to unauthenticated guests.",
        remediation: "Set allowUnauthenticatedIdentities: false.",
        validate: (r, report) => {
            if (r.props.allowUnauthenticatedIdentities !== false) report("unauthenticated identities get credentials");
        },
    }),
    resourceRule({
        name: "apigateway-usage-plan-limits",
        types: [USAGE_PLAN],
        severity: "medium",
        enforcementLevel: "mandatory",
        description:
            "Usage plans throttle each key (rate and burst) and cap its requests per period: a leaked key costs a bounded amount.",
        remediation: "Set throttleSettings (rateLimit, burstLimit) and quotaSettings (limit, period).",
        validate: (r, report) => {
            const throttle = obj(r.props.throttleSettings);
            if (!(Number(throttle.rateLimit) > 0 && Number(throttle.burstLimit) > 0)) report("keys are not throttled");
            const quota = objects([r.props.quotaSettings])[0];
            if (!(Number(quota.limit) > 0 && text(quota.period))) report("keys have no quota");
        },
    }),
];
