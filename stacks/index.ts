/**
 * The Pulumi program (Pulumi.yaml's `main`): one environment per stack, shaped only by its config.
 * The config is validated before any resource is created.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseEnvironmentConfig } from "./config";
import { createEnvironment } from "./environment";

export = () => {
    const config = parseEnvironmentConfig(pulumi.runtime.allConfig(), pulumi.getProject(), pulumi.getStack());
    return createEnvironment(config);
};
