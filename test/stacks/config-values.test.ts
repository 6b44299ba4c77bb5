/**
 * Stack config: the values at each limit, the defaults of each section, and what a parsed environment
 * holds (test/stacks/config.test.ts has one case per rejected key).
 */
import * as assert from "assert/strict";
import { InvalidArgsError } from "../../components/errors";
import { EnvironmentConfig, parseEnvironmentConfig } from "../../stacks/config";

const ONCALL = "oncall@example.com";

/** The runtime's flat form of a stack config: `namespace:key` to a string, objects as JSON. */
function flat(values: Record<string, unknown>): Record<string, string> {
    // Alarms are on by default, so somebody must be told.
    const raw: Record<string, string> = {
        "aws:region": "eu-west-1",
        "paas:functions": JSON.stringify({ alarmEmails: [ONCALL] }),
    };
    for (const [key, value] of Object.entries(values))
        raw[key] = typeof value === "string" ? value : JSON.stringify(value);
    return raw;
}
const parse = (values: Record<string, unknown>): EnvironmentConfig =>
    parseEnvironmentConfig(flat(values), "paas", "qa");

/** The config keys a config is rejected for (none: it is accepted). */
function rejectedKeys(values: Record<string, unknown>): string[] {
    try {
        parse(values);
        return [];
    } catch (error) {
        assert.ok(error instanceof InvalidArgsError, String(error));
        return error.issues.map((i) => i.argument);
    }
}

