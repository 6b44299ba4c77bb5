import type * as pulumi from "@pulumi/pulumi";
import { ArgIssue } from "../errors";
import { RemovalPolicy, checkRemoval } from "../removal";
import { checkInteger, checkOneOf, show } from "../validation";

/** Multi-factor authentication by authenticator app (TOTP): offered to every user, or required of them. */
export const UserPoolMfa = { OPTIONAL: "OPTIONAL", ON: "ON" } as const;
export type UserPoolMfa = (typeof UserPoolMfa)[keyof typeof UserPoolMfa];
export const USER_POOL_MFA: readonly UserPoolMfa[] = Object.values(UserPoolMfa);

/**
 * Cognito's threat protection (formerly advanced security): compromised-credential and adaptive-risk checks,
 * logged (`AUDIT`) or acted on (`ENFORCED`). Anything but `OFF` needs the Plus feature plan, billed per
 * monthly active user above the Essentials plan.
 */
export const ThreatProtection = { OFF: "OFF", AUDIT: "AUDIT", ENFORCED: "ENFORCED" } as const;
export type ThreatProtection = (typeof ThreatProtection)[keyof typeof ThreatProtection];
export const THREAT_PROTECTION: readonly ThreatProtection[] = Object.values(ThreatProtection);

export interface UserPoolArgs {
    /**
     * The shortest password accepted (every password also needs a lower- and upper-case letter, a digit and a
     * symbol).
     * Default: 12.
     * @default 12
     */
    passwordMinimumLength?: number;
    /**
     * Multi-factor authentication by authenticator app: offered (`OPTIONAL`) or required (`ON`).
     * Default: "OPTIONAL".
     * @default "OPTIONAL"
     */
    mfa?: UserPoolMfa;
    /**
     * Threat protection; `AUDIT` and `ENFORCED` put the pool on the Plus feature plan (billed per user).
     * Default: "OFF".
     * @default "OFF"
     */
    threatProtection?: ThreatProtection;
    /**
     * Let anyone sign up through the app client; otherwise only administrators create users.
     * Default: false.
     * @default false
     */
    selfSignUp?: boolean;
    /**
     * Lifetime of ID tokens (what the API's Cognito authorizer accepts), in minutes.
     * Default: 60.
     * @default 60
     */
    idTokenValidityMinutes?: number;
    /**
     * Lifetime of access tokens, in minutes.
     * Default: 60.
     * @default 60
     */
    accessTokenValidityMinutes?: number;
    /**
     * Lifetime of refresh tokens, in days.
     * Default: 30.
     * @default 30
     */
    refreshTokenValidityDays?: number;
    /**
     * What a destroy does to the pool and its users: `retain` protects it (Pulumi's `protect` and Cognito's
     * deletion protection) and keeps it (see `RemovalPolicy`); `remove` deletes it with every user.
     * Default: "retain".
     * @default "retain"
     */
    removal?: RemovalPolicy;
    /**
     * Tags for the pool.
     * Default: {}.
     * @default {}
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export type ResolvedUserPoolArgs = Required<Omit<UserPoolArgs, "tags">> & Pick<UserPoolArgs, "tags">;

export const USER_POOL_DEFAULTS: Omit<ResolvedUserPoolArgs, "tags"> = {
    passwordMinimumLength: 12,
    mfa: "OPTIONAL",
    threatProtection: "OFF",
    selfSignUp: false,
    idTokenValidityMinutes: 60,
    accessTokenValidityMinutes: 60,
    refreshTokenValidityDays: 30,
    removal: "retain",
};

/** Checks the pool's arguments against Cognito's bounds (a token lives 5 minutes to 1 day, refresh up to 10 years). */
export function checkUserPoolArgs(args: UserPoolArgs): ArgIssue[] {
    const issues: ArgIssue[] = [];
    if (args.passwordMinimumLength !== undefined)
        issues.push(
            ...checkInteger(
                "passwordMinimumLength",
                args.passwordMinimumLength,
                8,
                99,
                "shorter passwords fail AWS's guidance",
            ),
        );
    if (args.mfa !== undefined) issues.push(...checkOneOf("mfa", args.mfa, USER_POOL_MFA));
    if (args.threatProtection !== undefined)
        issues.push(...checkOneOf("threatProtection", args.threatProtection, THREAT_PROTECTION));
    if (args.selfSignUp !== undefined && typeof args.selfSignUp !== "boolean")
        issues.push({ argument: "selfSignUp", problem: `got ${show(args.selfSignUp)}`, fix: "use true or false" });
    for (const key of ["idTokenValidityMinutes", "accessTokenValidityMinutes"] as const)
        if (args[key] !== undefined) issues.push(...checkInteger(key, args[key], 5, 1440));
    if (args.refreshTokenValidityDays !== undefined)
        issues.push(...checkInteger("refreshTokenValidityDays", args.refreshTokenValidityDays, 1, 3650));
    issues.push(...checkRemoval("removal", args.removal));
    return issues;
}
