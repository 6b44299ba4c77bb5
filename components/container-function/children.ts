import * as dockerBuild from "@pulumi/docker-build";
import * as aws from "../aws";
import { FunctionChildArgs, FunctionNodes } from "../lambda/children";

/**
 * The arguments of each child of a {@link ContainerFunction}, by role: the keys of its `transform` option and of
 * its `nodes`. Each is named `<name>-<role>` as noted; the function's own are in {@link FunctionChildArgs}.
 */
export interface ContainerFunctionChildArgs extends FunctionChildArgs {
    /** The ECR repository, `<name>-repo`. */
    repo: aws.ecr.RepositoryArgs;
    /** The repository's lifecycle policy, `<name>-repo-lifecycle`. */
    repoLifecycle: aws.ecr.LifecyclePolicyArgs;
    /** The image, built and pushed, `<name>-image`. */
    image: dockerBuild.ImageArgs;
}

/** Every child of a {@link ContainerFunction}, by role (see {@link ContainerFunctionChildArgs}). */
export interface ContainerFunctionNodes extends FunctionNodes {
    /** The ECR repository. */
    repo: aws.ecr.Repository;
    /** The repository's lifecycle policy. */
    repoLifecycle: aws.ecr.LifecyclePolicy;
    /** The image, built and pushed. */
    image: dockerBuild.Image;
}