describe("stack config values", () => {
    it("gives every section its defaults", () => {
        const parsed = parse({});
        assert.equal(parsed.project, "paas");
        assert.equal(parsed.stack, "qa");
        assert.deepEqual(parsed.functions, { alarms: true, alarmEmails: [ONCALL] });
        assert.deepEqual(parsed.api, {
            stageName: "qa",
            manageAccountLoggingRole: false,
            auth: "none",
            // The notes' plan: 5,000 requests a month, 100 a second.
            usagePlan: { quotaLimit: 5000, quotaPeriod: "MONTH", throttlingRateLimit: 100, throttlingBurstLimit: 200 },
        });
        assert.deepEqual(parsed.users, {});
        assert.deepEqual(parsed.thumbnails, { maxDimension: 1024, pointInTimeRecovery: true });
        assert.deepEqual(parsed.tags, { Environment: "qa", Project: "paas" });
    });

    it("keeps what a stack sets", () => {
        const parsed = parse({
            "paas:functions": { alarms: false, memorySize: 1024, architecture: "arm64" },
            "paas:api": {
                stageName: "v1",
                manageAccountLoggingRole: false,
                auth: "cognito",
                cognitoUserPoolArns: ["arn:pool"],
                usagePlan: { quotaLimit: 100, quotaPeriod: "DAY" },
            },
            "paas:thumbnails": { maxDimension: 512, expireAfterDays: 30 },
            "paas:network": { flowLogs: false },
        });
        assert.deepEqual(parsed.functions, { alarms: false, memorySize: 1024, architecture: "arm64" });
        assert.deepEqual(parsed.api, {
            stageName: "v1",
            manageAccountLoggingRole: false,
            auth: "cognito",
            cognitoUserPoolArns: ["arn:pool"],
            // The rest of the plan keeps the environment's defaults.
            usagePlan: { quotaLimit: 100, quotaPeriod: "DAY", throttlingRateLimit: 100, throttlingBurstLimit: 200 },
        });
        assert.deepEqual(parsed.thumbnails, { maxDimension: 512, expireAfterDays: 30, pointInTimeRecovery: true });
        assert.deepEqual(parsed.network, { source: "create", args: { flowLogs: { enabled: false } } });
    });

    it("gives flow logs switched on the environment's retention", () => {
        const parsed = parse({ "paas:network": { flowLogs: true }, "paas:logRetentionInDays": 60 });
        assert.deepEqual(parsed.network, { source: "create", args: { flowLogs: { retentionInDays: 60 } } });
    });

    it("passes the alarm emails on, and only when set", () => {
        const parsed = parse({ "paas:functions": { alarmEmails: ["ops+paas@example.co.uk"] } });
        assert.deepEqual(parsed.functions, { alarms: true, alarmEmails: ["ops+paas@example.co.uk"] });
        assert.ok(!("alarmEmails" in parse({ "paas:functions": { alarms: false } }).functions));
    });

    it("ignores other namespaces' keys (the provider's, other programs')", () => {
        assert.deepEqual(rejectedKeys({ "aws:profile": "dev", "other:network": "x", "paasx:y": 1 }), []);
    });

    // Each value, and the keys it must be rejected for ([]: accepted).
    const limits: [string, Record<string, unknown>, string[]][] = [
        ["a tag key of 128 characters", { "paas:tags": { ["k".repeat(128)]: "v" } }, []],
        ["a tag key of 129 characters", { "paas:tags": { ["k".repeat(129)]: "v" } }, [`paas:tags.${"k".repeat(129)}`]],
        ["a tag value of 256 characters", { "paas:tags": { k: "v".repeat(256) } }, []],
        ["a tag value of 257 characters", { "paas:tags": { k: "v".repeat(257) } }, ["paas:tags.k"]],
        ["a tag value that is not a string", { "paas:tags": { k: 1 } }, ["paas:tags.k"]],
        ["a tag in AWS's namespace, in capitals", { "paas:tags": { "AWS:owner": "me" } }, ["paas:tags.AWS:owner"]],
        ["the Project tag", { "paas:tags": { Project: "x" } }, ["paas:tags.Project"]],
        ["tags as a list", { "paas:tags": ["a"] }, ["paas:tags"]],
        ["a database as a list", { "paas:database": [{ multiAz: true }] }, ["paas:database"]],
        ["a database set to null, as unset", { "paas:database": null }, []],
        ["a stack name of four parts", { "paas:networkFromStack": "a/b/c/d" }, ["paas:networkFromStack"]],
        ["a stack name with a space", { "paas:networkFromStack": "a/b c/d" }, ["paas:networkFromStack"]],
        ["a stack name that is a number", { "paas:networkFromStack": 5 }, ["paas:networkFromStack"]],
        ["a stack name in a list", { "paas:networkFromStack": ["acme/net/prod"] }, ["paas:networkFromStack"]],
        ["a stack name with dots, dashes, underscores", { "paas:networkFromStack": "my-org/net_1/prod.eu" }, []],
        [
            "an email with a space",
            { "paas:functions": { alarmEmails: ["o ps@example.com"] } },
            ["paas:functions.alarmEmails"],
        ],
        [
            "an email without a domain dot",
            { "paas:functions": { alarmEmails: ["ops@example"] } },
            ["paas:functions.alarmEmails"],
        ],
        [
            "an email with two @",
            { "paas:functions": { alarmEmails: ["a@b@example.com"] } },
            ["paas:functions.alarmEmails"],
        ],
        ["an email that is not text", { "paas:functions": { alarmEmails: [42] } }, ["paas:functions.alarmEmails"]],
        [
            "an email in a list of its own",
            { "paas:functions": { alarmEmails: [["ops@example.com"]] } },
            ["paas:functions.alarmEmails"],
        ],
        [
            "an email and more",
            { "paas:functions": { alarmEmails: ["ops@example.com x"] } },
            ["paas:functions.alarmEmails"],
        ],
        ["an email with alarms on", { "paas:functions": { alarms: true, alarmEmails: ["ops@example.com"] } }, []],
        [
            "alarms that are not true or false",
            { "paas:functions": { alarms: 1, alarmEmails: [ONCALL] } },
            ["paas:functions.alarms"],
        ],
        ["a thumbnail of 16 pixels", { "paas:thumbnails": { maxDimension: 16 } }, []],
        ["a thumbnail of 8192 pixels", { "paas:thumbnails": { maxDimension: 8192 } }, []],
        ["a thumbnail of 15 pixels", { "paas:thumbnails": { maxDimension: 15 } }, ["paas:thumbnails.maxDimension"]],
        ["a thumbnail of 8193 pixels", { "paas:thumbnails": { maxDimension: 8193 } }, ["paas:thumbnails.maxDimension"]],
        ["records without backups", { "paas:thumbnails": { pointInTimeRecovery: false } }, []],
        [
            "backups as a string",
            { "paas:thumbnails": { pointInTimeRecovery: "yes" } },
            ["paas:thumbnails.pointInTimeRecovery"],
        ],
        ["thumbnails kept a day", { "paas:thumbnails": { expireAfterDays: 1 } }, []],
        ["thumbnails kept 100 years", { "paas:thumbnails": { expireAfterDays: 36500 } }, []],
        ["thumbnails kept 0 days", { "paas:thumbnails": { expireAfterDays: 0 } }, ["paas:thumbnails.expireAfterDays"]],
        [
            "thumbnails kept 36501 days",
            { "paas:thumbnails": { expireAfterDays: 36501 } },
            ["paas:thumbnails.expireAfterDays"],
        ],
        ["an unknown thumbnails setting", { "paas:thumbnails": { width: 5 } }, ["paas:thumbnails.width"]],
        ["an unknown API setting", { "paas:api": { stage: "v1" } }, ["paas:api.stage"]],
        ["an API burst of 0", { "paas:api": { throttlingBurstLimit: 0 } }, ["paas:api.throttlingBurstLimit"]],
        ["Cognito auth with user pools", { "paas:api": { auth: "cognito", cognitoUserPoolArns: ["arn:p"] } }, []],
        [
            "a function timeout (set per function)",
            { "paas:functions": { timeout: 5, alarmEmails: [ONCALL] } },
            ["paas:functions.timeout"],
        ],
    ];
    for (const [label, values, keys] of limits) {
        it(`${keys.length === 0 ? "accepts" : "rejects"} ${label}`, () => {
            assert.deepEqual(rejectedKeys(values), keys);
        });
    }

    it("accepts every setting a section lists", () => {
        const parsed = parse({
            "paas:network": {
                cidrBlock: "10.1.0.0/16",
                azCount: 2,
                availabilityZones: ["eu-west-1a", "eu-west-1b"],
                natStrategy: "single",
                interfaceEndpoints: ["logs"],
                flowLogs: { retentionInDays: 7 },
                subnetCidrs: {
                    private: ["10.1.0.0/24", "10.1.1.0/24"],
                    public: ["10.1.2.0/24", "10.1.3.0/24"],
                    isolated: ["10.1.4.0/24", "10.1.5.0/24"],
                },
            },
            "paas:database": {
                engineVersion: "8.0",
                instanceClass: "db.t4g.small",
                allocatedStorage: 30,
                maxAllocatedStorage: 60,
                databaseName: "app",
                username: "app_admin",
                multiAz: true,
                deletionProtection: false,
                backupRetentionDays: 3,
                finalSnapshot: false,
                logExports: ["error"],
                applyImmediately: true,
            },
            "paas:functions": {
                architecture: "arm64",
                memorySize: 256,
                tracing: true,
                reservedConcurrency: 5,
                alarms: true,
                alarmEmails: ["ops@example.com"],
            },
            "paas:api": { throttlingRateLimit: 5, throttlingBurstLimit: 10, loggingLevel: "INFO", tracing: true },
        });
        assert.equal(parsed.database.username, "app_admin");
        assert.deepEqual(parsed.functions, {
            architecture: "arm64",
            memorySize: 256,
            tracing: true,
            reservedConcurrency: 5,
            alarms: true,
            alarmEmails: ["ops@example.com"],
        });
    });

    /** The issues of a rejected config, as InvalidArgsError prints them. */
    function fixes(values: Record<string, unknown>): string[] {
        try {
            parse(values);
        } catch (error) {
            assert.ok(error instanceof InvalidArgsError);
            return error.issues.map((i) => `${i.argument}: ${i.problem}. Fix: ${i.fix}`);
        }
        return [];
    }

    it("says what is wrong with each top-level value and what to do", () => {
        const raw = flat({ "paas:vpc": 1 });
        delete raw["aws:region"];
        assert.throws(() => parseEnvironmentConfig(raw, "paas", "qa"), {
            message:
                'Stack config "qa" (Pulumi.qa.yaml): 2 invalid arguments:\n' +
                "  - paas:vpc: is not a setting of this program. Fix: use one of paas:network, paas:networkFromStack, " +
                "paas:database, paas:functions, paas:api, paas:users, paas:thumbnails, paas:monitoring, paas:logRetentionInDays, paas:removal, " +
                "paas:demoData, paas:tags.\n" +
                "  - aws:region: is not set. Fix: set it in Pulumi.<stack>.yaml, e.g. `pulumi config set aws:region eu-west-1`.",
        });
        assert.deepEqual(fixes({ "paas:tags": { Environment: "x", "aws:x": 5 } }), [
            "paas:tags.Environment: is set by the program from the project and stack names. Fix: remove it",
            "paas:tags.aws:x: got 5. Fix: use a key of 1 to 128 characters not starting with aws: and a string value of up to 256",
        ]);
        assert.deepEqual(fixes({ "paas:networkFromStack": "prod", "paas:network": {} }), [
            'paas:networkFromStack: got "prod". Fix: use a fully-qualified stack name, "<org>/<project>/<stack>", ' +
                "whose outputs include the network",
            "paas:network: is set together with paas:networkFromStack. Fix: set one of the two",
        ]);
        assert.deepEqual(fixes({ "paas:functions": { alarms: "no", alarmEmails: ["ops"] } }), [
            'paas:functions.alarms: got "no". Fix: use true or false',
            'paas:functions.alarmEmails: got ["ops"]. Fix: list email addresses',
        ]);
        assert.deepEqual(fixes({ "paas:functions": { alarms: false, alarmEmails: ["ops@example.com"] } }), [
            "paas:functions.alarmEmails: is set but alarms are off. Fix: turn alarms on or drop it",
        ]);
    });

    it("states the expected form of a section that is not an object", () => {
        const sections = fixes({ "paas:functions": 1, "paas:api": "v1" }).filter((l) => /^paas:[a-z]+: /i.test(l));
        assert.deepEqual(sections, [
            "paas:functions: got 1. Fix: use an object of settings shared by the functions " +
                "(architecture, memorySize, tracing, alarms, ...)",
            'paas:api: got "v1". Fix: use an object of REST API settings ' +
                "(stageName, throttlingRateLimit, loggingLevel, auth, usagePlan, ...)",
        ]);
        assert.deepEqual(fixes({ "paas:thumbnails": "big" }), [
            'paas:thumbnails: got "big". Fix: use an object of thumbnail pipeline settings (maxDimension, expireAfterDays, pointInTimeRecovery)',
        ]);
        assert.deepEqual(fixes({ "paas:database": [] }), [
            "paas:database: got []. Fix: use an object of MysqlDatabase settings (instanceClass, multiAz, ...)",
        ]);
        assert.deepEqual(fixes({ "paas:api": { stage: "v1", auth: "x" } }), [
            "paas:api.stage: is not a known setting. Fix: use one of stageName, throttlingRateLimit, " +
                "throttlingBurstLimit, loggingLevel, tracing, manageAccountLoggingRole, auth, cognitoUserPoolArns, usagePlan",
            'paas:api.auth: got "x". Fix: use one of "none", "apiKey", "cognito"',
        ]);
    });
});
