/**
 * Grants: where two components meet, the one that owns a resource gives another access to it, as aws-cdk-lib
 * does (`bucket.grantRead(fn)`), instead of statements written by hand at each meeting point. A grantee is any
 * object with the fields a grant needs (an IAM role, security groups), never a class of this library, so a
 * role from elsewhere, or a function from another copy of the package, takes grants too.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "./errors";
import { PolicyStatement, policyDocument } from "./lambda/policies";
import { Transform, applyTransform } from "./transform";

/** Who receives an IAM grant: anything with a name and an IAM role, e.g. a function of this library. */
export interface RoleGrantee {
    /**
     * Names the grant's resources (`<target>-<grant>-<name>`), so it must be stable and unique among the grantees
     * of one target. A function of this library gives the name it was created with.
     */
    name: string;
    /** The name of the IAM role that receives the grant, as an inline policy of its own. */
    roleName: pulumi.Input<string>;
}

/** Who receives network access as well: a `RoleGrantee` with the security groups it runs with. */
export interface NetworkGrantee extends RoleGrantee {
    /**
     * The security groups the grantee's network interfaces carry (a function of this library: those it runs
     * with, none outside a VPC). A list, so each group gets its rule; each ID may be an Output.
     * Default: none: the grant is refused, as a grantee outside the VPC cannot reach the target.
     * @default none: the grant is refused, as a grantee outside the VPC cannot reach the target
     */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/** The statements of one grant, as plain data (what the tests and the policy pack check). */
export type GrantStatements = pulumi.Input<pulumi.Input<PolicyStatement>[]>;

/**
 * One inline policy on the grantee's role holding one grant's statements, named `<target>-<grant>-<grantee>`
 * under the target. An inline policy per grant (not one document per role): a grant added or removed creates or
 * deletes its own policy, and Pulumi creates before it deletes, so moving a statement between grants never
 * leaves the role without it.
 */
export function grantRolePolicy(
    target: pulumi.Resource,
    targetName: string,
    grant: string,
    grantee: RoleGrantee,
    statements: GrantStatements,
    transform?: Transform<aws.iam.RolePolicyArgs>,
): aws.iam.RolePolicy {
    checkGrantee(targetName, grant, grantee);
    return new aws.iam.RolePolicy(
        ...applyTransform(
            transform,
            `${targetName}-${grant}-${grantee.name}`,
            {
                role: grantee.roleName,
                policy: pulumi.output(statements).apply((s) => policyDocument(s as PolicyStatement[])),
            },
            { parent: target },
        ),
    );
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@=,+-]*$/;

/** A grantee without what a grant needs fails at the call, naming the field, before anything registers. */
export function checkGrantee(targetName: string, grant: string, grantee: Partial<RoleGrantee> | undefined): void {
    const issues = [];
    if (typeof grantee?.name !== "string" || !NAME.test(grantee.name))
        issues.push({
            argument: "grantee.name",
            problem: `got ${JSON.stringify(grantee?.name)}`,
            fix: "give a stable name of letters, digits and - _ . @ = , + (a function of this library has one)",
        });
    if (grantee?.roleName === undefined)
        issues.push({
            argument: "grantee.roleName",
            problem: "is missing",
            fix: "give the name of the IAM role that receives the grant",
        });
    if (issues.length > 0) throw new InvalidArgsError(`${grant} grant of "${targetName}"`, issues);
}

/** Options of a function's invoke grant. */
export interface InvokeGrantOptions {
    /**
     * Names the permission (`<function>-invoke-<id>`); needed to grant one principal twice.
     * Default: the principal's first label, e.g. "s3" for s3.amazonaws.com.
     * @default the principal's first label, e.g. "s3" for s3.amazonaws.com
     */
    id?: string;
    /**
     * The account the source belongs to: for S3, whose ARNs name no account, this guards against another
     * account's bucket of the same name (confused deputy).
     * Default: none.
     * @default none
     */
    sourceAccount?: pulumi.Input<string>;
    /**
     * Changes to the permission before it is registered, as a component's `transform` changes its children
     * (TypeScript only). Default: none.
     * Default: none.
     * @default none
     */
    transform?: Transform<aws.lambda.PermissionArgs>;
}

/**
 * `fn.grantInvoke(principal, sourceArn)`, for both function components: a `lambda.Permission` letting `principal`
 * (a service such as `s3.amazonaws.com`) invoke the function from `sourceArn` only, named `<function>-invoke-<id>`.
 */
export function grantInvoke(
    fn: pulumi.Resource,
    fnName: string,
    functionName: pulumi.Input<string>,
    principal: string,
    sourceArn: pulumi.Input<string>,
    options: InvokeGrantOptions = {},
): aws.lambda.Permission {
    const id = options.id ?? (typeof principal === "string" ? principal.split(".")[0] : "");
    if (typeof principal !== "string" || principal.length === 0 || !NAME.test(id))
        throw new InvalidArgsError(`invoke grant of "${fnName}"`, [
            {
                argument: options.id === undefined ? "principal" : "options.id",
                problem: `got ${JSON.stringify(options.id ?? principal)}`,
                fix: 'give a service principal such as "s3.amazonaws.com", and an id of letters, digits and -',
            },
        ]);
    if (sourceArn === undefined)
        throw new InvalidArgsError(`invoke grant of "${fnName}"`, [
            { argument: "sourceArn", problem: "is missing", fix: "name the one resource that may invoke it" },
        ]);
    return new aws.lambda.Permission(
        ...applyTransform(
            options.transform,
            `${fnName}-invoke-${id}`,
            {
                action: "lambda:InvokeFunction",
                function: functionName,
                principal,
                sourceArn,
                sourceAccount: options.sourceAccount,
            },
            { parent: fn },
        ),
    );
}
