import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfInvalid } from "../errors";
import { NAME_RULES, checkPhysicalNames } from "../naming";
import { RemovalPolicy, checkRemoval, removesContents, statefulOptions } from "../removal";
import { tagsWithName } from "../tags";
import { checkInteger } from "../validation";
import { componentType, withPreviousType } from "../component-type";
import { ComponentOptions, Roles, childFactory } from "../transform";

/**
 * The arguments of each child of a `PrivateBucket`, by role: the keys of its `transform` option and of its
 * `nodes`. Each is named `<name>-<role>` as noted.
 */
export interface PrivateBucketChildArgs {
    /** The bucket, `<name>-bucket`. */
    bucket: aws.s3.BucketArgs;
    /** Its public access block, `<name>-public-access`. */
    publicAccess: aws.s3.BucketPublicAccessBlockArgs;
    /** Its default encryption, `<name>-encryption`. */
    encryption: aws.s3.BucketServerSideEncryptionConfigurationArgs;
    /** Its TLS-only bucket policy, `<name>-tls-only`. */
    tlsOnly: aws.s3.BucketPolicyArgs;
    /** Its lifecycle configuration, `<name>-expiry` (with `expireAfterDays` only). */
    expiry: aws.s3.BucketLifecycleConfigurationArgs;
}

/** Every role of PrivateBucket's children (checked against PrivateBucketChildArgs). */
export const PRIVATE_BUCKET_ROLES: Roles<PrivateBucketChildArgs> = {
    bucket: true,
    publicAccess: true,
    encryption: true,
    tlsOnly: true,
    expiry: true,
};

/** Every child of a `PrivateBucket`, by role (see `PrivateBucketChildArgs`). */
export interface PrivateBucketNodes {
    /** The bucket. */
    bucket: aws.s3.Bucket;
    /** Its public access block. */
    publicAccess: aws.s3.BucketPublicAccessBlock;
    /** Its default encryption. */
    encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    /** Its TLS-only bucket policy. */
    tlsOnly: aws.s3.BucketPolicy;
    /** Its lifecycle configuration, with expireAfterDays only. */
    expiry?: aws.s3.BucketLifecycleConfiguration;
}
import { RoleGrantee, grantRolePolicy } from "../grants";
import { BucketGrantOptions, bucketGrantStatements } from "./grants";

export interface PrivateBucketArgs {
    /**
     * Delete objects this many days after they are written.
     * Default: never.
     * @default never
     */
    expireAfterDays?: number;
    /**
     * Let `pulumi destroy` delete the bucket with its objects (S3 refuses to delete a non-empty bucket).
     * Default: true when `removal` is "remove", else false.
     * @default true when `removal` is "remove", else false
     */
    forceDestroy?: boolean;
    /**
     * What a destroy does to the bucket: `retain` protects and keeps it with its objects (see
     * `RemovalPolicy`), `remove` deletes it with its objects.
     * Default: "retain".
     * @default "retain"
     */
    removal?: RemovalPolicy;
    /**
     * Tags for the bucket.
     * Default: {}.
     * @default {}
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Denies every request made without TLS. */
export function tlsOnlyPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/**
 * An S3 bucket that is private and encrypted: public access blocked, SSE-S3 by default, TLS-only policy,
 * optional expiry.
 */
export class PrivateBucket extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    /** Every child resource, typed, by role (the roles of the transform option). */
    public readonly nodes: PrivateBucketNodes;
    /** The name the bucket was created with, which names the resources of its grants. */
    public readonly name: string;

    /**
     * @param opts Pulumi's options, and `transform`: changes to any child before it is registered, by role
     * (see `PrivateBucketChildArgs`).
     */
    constructor(name: string, args: PrivateBucketArgs = {}, opts?: ComponentOptions<PrivateBucketChildArgs>) {
        const { componentOpts, child, issues: transformIssues } = childFactory(opts, PRIVATE_BUCKET_ROLES);
        throwIfInvalid(`PrivateBucket "${name}"`, [
            ...(args.expireAfterDays === undefined
                ? []
                : checkInteger("expireAfterDays", args.expireAfterDays, 1, 36500)),
            ...checkRemoval("removal", args.removal),
            ...checkPhysicalNames(name, [NAME_RULES.s3Bucket]),
            ...transformIssues,
        ]);
        super(componentType("PrivateBucket"), name, {}, withPreviousType("paas:bucket:PrivateBucket", componentOpts));
        this.name = name;
        const parent = { parent: this };
        this.bucket = new aws.s3.Bucket(
            ...child(
                "bucket",
                `${name}-bucket`,
                {
                    forceDestroy: args.forceDestroy ?? removesContents(args.removal),
                    tags: tagsWithName(args.tags, `${name}-bucket`),
                },
                statefulOptions(args.removal, parent),
            ),
        );
        this.bucketName = this.bucket.bucket;
        this.arn = this.bucket.arn;
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            ...child(
                "publicAccess",
                `${name}-public-access`,
                {
                    bucket: this.bucket.id,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
                parent,
            ),
        );
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            ...child(
                "encryption",
                `${name}-encryption`,
                {
                    bucket: this.bucket.id,
                    // No bucketKeyEnabled: S3 Bucket Keys are for SSE-KMS; with SSE-S3 the setting does nothing.
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                },
                parent,
            ),
        );
        // After the public access block, so the policy is never briefly evaluated without it.
        const tlsOnly = new aws.s3.BucketPolicy(
            ...child(
                "tlsOnly",
                `${name}-tls-only`,
                { bucket: this.bucket.id, policy: this.bucket.arn.apply(tlsOnlyPolicy) },
                { parent: this, dependsOn: [publicAccess] },
            ),
        );
        let expiry: aws.s3.BucketLifecycleConfiguration | undefined;
        if (args.expireAfterDays !== undefined) {
            expiry = new aws.s3.BucketLifecycleConfiguration(
                ...child(
                    "expiry",
                    `${name}-expiry`,
                    {
                        bucket: this.bucket.id,
                        rules: [
                            { id: "expire", status: "Enabled", filter: {}, expiration: { days: args.expireAfterDays } },
                        ],
                    },
                    parent,
                ),
            );
        }
        this.nodes = { bucket: this.bucket, publicAccess, encryption, tlsOnly, expiry };
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }

    /**
     * Lets `grantee` (a function of this library, or any object with a name and an IAM role) read objects:
     * `s3:GetObject` on `<bucket>/<objectsKeyPattern>`, as the inline policy `<bucket>-read-<grantee>`.
     */
    grantRead(grantee: RoleGrantee, options?: BucketGrantOptions): pulumi.Resource {
        return grantRolePolicy(
            this,
            this.name,
            "read",
            grantee,
            bucketGrantStatements(this.name, "read", this.arn, options),
            options?.transform,
        );
    }

    /**
     * Lets `grantee` write objects: `s3:PutObject` on `<bucket>/<objectsKeyPattern>`, as the inline policy
     * `<bucket>-write-<grantee>`. Not delete: a grantee that must delete asks for it in its own statements.
     */
    grantWrite(grantee: RoleGrantee, options?: BucketGrantOptions): pulumi.Resource {
        return grantRolePolicy(
            this,
            this.name,
            "write",
            grantee,
            bucketGrantStatements(this.name, "write", this.arn, options),
            options?.transform,
        );
    }
}
