import * as aws from "../aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { throwIfInvalid } from "../errors";
import { FUNCTION_DEFAULTS, createFunctionAlarms, createFunctionFoundation } from "../lambda";
import { tagsWithName } from "../tags";
import { withDefaults } from "../validation";
import { CONTAINER_DEFAULTS, ContainerFunctionArgs, checkContainerFunctionArgs } from "./args";
import { hashBuildContext } from "./build-context";
import { keepNewestImagesPolicy } from "./policies";
import { componentType, withPreviousType } from "../component-type";

export * from "./args";
export * from "./build-context";
export * from "./policies";

const PLATFORMS = { x86_64: "linux/amd64", arm64: "linux/arm64" } as const;

/**
 * A Lambda function packaged as a container image: its own ECR repository (scan on push, immutable tags,
 * encrypted, old images expired), the image built for the function's architecture and pushed, and the
 * function pointing at it by digest, with one least-privilege role, a log group with retention, optional
 * VPC attachment, tracing, reserved concurrency and alarms.
 */
export class ContainerFunction extends pulumi.ComponentResource {
    public readonly function: aws.lambda.Function;
    public readonly functionName: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    /** For API Gateway integrations. */
    public readonly invokeArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;
    public readonly repositoryUrl: pulumi.Output<string>;
    /** The pushed image, `<repository>@sha256:...`: what the function runs. */
    public readonly imageUri: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    /** The timeout in seconds (known while the program runs, so an API can check it). */
    public readonly timeout: number;

    constructor(name: string, args: ContainerFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(), so invalid arguments register nothing at all.
        throwIfInvalid(`ContainerFunction "${name}"`, checkContainerFunctionArgs(args));
        // Where the image's code lives and its handler, as the component's input: relative to the program's
        // folder, so a preview on another machine shows no change.
        const code = {
            directory: path.relative(process.cwd(), args.image.code ?? args.image.context) || ".",
            handler: args.image.handler ?? "index.handler",
        };
        super(
            componentType("ContainerFunction"),
            name,
            { code },
            withPreviousType("paas:container-function:ContainerFunction", opts),
        );
        // One merge, so an argument given as undefined keeps its container default too.
        const resolved = withDefaults({ ...FUNCTION_DEFAULTS, ...CONTAINER_DEFAULTS }, args);
        const parent = { parent: this };
        this.timeout = resolved.timeout;

        const repository = new aws.ecr.Repository(
            `${name}-repo`,
            {
                imageScanningConfiguration: { scanOnPush: true },
                imageTagMutability: "IMMUTABLE",
                encryptionConfigurations: [{ encryptionType: "AES256" }],
                forceDelete: resolved.forceDeleteImages,
                tags: tagsWithName(args.tags, `${name}-repo`),
            },
            parent,
        );
        new aws.ecr.LifecyclePolicy(
            `${name}-repo-lifecycle`,
            {
                repository: repository.name,
                policy: keepNewestImagesPolicy(resolved.keepImages),
            },
            parent,
        );

        const dockerfile = args.image.dockerfile ?? path.join(args.image.context, "Dockerfile");
        const credentials = aws.ecr.getAuthorizationTokenOutput({ registryId: repository.registryId }, parent);
        const image = new docker.Image(
            `${name}-image`,
            {
                imageName: pulumi.interpolate`${repository.repositoryUrl}:${hashBuildContext(args.image.context, dockerfile)}`,
                build: {
                    context: args.image.context,
                    dockerfile,
                    platform: PLATFORMS[resolved.architecture],
                    args: args.image.args,
                },
                registry: {
                    server: repository.repositoryUrl,
                    username: credentials.userName,
                    password: pulumi.secret(credentials.password),
                },
            },
            parent,
        );

        const foundation = createFunctionFoundation(this, name, resolved);
        this.function = new aws.lambda.Function(
            `${name}-function`,
            {
                ...foundation.functionArgs,
                packageType: "Image",
                imageUri: image.repoDigest,
            },
            { parent: this, dependsOn: foundation.dependencies },
        );
        if (resolved.alarms) createFunctionAlarms(this, name, this.function.name, resolved.alarms, args.tags);

        this.functionName = this.function.name;
        this.arn = this.function.arn;
        this.invokeArn = this.function.invokeArn;
        this.roleArn = foundation.role.arn;
        this.repositoryUrl = repository.repositoryUrl;
        this.imageUri = image.repoDigest;
        this.logGroupName = foundation.logGroup.name;
        this.registerOutputs({
            functionName: this.functionName,
            arn: this.arn,
            invokeArn: this.invokeArn,
            roleArn: this.roleArn,
            repositoryUrl: this.repositoryUrl,
            imageUri: this.imageUri,
            logGroupName: this.logGroupName,
        });
    }
}
