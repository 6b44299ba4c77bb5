import * as assert from "assert/strict";
import { UserPool, UserPoolArgs } from "../../components/user-pool";
import { evaluateInvalid, evaluateProgram, named } from "../support/harness";

const evaluatePool = (args: UserPoolArgs) =>
    evaluateProgram(() => {
        const users = new UserPool("users", args);
        return { clientId: users.clientId, issuerUrl: users.issuerUrl };
    });

describe("UserPool", () => {
    it("puts threat protection on the Plus plan only when asked, and requires MFA when told", async () => {
        const off = named(await evaluatePool({}), "users-pool").inputs;
        assert.deepEqual(
            [off.userPoolTier, off.userPoolAddOns, off.mfaConfiguration],
            ["ESSENTIALS", undefined, "OPTIONAL"],
        );
        const on = await evaluatePool({ threatProtection: "ENFORCED", mfa: "ON", idTokenValidityMinutes: 15 });
        const pool = named(on, "users-pool");
        assert.deepEqual(
            [pool.inputs.userPoolTier, pool.inputs.userPoolAddOns, pool.inputs.mfaConfiguration],
            ["PLUS", { advancedSecurityMode: "ENFORCED" }, "ON"],
        );
        assert.equal(named(on, "users-client").inputs.idTokenValidity, 15);
        assert.equal(on.outputs.issuerUrl, `https://cognito-idp.eu-west-1.amazonaws.com/${pool.id}`);
        // The default removal keeps the pool: protected, kept, and deletion protection on at AWS.
        assert.deepEqual(
            [pool.options?.protect, pool.options?.retainOnDelete, pool.inputs.deletionProtection],
            [true, true, "ACTIVE"],
        );
    });

    it("rejects weak or unknown settings before registering anything", async () => {
        const { error, resources } = await evaluateInvalid(
            () => new UserPool("users", { passwordMinimumLength: 6, mfa: "OFF" as never, idTokenValidityMinutes: 2 }),
        );
        assert.deepEqual(
            error.issues.map((i) => i.argument),
            ["passwordMinimumLength", "mfa", "idTokenValidityMinutes"],
        );
        assert.match(error.message, /^UserPool "users": 3 invalid arguments/);
        assert.equal(resources.filter((r) => r.type.startsWith("aws:")).length, 0);
    });
});
