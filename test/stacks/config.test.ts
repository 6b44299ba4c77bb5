import * as assert from "assert/strict";
import { InvalidArgsError } from "../../components/errors";
import { parseEnvironmentConfig } from "../../stacks/config";

/** A minimal valid stack config, as the runtime holds it (flat, structured values as JSON). */
function config(values: Record<string, unknown>): Record<string, string> {
    // Alarms are on by default, so somebody must be told.
    const flat: Record<string, string> = {
        "aws:region": "eu-west-1",
        "paas:functions": JSON.stringify({ alarmEmails: ["oncall@example.com"] }),
    };
    for (const [key, value] of Object.entries(values)) {
        if (value === undefined) delete flat[key];
        else flat[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return flat;
}

function parseError(values: Record<string, unknown>): InvalidArgsError {
    try {
        parseEnvironmentConfig(config(values), "paas", "dev");
    } catch (e) {
        assert.ok(e instanceof InvalidArgsError);
        return e;
    }
    assert.fail("expected the config to be rejected");
}

describe("stack config", () => {
    it("applies defaults and adds the Environment and Project tags", () => {
        const parsed = parseEnvironmentConfig(config({ "paas:tags": { CostCenter: "42" } }), "paas", "qa");
        assert.deepEqual(parsed.tags, { CostCenter: "42", Environment: "qa", Project: "paas" });
        assert.equal(parsed.logRetentionInDays, 30);
        assert.deepEqual(parsed.network, { source: "create", args: { flowLogs: { retentionInDays: 30 } } });
        assert.deepEqual(parsed.database, {});
        assert.deepEqual(parsed.functions, { alarms: true, alarmEmails: ["oncall@example.com"] });
    });

    it("gives flow logs the environment's retention unless they set their own", () => {
        const parsed = parseEnvironmentConfig(
            config({
                "paas:logRetentionInDays": "14",
                "paas:network": { flowLogs: { retentionInDays: 90 } },
            }),
            "paas",
            "dev",
        );
        assert.equal(parsed.logRetentionInDays, 14);
        assert.deepEqual(parsed.network, { source: "create", args: { flowLogs: { retentionInDays: 90 } } });
    });

    it("rejects a nested key set flat, telling to set it with --path", () => {
        const error = parseError({ "paas:network.azCount": "3", "paas:networks": {} });
        assert.deepEqual(
            error.issues.map((i) => i.argument),
            ["paas:network.azCount", "paas:networks"],
        );
        assert.match(
            error.message,
            /paas:network\.azCount: is a flat key with a dot in its name, not azCount inside paas:network/,
        );
        assert.match(error.message, /pulumi config set --path 'paas:network\.azCount' <value>/);
        assert.match(error.message, /paas:networks: is not a setting of this program/);
    });

    it("takes the network from another stack", () => {
        const parsed = parseEnvironmentConfig(config({ "paas:networkFromStack": "acme/network/prod" }), "paas", "dev");
        assert.deepEqual(parsed.network, { source: "stack", stackName: "acme/network/prod" });
    });

    // Every rejected value: the config, the key the error must name, and the expected form it must state.
    const rejected: [string, Record<string, unknown>, string, RegExp][] = [
        [
            "a malformed VPC CIDR",
            { "paas:network": { cidrBlock: "10.0.0/16" } },
            "paas:network.cidrBlock",
            /IPv4 CIDR block such as "10\.0\.0\.0\/16"/,
        ],
        [
            "a VPC CIDR with host bits",
            { "paas:network": { cidrBlock: "10.0.0.1/16" } },
            "paas:network.cidrBlock",
            /did you mean 10\.0\.0\.0\/16/,
        ],
        [
            "a VPC CIDR of the wrong size",
            { "paas:network": { cidrBlock: "10.0.0.0/12" } },
            "paas:network.cidrBlock",
            /from 16 to 28/,
        ],
        [
            "overlapping subnet CIDRs",
            {
                "paas:network": {
                    subnetCidrs: {
                        private: ["10.0.0.0/24", "10.0.0.0/25"],
                        public: ["10.0.2.0/24", "10.0.3.0/24"],
                        isolated: ["10.0.4.0/24", "10.0.5.0/24"],
                    },
                },
            },
            "paas:network.subnetCidrs",
            /overlaps/,
        ],
        [
            "an AZ count under 2",
            { "paas:network": { azCount: 1 } },
            "paas:network.azCount",
            /at least two AZs.*from 2 to 6/,
        ],
        ["an AZ count given as text", { "paas:network": { azCount: "three" } }, "paas:network.azCount", /got "three"/],
        [
            "an unknown NAT strategy",
            { "paas:network": { natStrategy: "gateway" } },
            "paas:network.natStrategy",
            /one of "none", "single", "perAz"/,
        ],
        [
            "an unknown network setting",
            { "paas:network": { natStategy: "none" } },
            "paas:network.natStategy",
            /not a known setting.*natStrategy/,
        ],
        [
            "a network that is not an object",
            { "paas:network": "10.0.0.0/16" },
            "paas:network",
            /an object of Network settings/,
        ],
        [
            "an unknown instance class",
            { "paas:database": { instanceClass: "db.t4g.mega" } },
            "paas:database.instanceClass",
            /"db\.t4g\.micro"/,
        ],
        [
            "an unsupported engine",
            { "paas:database": { engineVersion: "5.7" } },
            "paas:database.engineVersion",
            /8\.0, 8\.4/,
        ],
        [
            "backups turned off",
            { "paas:database": { backupRetentionDays: 0 } },
            "paas:database.backupRetentionDays",
            /from 1 to 35/,
        ],
        [
            "an unknown database setting",
            { "paas:database": { password: "hunter2" } },
            "paas:database.password",
            /not a known setting/,
        ],
        [
            "a log retention CloudWatch refuses",
            { "paas:logRetentionInDays": "45" },
            "paas:logRetentionInDays",
            /1, 3, 5, 7, 14, 30, 60/,
        ],
        [
            "a flow log retention CloudWatch refuses",
            { "paas:network": { flowLogs: { retentionInDays: 2 } } },
            "paas:network.flowLogs.retentionInDays",
            /1, 3, 5/,
        ],
        [
            "an unknown top-level key",
            { "paas:vpc": { cidrBlock: "10.0.0.0/16" } },
            "paas:vpc",
            /paas:network, paas:networkFromStack/,
        ],
        [
            "a malformed stack reference",
            { "paas:networkFromStack": "prod" },
            "paas:networkFromStack",
            /"<org>\/<project>\/<stack>"/,
        ],
        [
            "a network and a stack reference together",
            { "paas:networkFromStack": "acme/net/prod", "paas:network": { azCount: 2 } },
            "paas:network",
            /set one of the two/,
        ],
        ["a reserved tag", { "paas:tags": { Environment: "prod" } }, "paas:tags.Environment", /set by the program/],
        [
            "a tag in AWS's namespace",
            { "paas:tags": { "aws:owner": "me" } },
            "paas:tags.aws:owner",
            /not starting with aws:/,
        ],
        ["tags that are not an object", { "paas:tags": "team=platform" }, "paas:tags", /an object of extra tags/],
        ["no region", { "aws:region": undefined }, "aws:region", /pulumi config set aws:region/],
        [
            "an unknown function architecture",
            { "paas:functions": { architecture: "arm" } },
            "paas:functions.architecture",
            /"x86_64", "arm64"/,
        ],
        [
            "too little function memory",
            { "paas:functions": { memorySize: 100 } },
            "paas:functions.memorySize",
            /from 128 to 10240/,
        ],
        [
            "a non-boolean alarms switch",
            { "paas:functions": { alarms: "yes" } },
            "paas:functions.alarms",
            /true or false/,
        ],
        [
            "a malformed alarm email",
            { "paas:functions": { alarmEmails: ["ops"] } },
            "paas:functions.alarmEmails",
            /email addresses/,
        ],
        [
            "alarm emails without alarms",
            { "paas:functions": { alarms: false, alarmEmails: ["ops@example.com"] } },
            "paas:functions.alarmEmails",
            /alarms are off/,
        ],
        [
            "alarms that reach nobody (prod without a destination)",
            { "paas:functions": { alarms: true } },
            "paas:functions.alarmEmails",
            /notify nobody/,
        ],
        [
            "an alarm topic that is not an SNS topic ARN",
            { "paas:functions": { alarmTopicArn: "alerts" } },
            "paas:functions.alarmTopicArn",
            /SNS topic/,
        ],
        ["an unknown API auth", { "paas:api": { auth: "iam" } }, "paas:api.auth", /"none", "apiKey", "cognito"/],
        [
            "a user pool of the stack's own and pools made elsewhere",
            { "paas:users": { mfa: "ON" }, "paas:api": { cognitoUserPoolArns: ["arn:aws:cognito-idp:x"] } },
            "paas:users",
            /set one of the two/,
        ],
        ["MFA switched off", { "paas:users": { mfa: "OFF" } }, "paas:users.mfa", /"OPTIONAL", "ON"/],
        [
            "a short password policy",
            { "paas:users": { passwordMinimumLength: 6 } },
            "paas:users.passwordMinimumLength",
            /from 8 to 99/,
        ],
        [
            "a quota period API Gateway does not have",
            { "paas:api": { usagePlan: { quotaPeriod: "YEAR" } } },
            "paas:api.usagePlan.quotaPeriod",
            /"DAY", "WEEK", "MONTH"/,
        ],
        [
            "an unknown usage plan setting",
            { "paas:api": { usagePlan: { quota: 5000 } } },
            "paas:api.usagePlan.quota",
            /quotaLimit, quotaPeriod/,
        ],
        [
            "a stage name with a slash",
            { "paas:api": { stageName: "v1/dev" } },
            "paas:api.stageName",
            /1 to 128 letters/,
        ],
        [
            "an API throttle of 0",
            { "paas:api": { throttlingRateLimit: 0 } },
            "paas:api.throttlingRateLimit",
            /from 1 to 10000/,
        ],
        [
            "an unknown function setting",
            { "paas:functions": { timeout: 30 } },
            "paas:functions.timeout",
            /not a known setting/,
        ],
    ];
    for (const [label, values, key, form] of rejected) {
        it(`rejects ${label}, naming ${key}`, () => {
            const error = parseError(values);
            const line = error.message.split("\n").find((l) => l.startsWith(`  - ${key}: `));
            assert.ok(line, `no line for ${key} in:\n${error.message}`);
            assert.match(line, form);
            assert.match(line, /Fix: /);
            assert.match(error.message, /^Stack config "dev" \(Pulumi\.dev\.yaml\): /);
        });
    }

    it("reports each problem once", () => {
        assert.deepEqual(
            parseError({ "paas:api": { auth: "iam" } }).issues.map((i) => i.argument),
            ["paas:api.auth"],
        );
    });

    it("reports every problem at once", () => {
        const error = parseError({
            "paas:network": { azCount: 1, natStrategy: "x" },
            "paas:database": { instanceClass: "x" },
            "paas:logRetentionInDays": "2",
        });
        assert.deepEqual(error.issues.map((i) => i.argument).sort(), [
            "paas:database.instanceClass",
            "paas:logRetentionInDays",
            "paas:network.azCount",
            "paas:network.natStrategy",
        ]);
    });
});
