import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../lambda/policies";
import { ChildFactory } from "../transform";
import { LayerFunctionChildArgs } from "./children";

/**
 * The function's own grant on its dead-letter queue (`sqs:SendMessage` on that queue only), as a policy of its
 * own: the `<name>-policy` document holds only what the caller asks for, so a stack that moves its statements to
 * grants stops registering that policy, and Pulumi deletes it only after the grants that replace it exist.
 */
export function dlqSendPolicy(
    parent: pulumi.Resource,
    name: string,
    role: aws.iam.Role,
    dlq: aws.sqs.Queue,
    child: ChildFactory<Pick<LayerFunctionChildArgs, "dlqSend">>,
): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(
        ...child(
            "dlqSend",
            `${name}-dlq-send`,
            {
                role: role.id,
                policy: dlq.arn.apply((arn) =>
                    policyDocument([{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [arn] }]),
                ),
            },
            { parent },
        ),
    );
}
