import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfInvalid } from "../errors";
import { tagsWithName } from "../tags";
import { checkInteger } from "../validation";
import { componentType, withPreviousType } from "../component-type";

export interface PrivateBucketArgs {
    /**
     * Delete objects this many days after they are written.
     * @default never
     */
    expireAfterDays?: number;
    /**
     * Let `pulumi destroy` delete the bucket with its objects.
     * @default false
     */
    forceDestroy?: boolean;
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

    constructor(name: string, args: PrivateBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(
            `PrivateBucket "${name}"`,
            args.expireAfterDays === undefined ? [] : checkInteger("expireAfterDays", args.expireAfterDays, 1, 36500),
        );
        super(componentType("PrivateBucket"), name, {}, withPreviousType("paas:bucket:PrivateBucket", opts));
        const parent = { parent: this };
        this.bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            { forceDestroy: args.forceDestroy ?? false, tags: tagsWithName(args.tags, `${name}-bucket`) },
            parent,
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
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
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
}
