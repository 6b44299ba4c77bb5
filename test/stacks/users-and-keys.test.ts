import * as assert from "assert/strict";
import { Evaluation, RecordedResource } from "../../tools/offline/evaluate";
import { planChanges } from "../../tools/preview/diff";
import { replaceRuleTable } from "../../tools/preview/replace-rules";
import { evaluateStackOnce, ofType } from "../support/harness";

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const one = (e: Evaluation, type: string): RecordedResource => {
    const found = ofType(e, type);
    assert.equal(found.length, 1, `${type}: ${found.length}`);
    return found[0];
};
const method = (e: Evaluation, name: string) => e.resources.find((r) => r.name === name)!;

describe("Cognito users and API keys, in every stack (under mocks)", () => {
    for (const [stack, retained] of [
        ["dev", false],
        ["staging", true],
        ["prod", true],
    ] as const) {
        describe(stack, () => {
            let e: Evaluation;
            before(async () => {
                e = await evaluateStackOnce(stack);
            });

            it("creates a user pool per AWS's guidance, protected as the database is", () => {
                const pool = one(e, POOL);
                assert.deepEqual(pool.inputs.passwordPolicy, {
                    minimumLength: 12,
                    requireLowercase: true,
                    requireUppercase: true,
                    requireNumbers: true,
                    requireSymbols: true,
                    temporaryPasswordValidityDays: 3,
                });
                assert.equal(pool.inputs.mfaConfiguration, "OPTIONAL");
                assert.deepEqual(pool.inputs.softwareTokenMfaConfiguration, { enabled: true });
                assert.deepEqual(pool.inputs.accountRecoverySetting, {
                    recoveryMechanisms: [{ name: "verified_email", priority: 1 }],
                });
                assert.deepEqual(pool.inputs.adminCreateUserConfig, { allowAdminCreateUserOnly: true });
                assert.deepEqual(pool.inputs.usernameAttributes, ["email"]);
                assert.equal(pool.inputs.deletionProtection, retained ? "ACTIVE" : "INACTIVE");
                assert.equal(pool.options?.protect, retained);
                assert.equal(pool.options?.retainOnDelete, retained);
                assert.equal(e.resources.filter((r) => r.type.startsWith("aws:cognito/identityPool")).length, 0);
            });

            it("gives it a public app client (no secret) with short-lived, revocable tokens", () => {
                const client = one(e, CLIENT);
                assert.equal(client.inputs.userPoolId, one(e, POOL).id);
                assert.equal(client.inputs.generateSecret, false);
                assert.equal(client.inputs.preventUserExistenceErrors, "ENABLED");
                assert.equal(client.inputs.enableTokenRevocation, true);
                assert.deepEqual(
                    [
                        client.inputs.idTokenValidity,
                        client.inputs.accessTokenValidity,
                        client.inputs.refreshTokenValidity,
                    ],
                    [60, 60, 30],
                );
            });

            it("protects GET /accounts with the pool and GET /partner/accounts with the usage plan's key", () => {
                const authorizer = one(e, "aws:apigateway/authorizer:Authorizer");
                assert.deepEqual(authorizer.inputs.providerArns, [one(e, POOL).outputs.arn]);
                const cognito = method(e, `${stack}-api-get-accounts-method`);
                assert.equal(cognito.inputs.authorization, "COGNITO_USER_POOLS");
                assert.equal(cognito.inputs.authorizerId, authorizer.id);
                const keyed = method(e, `${stack}-api-get-partner-accounts-method`);
                assert.equal(keyed.inputs.apiKeyRequired, true);
                assert.equal(keyed.inputs.authorization, "NONE");
            });

            it("gives each key the notes' usage plan: 5000 requests a month, 100 a second", () => {
                const plan = one(e, "aws:apigateway/usagePlan:UsagePlan");
                assert.deepEqual(plan.inputs.quotaSettings, { limit: 5000, period: "MONTH" });
                assert.deepEqual(plan.inputs.throttleSettings, { rateLimit: 100, burstLimit: 200 });
            });

            it("hands out the key through a Secrets Manager secret: its ARN an output, its value none", () => {
                const key = one(e, "aws:apigateway/apiKey:ApiKey");
                const secret = one(e, "aws:secretsmanager/secret:Secret");
                const version = one(e, "aws:secretsmanager/secretVersion:SecretVersion");
                assert.equal(version.inputs.secretId, secret.id);
                assert.equal(version.inputs.secretString, key.outputs.value);
                assert.ok(version.secretInputs.includes("secretString"), "the copy is a Pulumi secret");
                assert.equal(secret.options?.protect, retained);
                assert.equal(secret.inputs.recoveryWindowInDays, retained ? 30 : 0);
                assert.equal(e.outputs.apiKeySecretArn, secret.outputs.arn);
                assert.equal(e.outputs.apiKeyId, key.id);
                assert.ok(
                    !JSON.stringify(e.outputs).includes(String(key.outputs.value)),
                    "the key's value is an output",
                );
                assert.equal(e.outputs.userPoolId, one(e, POOL).id);
                assert.equal(e.outputs.userPoolClientId, one(e, CLIENT).id);
                assert.equal(
                    e.outputs.userPoolIssuerUrl,
                    `https://cognito-idp.eu-west-1.amazonaws.com/${one(e, POOL).id}`,
                );
            });
        });
    }

    it("blocks a change that replaces the prod pool (losing its users), but not one that updates it", async () => {
        const prod = await evaluateStackOnce("prod");
        const edited = (edit: (inputs: Record<string, unknown>) => void): Evaluation => ({
            ...prod,
            resources: prod.resources.map((r) => {
                if (r.type !== POOL) return r;
                const inputs = structuredClone(r.inputs);
                edit(inputs);
                return { ...r, inputs };
            }),
        });
        const rules = replaceRuleTable();
        const replaced = planChanges(
            prod,
            edited((i) => (i.usernameAttributes = ["phone_number"])),
            rules,
        );
        assert.deepEqual(replaced.blocked, [{ name: "prod-users-pool", type: POOL, kind: "replace" }]);
        // The client's userPoolId would change with it: replaced too.
        assert.ok(replaced.changes.some((c) => c.type === CLIENT && c.kind === "replace"));
        const updated = planChanges(
            prod,
            edited((i) => (i.mfaConfiguration = "ON")),
            rules,
        );
        assert.deepEqual(updated.blocked, []);
        assert.deepEqual(
            updated.changes.map((c) => [c.name, c.kind]),
            [["prod-users-pool", "update"]],
        );
    });
});
