import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfInvalid } from "../errors";
import { statefulOptions } from "../removal";
import { tagsWithName } from "../tags";
import { withDefaults } from "../validation";
import { componentType } from "../component-type";
import { ResolvedUserPoolArgs, USER_POOL_DEFAULTS, UserPoolArgs, checkUserPoolArgs } from "./args";
import { ComponentOptions, Roles, childFactory } from "../transform";

/**
 * The arguments of each child of a `UserPool`, by role: the keys of its `transform` option and of its
 * `nodes`. Each is named `<name>-<role>` as noted.
 */
export interface UserPoolChildArgs {
    /** The Cognito user pool, `<name>-pool`. */
    pool: aws.cognito.UserPoolArgs;
    /** The public app client, `<name>-client`. */
    client: aws.cognito.UserPoolClientArgs;
}

/** Every role of UserPool's children (checked against UserPoolChildArgs). */
export const USER_POOL_ROLES: Roles<UserPoolChildArgs> = { pool: true, client: true };

/** Every child of a `UserPool`, by role (see `UserPoolChildArgs`). */
export interface UserPoolNodes {
    /** The Cognito user pool. */
    pool: aws.cognito.UserPool;
    /** The public app client. */
    client: aws.cognito.UserPoolClient;
}

export * from "./args";

/**
 * A Cognito user pool whose users sign in by email address, and one public app client (no secret: for
 * browsers and mobile apps) whose ID tokens a `RestApi`'s `auth: "cognito"` routes accept. Per AWS's
 * guidance: a strong password policy, MFA by authenticator app, recovery by verified email only, no sign-up
 * unless asked, user-existence errors hidden, short-lived tokens that can be revoked, and deletion protection
 * with `removal: "retain"`. No identity pool: nothing here hands out AWS credentials, to anyone.
 *
 * Day 2: the inputs that replace a pool (and so lose every user) are its username attributes, alias
 * attributes and username case sensitivity (its name too, before the AWS provider's 6.6.0); this component
 * fixes all three, so no argument of it replaces the pool. Custom attributes can be added but never changed or
 * removed.
 */
export class UserPool extends pulumi.ComponentResource {
    public readonly pool: aws.cognito.UserPool;
    public readonly client: aws.cognito.UserPoolClient;
    /** The pool's ID, `<region>_<id>`. */
    public readonly userPoolId: pulumi.Output<string>;
    public readonly userPoolArn: pulumi.Output<string>;
    /** The app client's ID: the `aud` of its ID tokens. */
    public readonly clientId: pulumi.Output<string>;
    /** The tokens' `iss`: `https://cognito-idp.<region>.amazonaws.com/<pool ID>`, whose JWKS is at `/.well-known/jwks.json`. */
    public readonly issuerUrl: pulumi.Output<string>;
    /** Every child resource, typed, by role (the roles of the transform option). */
    public readonly nodes: UserPoolNodes;

    /**
     * @param opts Pulumi's options, and `transform`: changes to any child before it is registered, by role
     * (see `UserPoolChildArgs`).
     */
    constructor(name: string, args: UserPoolArgs = {}, opts?: ComponentOptions<UserPoolChildArgs>) {
        const { componentOpts, child, issues: transformIssues } = childFactory(opts, USER_POOL_ROLES);
        throwIfInvalid(`UserPool "${name}"`, [...checkUserPoolArgs(args), ...transformIssues]);
        super(componentType("UserPool"), name, {}, componentOpts);
        const s: ResolvedUserPoolArgs = withDefaults(USER_POOL_DEFAULTS, args);
        const retain = s.removal === "retain";

        this.pool = new aws.cognito.UserPool(
            ...child(
                "pool",
                `${name}-pool`,
                {
                    usernameAttributes: ["email"],
                    usernameConfiguration: { caseSensitive: false },
                    autoVerifiedAttributes: ["email"],
                    passwordPolicy: {
                        minimumLength: s.passwordMinimumLength,
                        requireLowercase: true,
                        requireUppercase: true,
                        requireNumbers: true,
                        requireSymbols: true,
                        temporaryPasswordValidityDays: 3,
                    },
                    mfaConfiguration: s.mfa,
                    softwareTokenMfaConfiguration: { enabled: true },
                    accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                    adminCreateUserConfig: { allowAdminCreateUserOnly: !s.selfSignUp },
                    deletionProtection: retain ? "ACTIVE" : "INACTIVE",
                    userPoolTier: s.threatProtection === "OFF" ? "ESSENTIALS" : "PLUS",
                    ...(s.threatProtection === "OFF"
                        ? {}
                        : { userPoolAddOns: { advancedSecurityMode: s.threatProtection } }),
                    tags: tagsWithName(args.tags, `${name}-pool`),
                },
                statefulOptions(s.removal, { parent: this }),
            ),
        );
        this.client = new aws.cognito.UserPoolClient(
            ...child(
                "client",
                `${name}-client`,
                {
                    userPoolId: this.pool.id,
                    generateSecret: false,
                    explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    preventUserExistenceErrors: "ENABLED",
                    enableTokenRevocation: true,
                    supportedIdentityProviders: ["COGNITO"],
                    idTokenValidity: s.idTokenValidityMinutes,
                    accessTokenValidity: s.accessTokenValidityMinutes,
                    refreshTokenValidity: s.refreshTokenValidityDays,
                    tokenValidityUnits: { idToken: "minutes", accessToken: "minutes", refreshToken: "days" },
                    authSessionValidity: 3,
                },
                { parent: this },
            ),
        );
        this.nodes = { pool: this.pool, client: this.client };
        this.userPoolId = this.pool.id;
        this.userPoolArn = this.pool.arn;
        this.clientId = this.client.id;
        this.issuerUrl = pulumi.interpolate`https://${this.pool.endpoint}`;
        this.registerOutputs({
            userPoolId: this.userPoolId,
            userPoolArn: this.userPoolArn,
            clientId: this.clientId,
            issuerUrl: this.issuerUrl,
        });
    }
}
