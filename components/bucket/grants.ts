import type * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../errors";
import type { Transform } from "../transform";
import { PolicyStatement } from "../lambda/policies";

/** Options of a bucket's read and write grants. */
export interface BucketGrantOptions {
    /**
     * Which objects the grant covers: a key pattern under the bucket, e.g. `uploads/*`.
     * Default: "*": every object.
     * @default "*": every object
     */
    objectsKeyPattern?: string;
    /**
     * Changes to the grant's inline policy before it is registered, as a component's `transform` changes its
     * children (TypeScript only). Default: none.
     * Default: none.
     * @default none
     */
    transform?: Transform<aws.iam.RolePolicyArgs>;
}

/** What each bucket grant allows, exactly: objects only, no listing, no deletion, no bucket settings. */
export const BUCKET_GRANT_ACTIONS = {
    read: ["s3:GetObject"],
    write: ["s3:PutObject"],
} as const;

export type BucketGrant = keyof typeof BUCKET_GRANT_ACTIONS;

/** The statement of a bucket grant: its actions on the objects the key pattern matches, in this bucket only. */
export function bucketGrantStatement(
    grant: BucketGrant,
    bucketArn: string,
    objectsKeyPattern: string = "*",
): PolicyStatement {
    return {
        Effect: "Allow",
        Action: [...BUCKET_GRANT_ACTIONS[grant]],
        Resource: [`${bucketArn}/${objectsKeyPattern}`],
    };
}

/** The statement once the bucket's ARN is known; the key pattern is checked at the call. */
export function bucketGrantStatements(
    bucketName: string,
    grant: BucketGrant,
    bucketArn: pulumi.Input<string>,
    options: BucketGrantOptions = {},
): pulumi.Output<PolicyStatement>[] {
    const pattern = options.objectsKeyPattern ?? "*";
    if (typeof pattern !== "string" || pattern.length === 0 || pattern.startsWith("/"))
        throw new InvalidArgsError(`${grant} grant of "${bucketName}"`, [
            {
                argument: "objectsKeyPattern",
                problem: `got ${JSON.stringify(pattern)}`,
                fix: 'give a key pattern without a leading slash, e.g. "uploads/*", or leave it out for every object',
            },
        ]);
    return [pulumi.output(bucketArn).apply((arn) => bucketGrantStatement(grant, arn, pattern))];
}
