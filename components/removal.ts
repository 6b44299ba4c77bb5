import * as pulumi from "@pulumi/pulumi";
import { ArgIssue } from "./errors";
import { checkOneOf } from "./validation";

/**
 * What `pulumi destroy` (and the deletion half of a replacement) does to a component's stateful children:
 * its database, buckets, image repositories, queues and log groups.
 * - `retain`: they are protected (`protect`: a destroy, or a replacement, stops instead of deleting them) and
 *   kept (`retainOnDelete`): once someone deliberately unprotects them (`pulumi state unprotect`), a destroy
 *   leaves them in the account with their data, and the stack forgets them.
 * - `remove`: they are deleted with whatever they hold (images, objects, logs), so a destroy leaves nothing
 *   behind and does not fail on a non-empty repository or bucket.
 */
export const RemovalPolicy = {
    /** Protect stateful resources and keep them when they are deleted from the stack (prod). */
    retain: "retain",
    /** Delete stateful resources with their contents (dev). */
    remove: "remove",
} as const;
export type RemovalPolicy = (typeof RemovalPolicy)[keyof typeof RemovalPolicy];
export const REMOVAL_POLICIES: readonly RemovalPolicy[] = Object.values(RemovalPolicy);

/** Keep data unless told otherwise: a forgotten setting must never cost a production database. */
export const DEFAULT_REMOVAL: RemovalPolicy = "retain";

/** The options of a stateful child under a removal policy (`undefined` is the default, `retain`). */
export function statefulOptions<T extends pulumi.CustomResourceOptions>(
    removal: RemovalPolicy | undefined,
    opts: T,
): T & { protect: boolean; retainOnDelete: boolean } {
    const retain = (removal ?? DEFAULT_REMOVAL) === "retain";
    return { ...opts, protect: retain, retainOnDelete: retain };
}

/** Whether a destroy must delete contents too (non-empty repositories and buckets). */
export function removesContents(removal: RemovalPolicy | undefined): boolean {
    return (removal ?? DEFAULT_REMOVAL) === "remove";
}

export function checkRemoval(argument: string, value: unknown): ArgIssue[] {
    return value === undefined ? [] : checkOneOf(argument, value, REMOVAL_POLICIES);
}
