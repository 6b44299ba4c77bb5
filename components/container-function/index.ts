import * as aws from "../aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { throwIfInvalid } from "../errors";
import { NAME_RULES, checkPhysicalNames } from "../naming";
import { FUNCTION_DEFAULTS, createFunctionAlarms, createFunctionFoundation } from "../lambda";
import { removesContents, statefulOptions } from "../removal";
import { tagsWithName } from "../tags";
import { withDefaults } from "../validation";
import { CONTAINER_DEFAULTS, ContainerFunctionArgs, checkContainerFunctionArgs } from "./args";
import { imageTag } from "./build-context";
import { keepNewestImagesPolicy } from "./policies";
import { componentType, withPreviousType } from "../component-type";
import { ComponentOptions, childFactory, forRoles } from "../transform";
import { FunctionChildArgs } from "../lambda/children";
import { CONTAINER_FUNCTION_ROLES, ContainerFunctionChildArgs, ContainerFunctionNodes } from "./children";
import { InvokeGrantOptions, grantInvoke } from "../grants";

export * from "./args";
export * from "./build-context";
export * from "./policies";
export * from "./children";

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
    /** Every child resource, typed, by role (the roles of the transform option). */
    public readonly nodes: ContainerFunctionNodes;
    /** The name the function was created with: it names the resources of grants to and from it. */
    public readonly name: string;
    /** The function's IAM role, by name: grants add inline policies to it. */
    public readonly roleName: pulumi.Output<string>;
    /**
     * The security groups the function runs with, as given to it (none outside a VPC): a database's
     * `grantConnect` opens its port to them.
     */
    public readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;

    /**
     * @param opts Pulumi's options, and `transform`: changes to any child before it is registered, by role
     * (see `ContainerFunctionChildArgs`).
     */
    constructor(name: string, args: ContainerFunctionArgs, opts?: ComponentOptions<ContainerFunctionChildArgs>) {
        // Validate before super(), so invalid arguments register nothing at all.
        const { componentOpts, child, issues: transformIssues } = childFactory(opts, CONTAINER_FUNCTION_ROLES);
        throwIfInvalid(`ContainerFunction "${name}"`, [
            ...checkContainerFunctionArgs(args),
            ...checkPhysicalNames(name, [NAME_RULES.lambdaFunction, NAME_RULES.iamRole, NAME_RULES.ecrRepository]),
            ...transformIssues,
        ]);
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
            withPreviousType("paas:container-function:ContainerFunction", componentOpts),
        );
        // One merge, so an argument given as undefined keeps its container default too.
        const resolved = withDefaults({ ...FUNCTION_DEFAULTS, ...CONTAINER_DEFAULTS }, args);
        const parent = { parent: this };
        this.timeout = resolved.timeout;

        const repository = new aws.ecr.Repository(
            ...child(
                "repo",
                `${name}-repo`,
                {
                    imageScanningConfiguration: { scanOnPush: true },
                    imageTagMutability: "IMMUTABLE",
                    encryptionConfigurations: [{ encryptionType: "AES256" }],
                    forceDelete: resolved.forceDeleteImages ?? removesContents(resolved.removal),
                    tags: tagsWithName(args.tags, `${name}-repo`),
                },
                statefulOptions(resolved.removal, parent),
            ),
        );
        const repoLifecycle = new aws.ecr.LifecyclePolicy(
            ...child(
                "repoLifecycle",
                `${name}-repo-lifecycle`,
                {
                    repository: repository.name,
                    policy: keepNewestImagesPolicy(resolved.keepImages),
                },
                parent,
            ),
        );

        const dockerfile = args.image.dockerfile ?? path.join(args.image.context, "Dockerfile");
        const platform = PLATFORMS[resolved.architecture];
        const tag = imageTag({ context: args.image.context, dockerfile, platform, args: args.image.args });
        const credentials = aws.ecr.getAuthorizationTokenOutput({ registryId: repository.registryId }, parent);
        // docker-build rather than @pulumi/docker: its provider reaches the Docker daemon only to build, and
        // with buildOnPreview off a preview needs no daemon at all (see README, "Day 2").
        const image = new dockerBuild.Image(
            ...child(
                "image",
                `${name}-image`,
                {
                    tags: [pulumi.interpolate`${repository.repositoryUrl}:${tag}`],
                    context: { location: args.image.context },
                    dockerfile: { location: dockerfile },
                    platforms: [platform],
                    buildArgs: args.image.args,
                    buildOnPreview: false,
                    push: true,
                    registries: [
                        {
                            address: repository.repositoryUrl,
                            username: credentials.userName,
                            password: pulumi.secret(credentials.password),
                        },
                    ],
                },
                // docker-build deletes the pushed manifest from the registry when the resource is deleted: kept
                // repositories keep their images.
                statefulOptions(resolved.removal, parent),
            ),
        );
        const imageUri = pulumi.interpolate`${repository.repositoryUrl}@${image.digest}`;

        const foundation = createFunctionFoundation(
            this,
            name,
            resolved,
            [],
            forRoles<FunctionChildArgs, ContainerFunctionChildArgs>(child),
        );
        this.name = name;
        this.roleName = foundation.role.name;
        this.securityGroupIds = foundation.securityGroupIds;
        this.function = new aws.lambda.Function(
            ...child(
                "function",
                `${name}-function`,
                {
                    ...foundation.functionArgs,
                    packageType: "Image",
                    imageUri,
                },
                { parent: this, dependsOn: foundation.dependencies },
            ),
        );
        const alarms = resolved.alarms
            ? createFunctionAlarms(
                  this,
                  name,
                  this.function.name,
                  resolved.alarms,
                  args.tags,
                  forRoles<FunctionChildArgs, ContainerFunctionChildArgs>(child),
              )
            : [];
        this.nodes = {
            repo: repository,
            repoLifecycle,
            image,
            role: foundation.role,
            policyAttachments: foundation.policyAttachments,
            policy: foundation.policy,
            logs: foundation.logGroup,
            function: this.function,
            sg: foundation.ownGroup?.securityGroup,
            httpsEgress: foundation.ownGroup?.httpsEgress,
            alarms,
        };

        this.functionName = this.function.name;
        this.arn = this.function.arn;
        this.invokeArn = this.function.invokeArn;
        this.roleArn = foundation.role.arn;
        this.repositoryUrl = repository.repositoryUrl;
        this.imageUri = imageUri;
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

    /**
     * Lets `principal` (a service such as `s3.amazonaws.com` or `events.amazonaws.com`) invoke the function
     * from `sourceArn` only: a `lambda.Permission` named `<name>-invoke-<id>`.
     */
    grantInvoke(principal: string, sourceArn: pulumi.Input<string>, options?: InvokeGrantOptions): pulumi.Resource {
        return grantInvoke(this, this.name, this.function.name, principal, sourceArn, options);
    }
}
