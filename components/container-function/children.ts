import * as dockerBuild from "@pulumi/docker-build";
import * as aws from "../aws";
import { FUNCTION_ROLES, FunctionChildArgs, FunctionNodes } from "../lambda/children";
import { Roles } from "../transform";

/**
 * The arguments of each child of a `ContainerFunction`, by role: the keys of its `transform` option and of
 * its `nodes`. Each is named `<name>-<role>` as noted; the function's own are in `FunctionChildArgs`.
 */
export interface ContainerFunctionChildArgs extends FunctionChildArgs {
    /** The ECR repository, `<name>-repo`. */
    repo: aws.ecr.RepositoryArgs;
    /** The repository's lifecycle policy, `<name>-repo-lifecycle`. */
    repoLifecycle: aws.ecr.LifecyclePolicyArgs;
    /** The image, built and pushed, `<name>-image`. */
    image: dockerBuild.ImageArgs;
}

/** Every role of ContainerFunction's children (checked against ContainerFunctionChildArgs). */
export const CONTAINER_FUNCTION_ROLES: Roles<ContainerFunctionChildArgs> = {
    ...FUNCTION_ROLES,
    repo: true,
    repoLifecycle: true,
    image: true,
};

/** Every child of a `ContainerFunction`, by role (see `ContainerFunctionChildArgs`). */
export interface ContainerFunctionNodes extends FunctionNodes {
    /** The ECR repository. */
    repo: aws.ecr.Repository;
    /** The repository's lifecycle policy. */
    repoLifecycle: aws.ecr.LifecyclePolicy;
    /** The image, built and pushed. */
    image: dockerBuild.Image;
}
