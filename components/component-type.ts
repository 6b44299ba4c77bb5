import * as pulumi from "@pulumi/pulumi";

/** The package's name, which Pulumi's component provider makes the first part of every component's type token. */
export const PACKAGE_NAME = "pulumi-aws-paas";

/** A component's type token, `pulumi-aws-paas:index:<Class>`: the token other Pulumi languages construct it by. */
export function componentType(className: string): string {
    return `${PACKAGE_NAME}:index:${className}`;
}

/**
 * A component's options with an alias from the type it had before 0.2 (`paas:<folder>:<Class>`), so stacks made
 * then keep their component and, through it, every child (children inherit their parent's aliases).
 */
export function withPreviousType(
    previousType: string,
    opts: pulumi.ComponentResourceOptions | undefined,
): pulumi.ComponentResourceOptions {
    return { ...opts, aliases: [...(opts?.aliases ?? []), { type: previousType }] };
}
