import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfInvalid } from "../errors";
import { NAME_RULES, checkPhysicalNames } from "../naming";
import { RemovalPolicy, checkRemoval, removesContents, statefulOptions } from "../removal";
import { tagsWithName } from "../tags";
import { checkInteger } from "../validation";
import { componentType, withPreviousType } from "../component-type";
import { RoleGrantee, grantRolePolicy } from "../grants";
import { BucketGrantOptions, bucketGrantStatements } from "./grants";

export interface PrivateBucketArgs {
    /**
     * Delete objects this many days after they are written.
     * @default never
     */
    expireAfterDays?: number;
    /**
     * Let `pulumi destroy` delete the bucket with its objects (S3 refuses to delete a non-empty bucket).
     * @default true when `removal` is "remove", else false
     */
    forceDestroy?: boolean;
    /**
     * What a destroy does to the bucket: `retain` protects and keeps it with its objects (see
     * `RemovalPolicy`), `remove` deletes it with its objects.
     * @default "retain"
     */
    removal?: RemovalPolicy;
    /**
     * Tags for the bucket.
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
    /** The name the bucket was created with, which names the resources of its grants. */
    public readonly name: string;

    constructor(name: string, args: PrivateBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`PrivateBucket "${name}"`, [
            ...(args.expireAfterDays === undefined
                ? []
                : checkInteger("expireAfterDays", args.expireAfterDays, 1, 36500)),
            ...checkRemoval("removal", args.removal),
            ...checkPhysicalNames(name, [NAME_RULES.s3Bucket]),
        ]);
        super(componentType("PrivateBucket"), name, {}, withPreviousType("paas:bucket:PrivateBucket", opts));
        this.name = name;
        const parent = { parent: this };
        this.bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            {
                forceDestroy: args.forceDestroy ?? removesContents(args.removal),
                tags: tagsWithName(args.tags, `${name}-bucket`),
            },
            statefulOptions(args.removal, parent),
        );
        this.bucketName = this.bucket.bucket;
        this.arn = this.bucket.arn;
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            {
                bucket: this.bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            parent,
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: this.bucket.id,
                // No bucketKeyEnabled: S3 Bucket Keys are for SSE-KMS; with SSE-S3 the setting does nothing.
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            },
            parent,
        );
        // After the public access block, so the policy is never briefly evaluated without it.
        new aws.s3.BucketPolicy(
            `${name}-tls-only`,
            { bucket: this.bucket.id, policy: this.bucket.arn.apply(tlsOnlyPolicy) },
            { parent: this, dependsOn: [publicAccess] },
        );
        if (args.expireAfterDays !== undefined) {
            new aws.s3.BucketLifecycleConfiguration(
                `${name}-expiry`,
                {
                    bucket: this.bucket.id,
                    rules: [
                        { id: "expire", status: "Enabled", filter: {}, expiration: { days: args.expireAfterDays } },
                    ],
                },
                parent,
            );
        }
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
        );
    }
}
