/**
 * The CrossGuard policy pack: `pulumi preview --policy-pack policy [--policy-pack-config policy/config/<stack>.json]`.
 * The rules live in ./rules, apart from this entry, so tests and the offline runner load them without
 * starting the pack's server.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, toPolicies } from "./pack";

new PolicyPack(PACK_NAME, {
    description:
        "Security and reliability rules for serverless AWS stacks (Security Hub FSBP, checkov, and AWS's own deploy-time rejections).",
    enforcementLevel: "mandatory",
    policies: toPolicies(),
});
