import * as fs from "fs";
import { ArgIssue } from "../errors";
import { FunctionArgs, checkFunctionArgs, checkPlacement } from "../lambda";
import { checkInteger, show } from "../validation";

export interface ContainerImage {
    /** The build context: a folder holding what the image copies (for our functions, the esbuild bundle). */
    context: string;
    /**
     * The Dockerfile.
     * Default: "<context>/Dockerfile".
     * @default "<context>/Dockerfile"
     */
    dockerfile?: string;
    /**
     * Build arguments.
     * Default: {}.
     * @default {}
     */
    args?: Record<string, string>;
    /**
     * The handler the image's `CMD` names, as `file.export` in `code`. Recorded with `code` on the component
     * (its `code` input), so that tools such as local mode can run the function without building the image.
     * Default: "index.handler".
     * @default "index.handler"
     */
    handler?: string;
    /**
     * The folder holding the handler's code as the image has it (for our functions, the bundle).
     * Default: context.
     * @default context
     */
    code?: string;
}

export interface ContainerFunctionArgs extends FunctionArgs {
    /** How to build the function's image; it is pushed to the function's own ECR repository. */
    image: ContainerImage;
    /**
     * How many images the repository keeps (older ones expire).
     * Default: 10.
     * @default 10
     */
    keepImages?: number;
    /**
     * Delete the repository with its images when the function is destroyed (pushed images are never deleted
     * otherwise, and ECR refuses to delete a repository that holds any).
     * Default: true when `removal` is "remove", else false.
     * @default true when `removal` is "remove", else false
     */
    forceDeleteImages?: boolean;
}

export const CONTAINER_DEFAULTS = { keepImages: 10 } as const;

/**
 * Checks a container function's arguments, including AWS's own rules: no layers on images (not an argument
 * TypeScript accepts, but a JavaScript or other-language caller may still pass one).
 */
export function checkContainerFunctionArgs(args: ContainerFunctionArgs): ArgIssue[] {
    const issues = [...checkFunctionArgs(args), ...checkPlacement(args.network)];
    if ((args as { layers?: unknown }).layers !== undefined) {
        issues.push({
            argument: "layers",
            problem: "is set, but Lambda does not support layers on container image functions",
            fix: "install those dependencies in the image instead (or use a LayerFunction)",
        });
    }
    if (args.keepImages !== undefined) issues.push(...checkInteger("keepImages", args.keepImages, 1, 1000));
    const context = args.image?.context;
    if (typeof context !== "string" || !fs.existsSync(context) || !fs.statSync(context).isDirectory()) {
        issues.push({
            argument: "image.context",
            problem: `${show(context)} is not a folder`,
            fix: "point it at the image's build context (build the function's bundle first)",
        });
    } else {
        const dockerfile = args.image.dockerfile ?? `${context}/Dockerfile`;
        if (!fs.existsSync(dockerfile))
            issues.push({
                argument: "image.dockerfile",
                problem: `${show(dockerfile)} does not exist`,
                fix: "point it at the image's Dockerfile",
            });
    }
    return issues;
}
