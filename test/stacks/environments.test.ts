import * as assert from "assert/strict";
import { InvalidArgsError } from "../../components/index";
import { migrationsDigest } from "../../functions/seed-db/migrations";
import { NETWORK_STACK_OUTPUTS } from "../../stacks/network-source";
import { Evaluation, EvaluationError, evaluateStack } from "../../tools/offline/evaluate";
import { REPO_ROOT } from "../../tools/paths";
import { readProject, readStackConfig } from "../../tools/offline/project";
import { T, UNTAGGABLE, awsResources, byId, evaluateStackOnce, named, ofType } from "../support/harness";

const STACKS = ["dev", "staging", "prod"] as const;
const evaluations: Record<string, Evaluation> = {};

/** The config keys of a stack file, under the project namespace only. */
function programConfig(stack: string): Record<string, string> {
    const { values } = readStackConfig(readProject(REPO_ROOT), stack);
    return Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith("paas:")));
}

describe("environments", () => {
    before(async () => {
        for (const stack of STACKS) evaluations[stack] = await evaluateStackOnce(stack);
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("tags every taggable resource with Environment and Project", () => {
                const e = evaluations[stack];
                for (const r of awsResources(e).filter((r) => !UNTAGGABLE.has(r.type))) {
                    assert.equal(r.inputs.tags?.Environment, stack, `${r.name} (${r.type}) lacks Environment=${stack}`);
                    assert.equal(r.inputs.tags?.Project, "paas", `${r.name} lacks Project=paas`);
                }
            });

            it("exports the VPC, subnets, security groups, database endpoint and secret ARN", () => {
                const o = evaluations[stack].outputs;
                assert.match(o.vpcId as string, /^vpc-/);
                for (const key of ["publicSubnetIds", "privateSubnetIds", "isolatedSubnetIds"]) {
                    assert.ok(
                        (o[key] as string[]).every((id) => id.startsWith("subnet-")),
                        key,
                    );
                }
                assert.match(o.dbEndpoint as string, /\.rds\.amazonaws\.com:3306$/);
                assert.match(o.dbSecretArn as string, /^arn:aws:secretsmanager:/);
                assert.equal(o.dbName, "accounts");
                assert.match(o.lambdaSecurityGroupId as string, /^sg-/);
            });

            it("runs seed-db and retrieve-accounts as container images in private subnets, configured without secrets", () => {
                const e = evaluations[stack];
                for (const name of ["seed-db", "retrieve-accounts"]) {
                    const fn = named(e, `${stack}-${name}-function`).inputs;
                    assert.equal(fn.packageType, "Image");
                    assert.match(fn.imageUri, /@sha256:/);
                    const subnets = fn.vpcConfig.subnetIds.map((id: string) => byId(e, id).name);
                    assert.ok(
                        subnets.length >= 2 && subnets.every((n: string) => n.includes("-private-")),
                        subnets.join(),
                    );
                    assert.deepEqual(Object.keys(fn.environment.variables).sort(), [
                        "MYSQL_DATABASE",
                        "MYSQL_HOST",
                        "MYSQL_PORT",
                        "MYSQL_SECRET_ARN",
                        "MYSQL_USER",
                    ]);
                    assert.equal(fn.environment.variables.MYSQL_SECRET_ARN, e.outputs.dbSecretArn);
                    assert.equal(fn.environment.variables.MYSQL_HOST, e.outputs.dbAddress);
                    // The database's connect grant: the secret only, on this function's role; the port is the
                    // network's own rule (the function group to the database group), so no second rule.
                    const grant = named(e, `${stack}-db-connect-${stack}-${name}`).inputs;
                    assert.equal(grant.role, named(e, `${stack}-${name}-role`).outputs.name);
                    assert.deepEqual(JSON.parse(grant.policy).Statement, [
                        {
                            Effect: "Allow",
                            Action: ["secretsmanager:GetSecretValue"],
                            Resource: [e.outputs.dbSecretArn],
                        },
                    ]);
                    assert.equal(e.resources.filter((r) => r.name === `${stack}-${name}-policy`).length, 0);
                    const rules = [...ofType(e, T.ingress), ...ofType(e, T.egress)];
                    assert.deepEqual(
                        rules.filter((r) => r.name.includes("-connect-")),
                        [],
                    );
                }
                assert.ok(named(e, `${stack}-retrieve-accounts-function`).inputs.timeout < 29);
            });

            it("migrates on deploy, again when the migrations or the database instance change, demo rows only in dev", () => {
                const e = evaluations[stack];
                const run = named(e, `${stack}-seed-db-run`);
                const seed = named(e, `${stack}-seed-db-function`);
                const instance = named(e, `${stack}-db-instance`);
                assert.equal(run.inputs.functionName, seed.outputs.name);
                assert.deepEqual(run.inputs.triggers, {
                    migrations: migrationsDigest(),
                    database: instance.outputs.resourceId,
                    demoData: String(stack === "dev"),
                });
                assert.deepEqual(JSON.parse(run.inputs.input), { source: "deployment", demoData: stack === "dev" });
                assert.ok(e.outputs.seedResult);
            });

            it("invokes seed-db only once it can reach the database: function, instance, routes, endpoints, rules", () => {
                const e = evaluations[stack];
                const waits = new Set(named(e, `${stack}-seed-db-run`).dependencies);
                const needed = [
                    `${stack}-seed-db-function`,
                    `${stack}-db-instance`,
                    `${stack}-db-connect-${stack}-seed-db`,
                    `${stack}-network-lambda-mysql-egress`,
                    `${stack}-network-database-mysql-ingress`,
                    `${stack}-network-lambda-https-egress`,
                    `${stack}-network-private-1-rta-1`,
                    ...ofType(e, T.endpoint).map((r) => r.name),
                    ...ofType(e, T.route)
                        .filter((r) => r.name.includes("-nat"))
                        .map((r) => r.name),
                    ...ofType(e, T.nat).map((r) => r.name),
                ];
                for (const name of needed)
                    assert.ok(waits.has(named(e, name).urn), `seeding does not wait for ${name}`);
            });

            it("has no ingress from anywhere and puts the database in isolated subnets, never public", () => {
                const e = evaluations[stack];
                for (const rule of ofType(e, T.ingress)) {
                    assert.notEqual(rule.inputs.cidrIpv4, "0.0.0.0/0");
                    assert.notEqual(rule.inputs.cidrIpv6, "::/0");
                }
                const db = named(e, `${stack}-db-instance`);
                assert.equal(db.inputs.publiclyAccessible, false);
                const subnets = named(e, `${stack}-db-subnet-group`).inputs.subnetIds.map(
                    (id: string) => byId(e, id).name,
                );
                assert.ok(
                    subnets.length >= 2 && subnets.every((n: string) => n.includes("-isolated-")),
                    subnets.join(),
                );
            });
        });
    }

    it("prod without an alarm destination is rejected before any resource, naming the key", async () => {
        const functions = { ...JSON.parse(programConfig("prod")["paas:functions"]), alarmEmails: undefined };
        const failure = await evaluateStack("prod", { configOverrides: { "paas:functions": functions } }).then(
            () => assert.fail("expected prod without alarm destinations to be rejected"),
            (e: unknown) => e,
        );
        assert.ok(failure instanceof EvaluationError && failure.cause instanceof InvalidArgsError, String(failure));
        assert.match(failure.cause.message, /paas:functions\.alarmEmails: .*notify nobody/);
        assert.deepEqual(
            failure.resources.filter((r) => r.type !== T.stack),
            [],
        );
    });

    it("alarms may go to an existing topic instead (no topic of the stack's own)", async () => {
        const topicArn = "arn:aws:sns:eu-west-1:123456789012:pager";
        const functions = { ...JSON.parse(programConfig("prod")["paas:functions"]), alarmEmails: undefined };
        const e = await evaluateStack("prod", {
            configOverrides: { "paas:functions": { ...functions, alarmTopicArn: topicArn } },
        });
        assert.equal(ofType(e, "aws:sns/topic:Topic").length, 0);
        assert.deepEqual(named(e, "prod-seed-db-errors-alarm").inputs.alarmActions, [topicArn]);
    });

    it("prod: two evaluations (two creations of the database) give final snapshot names that cannot collide", async () => {
        const again = await evaluateStack("prod");
        const name = (e: Evaluation) => named(e, "prod-db-instance").inputs.finalSnapshotIdentifier as string;
        assert.notEqual(name(again), name(evaluations.prod));
    });

    it("dev: two AZs, no NAT gateway (VPC endpoints instead), no flow logs, a small unprotected database", () => {
        const e = evaluations.dev;
        assert.equal(ofType(e, T.subnet).length, 6);
        assert.equal(ofType(e, T.nat).length, 0);
        assert.ok(named(e, "dev-network-secretsmanager-endpoint"));
        assert.equal(ofType(e, T.flowLog).length, 0);
        const db = named(e, "dev-db-instance").inputs;
        assert.equal(db.instanceClass, "db.t4g.micro");
        assert.equal(db.multiAz, false);
        assert.equal(db.deletionProtection, false);
        assert.equal(db.skipFinalSnapshot, true);
        assert.ok(db.backupRetentionPeriod >= 1);
        // Only the asynchronous functions' DLQ depth alarms, notifying no one: dev has no alerts topic.
        assert.deepEqual(
            ofType(e, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [a.name, a.inputs.alarmActions]),
            [
                ["dev-thumbnail-dlq-alarm", []],
                ["dev-report-dlq-alarm", []],
            ],
        );
        assert.equal(ofType(e, "aws:sns/topic:Topic").length, 0);
        assert.deepEqual(named(e, "dev-seed-db-function").inputs.tracingConfig, { mode: "PassThrough" });
    });

    it("staging: one NAT gateway, flow logs kept 30 days, a protected database", () => {
        const e = evaluations.staging;
        assert.equal(ofType(e, T.nat).length, 1);
        assert.equal(named(e, "staging-network-flow-logs").inputs.retentionInDays, 30);
        const db = named(e, "staging-db-instance").inputs;
        assert.equal(db.deletionProtection, true);
        assert.match(db.finalSnapshotIdentifier, /^staging-db-final-/);
        assert.ok(db.backupRetentionPeriod >= 7);
    });

    it("prod: three AZs, a NAT gateway per AZ, flow logs, a multi-AZ protected database with two weeks of backups", () => {
        const e = evaluations.prod;
        assert.equal(ofType(e, T.subnet).length, 9);
        assert.equal(ofType(e, T.nat).length, 3);
        assert.equal(new Set(ofType(e, T.subnet).map((s) => s.inputs.availabilityZone)).size, 3);
        assert.equal(named(e, "prod-network-flow-logs").inputs.retentionInDays, 365);
        const db = named(e, "prod-db-instance").inputs;
        assert.equal(db.multiAz, true);
        assert.equal(db.deletionProtection, true);
        assert.equal(db.skipFinalSnapshot, false);
        assert.match(db.finalSnapshotIdentifier, /^prod-db-final-/);
        assert.deepEqual(named(e, "prod-db-instance").options?.ignoreChanges, ["finalSnapshotIdentifier"]);
        assert.ok(db.backupRetentionPeriod >= 7);
        assert.ok(
            db.enabledCloudwatchLogsExports.includes("error") && db.enabledCloudwatchLogsExports.includes("slowquery"),
        );
        assert.equal(db.autoMinorVersionUpgrade, true);
        assert.equal(db.copyTagsToSnapshot, true);
        const topic = named(e, "prod-alerts");
        const alarms = ofType(e, "aws:cloudwatch/metricAlarm:MetricAlarm");
        assert.deepEqual(alarms.map((a) => a.name).sort(), [
            "prod-accounts-created-alarm",
            "prod-api-5xx-alarm",
            "prod-api-latency-alarm",
            "prod-db-connections-alarm",
            "prod-db-cpu-alarm",
            "prod-db-storage-alarm",
            "prod-report-dlq-alarm",
            "prod-report-errors-alarm",
            "prod-report-throttles-alarm",
            "prod-retrieve-accounts-errors-alarm",
            "prod-retrieve-accounts-throttles-alarm",
            "prod-seed-db-errors-alarm",
            "prod-seed-db-throttles-alarm",
            "prod-thumbnail-dlq-alarm",
            "prod-thumbnail-errors-alarm",
            "prod-thumbnail-throttles-alarm",
        ]);
        for (const alarm of alarms) assert.deepEqual(alarm.inputs.alarmActions, [topic.outputs.arn]);
        assert.equal(e.outputs.alertsTopicArn, topic.outputs.arn);
        // Somebody is told: the topic emails the configured on-call address.
        const subscriptions = ofType(e, "aws:sns/topicSubscription:TopicSubscription");
        assert.deepEqual(
            subscriptions.map((s) => [s.inputs.topic, s.inputs.protocol, s.inputs.endpoint]),
            [[topic.outputs.arn, "email", "platform-oncall@example.com"]],
        );
        for (const fn of ["prod-seed-db-function", "prod-retrieve-accounts-function"]) {
            assert.deepEqual(named(e, fn).inputs.tracingConfig, { mode: "Active" });
            assert.equal(named(e, fn).inputs.memorySize, 1024);
        }
    });

    for (const stack of STACKS) {
        it(`${stack}: runs the thumbnail pipeline: private buckets, the function with its sharp layer, triggered by uploads`, () => {
            const e = evaluations[stack];
            const fn = named(e, `${stack}-thumbnail-function`);
            const layer = named(e, `${stack}-sharp-layer`);
            assert.deepEqual(fn.inputs.layers, [layer.outputs.arn]);
            assert.deepEqual(layer.inputs.compatibleArchitectures, fn.inputs.architectures);
            assert.match(layer.inputs.description, /^sharp@\d+\.\d+\.\d+$/);
            const uploads = named(e, `${stack}-uploads-bucket`);
            const thumbnails = named(e, `${stack}-thumbnails-bucket`);
            assert.equal(fn.inputs.environment.variables.DESTINATION_BUCKET, thumbnails.outputs.bucket);
            const records = named(e, `${stack}-thumbnail-records`);
            assert.equal(fn.inputs.environment.variables.RECORDS_TABLE, records.outputs.name);
            assert.equal(e.outputs.thumbnailRecordsTable, records.outputs.name);
            const notification = named(e, `${stack}-thumbnail-s3-notification-1`).inputs;
            assert.equal(notification.bucket, uploads.outputs.bucket);
            assert.deepEqual(notification.lambdaFunctions, [
                { lambdaFunctionArn: fn.outputs.arn, events: ["s3:ObjectCreated:*"] },
            ]);
            assert.equal(named(e, `${stack}-thumbnail-s3-permission-1`).inputs.sourceArn, uploads.outputs.arn);
            // Each permission an inline policy of its own on the function's role: the buckets' grants, the table's,
            // the DLQ; no <name>-policy of hand-written statements.
            const role = named(e, `${stack}-thumbnail-role`).outputs.name;
            const policies = ofType(e, T.rolePolicy).filter((p) => p.inputs.role === role);
            assert.deepEqual(
                policies
                    .map((p) => [
                        p.name,
                        JSON.parse(p.inputs.policy).Statement.map((s: { Action: string[]; Resource: string[] }) => [
                            s.Action,
                            s.Resource,
                        ]),
                    ])
                    .sort(),
                [
                    [
                        `${stack}-thumbnail-dlq-send`,
                        [[["sqs:SendMessage"], [named(e, `${stack}-thumbnail-dlq`).outputs.arn]]],
                    ],
                    [
                        `${stack}-thumbnail-records-put-item-${stack}-thumbnail`,
                        [[["dynamodb:PutItem"], [records.outputs.arn]]],
                    ],
                    [
                        `${stack}-thumbnails-write-${stack}-thumbnail`,
                        [[["s3:PutObject"], [`${thumbnails.outputs.arn}/*`]]],
                    ],
                    [`${stack}-uploads-read-${stack}-thumbnail`, [[["s3:GetObject"], [`${uploads.outputs.arn}/*`]]]],
                ],
            );
            assert.equal(e.outputs.uploadsBucket, uploads.outputs.bucket);
        });
    }

    for (const stack of STACKS) {
        it(`${stack}: records thumbnails in an on-demand, KMS-encrypted table read by two routes without a function`, () => {
            const e = evaluations[stack];
            const table = named(e, `${stack}-thumbnail-records`);
            assert.deepEqual(
                [
                    table.inputs.hashKey,
                    table.inputs.rangeKey,
                    table.inputs.billingMode,
                    table.inputs.serverSideEncryption,
                ],
                ["bucket", "sourceKey", "PAY_PER_REQUEST", { enabled: true }],
            );
            assert.deepEqual(table.inputs.pointInTimeRecovery, { enabled: stack !== "dev" });
            for (const [route, action] of [
                ["get-thumbnails", "Query"],
                ["get-thumbnails-key", "GetItem"],
            ]) {
                const integration = named(e, `${stack}-api-${route}-integration`).inputs;
                assert.equal(integration.uri, `arn:aws:apigateway:eu-west-1:dynamodb:action/${action}`);
                assert.equal(integration.credentials, named(e, `${stack}-api-${route}-role`).outputs.arn);
                assert.match(integration.requestTemplates["application/json"], new RegExp(`"${table.outputs.name}"`));
                assert.deepEqual(JSON.parse(named(e, `${stack}-api-${route}-policy`).inputs.policy).Statement, [
                    { Effect: "Allow", Action: `dynamodb:${action}`, Resource: [table.outputs.arn] },
                ]);
            }
        });
    }

    it("differ only by config: dev given prod's config builds prod", async () => {
        const prodConfig = programConfig("prod");
        const devConfig = programConfig("dev");
        const overrides: Record<string, unknown> = Object.fromEntries(
            Object.keys(devConfig).map((k) => [k, undefined]),
        );
        Object.assign(overrides, prodConfig);
        const devAsProd = await evaluateStack("dev", { configOverrides: overrides });
        const shape = (e: Evaluation, stack: string) =>
            e.resources
                .filter((r) => r.type !== T.stack)
                .map(
                    (r) =>
                        `${r.type} ${r.name.replaceAll(`${stack}-`, "")} ${JSON.stringify(r.inputs, (k, v) =>
                            k === "tags" ? undefined : v,
                        )
                            .replace(new RegExp(`${stack}-`, "g"), "")
                            .replace(/-final-[0-9a-z]+-[0-9a-f]{8}"/g, '-final-<stamp>"') // unique per creation
                            .replace(/"db-[0-9A-F]{17}"/g, '"<resource-id>"') // RDS's ID of the instance
                            .replace(/"(vpc|subnet|sg|rtb|igw|nat|eipalloc|vpce)-[0-9a-f]+"/g, '"$1-id"')
                            .replace(/\b[a-z]{2}-[a-z]+-\d_[0-9a-f]{9}\b/g, "<user-pool-id>")
                            .replace(/-[0-9a-f]{7}\b/g, "-name")
                            .replace(/[0-9a-f]{10,}/g, "<hash>")
                            .replace(new RegExp(`\\b${stack}\\b`, "g"), "<stack>")}`,
                )
                .sort();
        assert.deepEqual(shape(devAsProd, "dev"), shape(evaluations.prod, "prod"));
    });

    describe("with the network taken from another stack", () => {
        const networkStack = {
            vpcId: "vpc-0shared",
            privateSubnetIds: ["subnet-p1", "subnet-p2"],
            isolatedSubnetIds: ["subnet-i1", "subnet-i2"],
            lambdaSecurityGroupId: "sg-lambda",
            databaseSecurityGroupId: "sg-db",
        };
        const overrides = { "paas:network": undefined, "paas:networkFromStack": "acme/paas-network/prod" };

        it("creates no network and places the database in the referenced subnets", async () => {
            const e = await evaluateStack("dev", {
                configOverrides: overrides,
                stackReferences: { "acme/paas-network/prod": networkStack },
            });
            assert.equal(ofType(e, T.network).length, 0);
            assert.equal(ofType(e, T.vpc).length, 0);
            assert.equal(named(e, "dev-network-ref").inputs.name, "acme/paas-network/prod");
            assert.deepEqual(named(e, "dev-db-subnet-group").inputs.subnetIds, ["subnet-i1", "subnet-i2"]);
            assert.deepEqual(named(e, "dev-db-instance").inputs.vpcSecurityGroupIds, ["sg-db"]);
            // The network stack's rules connect its function group to its database group: the database's grants
            // add the secret only, never a second copy of those rules (which EC2 would refuse).
            assert.deepEqual(named(e, "dev-seed-db-function").inputs.vpcConfig.securityGroupIds, ["sg-lambda"]);
            assert.ok(named(e, "dev-db-connect-dev-seed-db"));
            assert.deepEqual([...ofType(e, T.ingress), ...ofType(e, T.egress)], []);
            for (const key of NETWORK_STACK_OUTPUTS) assert.deepEqual(e.outputs[key], networkStack[key], key);
            assert.equal(e.outputs.publicSubnetIds, undefined);
        });

        it("fails naming the output and the stack when the referenced stack lacks the network", async () => {
            const wrong = { ...networkStack, isolatedSubnetIds: "subnet-i1" };
            await assert.rejects(
                evaluateStack("dev", {
                    configOverrides: overrides,
                    stackReferences: { "acme/paas-network/prod": wrong },
                }),
                /output "isolatedSubnetIds" of stack acme\/paas-network\/prod is "subnet-i1", not a list of subnet IDs/,
            );
        });
    });

    it("fails on invalid config before creating any resource", async () => {
        try {
            await evaluateStack("prod", {
                configOverrides: { "paas:network": { azCount: 1 }, "paas:database": { instanceClass: "db.big" } },
            });
            assert.fail("expected invalid config to fail");
        } catch (e) {
            assert.ok(e instanceof EvaluationError);
            assert.ok(e.cause instanceof InvalidArgsError);
            assert.match(e.message, /Stack config "prod" \(Pulumi\.prod\.yaml\): 2 invalid arguments/);
            assert.deepEqual(
                e.resources.filter((r) => r.type !== T.stack),
                [],
            );
        }
    });
});
