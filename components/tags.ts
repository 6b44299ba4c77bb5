import * as pulumi from "@pulumi/pulumi";

export type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/** The component's tags plus a `Name` tag, which the AWS console shows for VPC resources. */
export function tagsWithName(tags: Tags | undefined, name: string): pulumi.Output<Record<string, string>> {
    return pulumi.output(tags ?? {}).apply((t): Record<string, string> => ({ ...t, Name: name }));
}
