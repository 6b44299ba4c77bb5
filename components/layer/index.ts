import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { ArgIssue, throwIfInvalid } from "../errors";
import { ARCHITECTURES, Architecture } from "../lambda/args";
import { checkOneOf, show } from "../validation";
import { buildNodeLayer } from "./build";
import { componentType, withPreviousType } from "../component-type";
import { ComponentOptions, Roles, childFactory } from "../transform";

/** The arguments of the child of a `Layer`, by role: the keys of its `transform` option and its `nodes`. */
export interface LayerChildArgs {
    /** The layer version, `<name>-layer`. */
    layer: aws.lambda.LayerVersionArgs;
}

/** Every role of Layer's children (checked against LayerChildArgs). */
export const LAYER_ROLES: Roles<LayerChildArgs> = {
    layer: true,
};

/** The child of a `Layer`, by role (see `LayerChildArgs`). */
export interface LayerNodes {
    /** The layer version. */
    layer: aws.lambda.LayerVersion;
}

export * from "./build";

export const NodeRuntime = { nodejs20_x: "nodejs20.x", nodejs22_x: "nodejs22.x", nodejs24_x: "nodejs24.x" } as const;
export type NodeRuntime = (typeof NodeRuntime)[keyof typeof NodeRuntime];
export const NODE_RUNTIMES: readonly NodeRuntime[] = Object.values(NodeRuntime);

export interface LayerArgs {
    /** npm packages the layer provides under `nodejs/node_modules`, with exact versions: `{ sharp: "0.35.5" }`. */
    packages: Record<string, string>;
    /**
     * The architecture whose native binaries are installed (whatever machine runs `pulumi up`).
     * Default: "x86_64".
     * @default "x86_64"
     */
    architecture?: Architecture;
    /**
     * Runtimes the layer declares itself compatible with.
     * Default: ["nodejs22.x"].
     * @default ["nodejs22.x"]
     */
    compatibleRuntimes?: NodeRuntime[];
    /**
     * Where builds are cached, by their inputs.
     * Default: ".build/layers" in the working directory.
     * @default ".build/layers" in the working directory
     */
    cacheDir?: string;
}

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const EXACT_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export function checkLayerArgs(args: LayerArgs): ArgIssue[] {
    const issues: ArgIssue[] = [];
    const entries = Object.entries(args.packages ?? {});
    if (entries.length === 0)
        issues.push({ argument: "packages", problem: "is empty", fix: "list the npm packages the layer provides" });
    for (const [name, version] of entries) {
        if (!PACKAGE_NAME.test(name))
            issues.push({
                argument: `packages.${name}`,
                problem: "is not an npm package name",
                fix: 'use a package name such as "sharp"',
            });
        if (typeof version !== "string" || !EXACT_VERSION.test(version)) {
            issues.push({
                argument: `packages.${name}`,
                problem: `has version ${show(version)}`,
                fix: 'pin an exact version (e.g. "0.35.5"), so the layer\'s contents, and its hash, only change on purpose',
            });
        }
    }
    if (args.architecture !== undefined) issues.push(...checkOneOf("architecture", args.architecture, ARCHITECTURES));
    for (const runtime of args.compatibleRuntimes ?? [])
        issues.push(...checkOneOf("compatibleRuntimes", runtime, NODE_RUNTIMES));
    return issues;
}

/**
 * A Lambda layer of npm packages, installed for Linux on the layer's architecture and zipped reproducibly
 * (`nodejs/node_modules/...`, no symlinks). A new version is published only when the zip's contents change.
 */
export class Layer extends pulumi.ComponentResource {
    public readonly layerVersion: aws.lambda.LayerVersion;
    public readonly arn: pulumi.Output<string>;
    /** The packages the layer provides (for bundlers to leave out). */
    public readonly packages: string[];
    public readonly architecture: Architecture;
    /** Every child resource, typed, by role (the roles of the transform option). */
    public readonly nodes: LayerNodes;

    /**
     * @param opts Pulumi's options, and `transform`: changes to the layer version before it is registered
     * (see `LayerChildArgs`).
     */
    constructor(name: string, args: LayerArgs, opts?: ComponentOptions<LayerChildArgs>) {
        const { componentOpts, child, issues: transformIssues } = childFactory(opts, LAYER_ROLES);
        throwIfInvalid(`Layer "${name}"`, [...checkLayerArgs(args), ...transformIssues]);
        super(componentType("Layer"), name, {}, withPreviousType("paas:layer:Layer", componentOpts));
        this.packages = Object.keys(args.packages);
        this.architecture = args.architecture ?? "x86_64";
        const build = buildNodeLayer(
            args.packages,
            this.architecture,
            args.cacheDir ?? path.resolve(".build", "layers"),
        );
        this.layerVersion = new aws.lambda.LayerVersion(
            ...child(
                "layer",
                `${name}-layer`,
                {
                    layerName: name.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 140),
                    description: Object.entries(args.packages)
                        .map(([p, v]) => `${p}@${v}`)
                        .join(" "),
                    code: build.then((b) => new pulumi.asset.FileArchive(b.zipPath)),
                    sourceCodeHash: build.then((b) => b.sha256),
                    compatibleRuntimes: args.compatibleRuntimes ?? ["nodejs22.x"],
                    compatibleArchitectures: [this.architecture],
                },
                { parent: this },
            ),
        );
        this.nodes = { layer: this.layerVersion };
        this.arn = this.layerVersion.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
