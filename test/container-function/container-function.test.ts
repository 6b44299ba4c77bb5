import * as assert from "assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ContainerFunction, ContainerFunctionArgs, Network } from "../../components/index";
import { hashBuildContext, imageTag, keepNewestImagesPolicy } from "../../components/container-function";
import { Evaluation } from "../../tools/offline/evaluate";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { REGION, T, UNTAGGABLE, childrenOf, evaluateInvalid, evaluateProgram, named, ofType } from "../support/harness";

const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${MOCK_ACCOUNT_ID}:secret:rds!db-1234-AbCdEf`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${MOCK_ACCOUNT_ID}:alerts`;

describe("ContainerFunction", () => {
    let context: string;
    before(() => {
        context = fs.mkdtempSync(path.join(os.tmpdir(), "paas-image-"));
        fs.writeFileSync(path.join(context, "index.js"), "exports.handler = async () => 'ok';");
        fs.writeFileSync(
            path.join(context, "Dockerfile"),
            'FROM public.ecr.aws/lambda/nodejs:22\nCOPY index.js ${LAMBDA_TASK_ROOT}/\nCMD ["index.handler"]\n',
        );
    });
    after(() => fs.rmSync(context, { recursive: true, force: true }));

    function evaluateFunction(args: Partial<ContainerFunctionArgs> = {}, withNetwork = true): Promise<Evaluation> {
        return evaluateProgram(() => {
            const network = withNetwork
                ? new Network("net", { natStrategy: "none", flowLogs: { enabled: false } })
                : undefined;
            const fn = new ContainerFunction("api", {
                image: { context },
                network,
                environment: { MYSQL_HOST: "db.internal", MYSQL_SECRET_ARN: SECRET_ARN },
                secretArns: [SECRET_ARN],
                tags: { team: "apps" },
                ...args,
            });
            return {
                name: fn.functionName,
                imageUri: fn.imageUri,
                invokeArn: fn.invokeArn,
                timeout: fn.timeout,
                logGroup: fn.logGroupName,
            };
        });
    }

    describe("in a network, with defaults", () => {
        let e: Evaluation;
        let fn: Record<string, any>;
        before(async () => {
            e = await evaluateFunction();
            fn = named(e, "api-function").inputs;
        });

        it("has its own ECR repository: scan on push, immutable tags, encrypted, old images expired", () => {
            const repo = named(e, "api-repo").inputs;
            assert.deepEqual(repo.imageScanningConfiguration, { scanOnPush: true });
            assert.equal(repo.imageTagMutability, "IMMUTABLE");
            assert.deepEqual(repo.encryptionConfigurations, [{ encryptionType: "AES256" }]);
            assert.equal(repo.forceDelete, false);
            const lifecycle = named(e, "api-repo-lifecycle").inputs;
            assert.equal(lifecycle.repository, named(e, "api-repo").outputs.name);
            assert.deepEqual(JSON.parse(lifecycle.policy), JSON.parse(keepNewestImagesPolicy(10)));
            assert.equal(JSON.parse(lifecycle.policy).rules[0].selection.countNumber, 10);
        });

        it("builds the image for the function's architecture, tags it by content, and pushes it with ECR credentials", () => {
            const image = named(e, "api-image");
            assert.equal(image.type, "docker-build:index:Image");
            const repoUrl = named(e, "api-repo").outputs.repositoryUrl;
            const tag = imageTag({ context, dockerfile: path.join(context, "Dockerfile"), platform: "linux/amd64" });
            assert.deepEqual(image.inputs.tags, [`${repoUrl}:${tag}`]);
            assert.deepEqual(image.inputs.context, { location: context });
            assert.deepEqual(image.inputs.platforms, ["linux/amd64"]);
            assert.equal(image.inputs.push, true);
            assert.deepEqual(image.inputs.registries, [
                { address: repoUrl, username: "AWS", password: "mock-ecr-password" },
            ]);
            assert.deepEqual(image.secretInputs, ["registries"], "the registry password must stay a secret");
        });

        it("builds nothing at preview, so a preview needs no Docker daemon", () => {
            assert.equal(named(e, "api-image").inputs.buildOnPreview, false);
        });

        it("runs the pushed image by digest", () => {
            assert.equal(fn.packageType, "Image");
            assert.match(fn.imageUri, /\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/api-repo-[0-9a-f]+@sha256:[0-9a-f]{64}$/);
            const repoUrl = named(e, "api-repo").outputs.repositoryUrl;
            assert.equal(fn.imageUri, `${repoUrl}@${named(e, "api-image").outputs.digest}`);
            assert.equal(e.outputs.imageUri, fn.imageUri);
            assert.deepEqual(fn.architectures, ["x86_64"]);
            assert.equal(fn.layers, undefined);
        });

        it("sits in the network's private subnets with the function group, and frees its groups before deletion", () => {
            const subnets = ofType(e, T.subnet)
                .filter((s) => s.name.includes("-private-"))
                .map((s) => s.id);
            assert.deepEqual(fn.vpcConfig.subnetIds, subnets);
            assert.equal(subnets.length, 2);
            assert.deepEqual(fn.vpcConfig.securityGroupIds, [named(e, "net-lambda-sg").id]);
            assert.equal(fn.replaceSecurityGroupsOnDestroy, true);
            assert.deepEqual(fn.replacementSecurityGroupIds, [named(e, "net-default-sg").id]);
        });

        it("has one role: logs and VPC access, and GetSecretValue on exactly its secret", () => {
            const role = named(e, "api-role");
            assert.equal(fn.role, role.outputs.arn);
            assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal, {
                Service: "lambda.amazonaws.com",
            });
            const attached = ofType(e, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => [
                a.name,
                a.inputs.role,
                a.inputs.policyArn,
            ]);
            assert.deepEqual(attached, [
                [
                    "api-basic-execution",
                    role.outputs.name,
                    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                ],
                [
                    "api-vpc-access",
                    role.outputs.name,
                    "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
                ],
            ]);
            const policy = JSON.parse(named(e, "api-policy").inputs.policy);
            assert.deepEqual(policy.Statement, [
                { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [SECRET_ARN] },
            ]);
        });

        it("waits for its permissions and log group", () => {
            const dependencies = named(e, "api-function").dependencies;
            for (const name of ["api-basic-execution", "api-vpc-access", "api-policy", "api-logs"]) {
                assert.ok(dependencies.includes(named(e, name).urn), `the function does not depend on ${name}`);
            }
        });

        it("logs JSON to /aws/lambda/<name> with retention", () => {
            const logGroup = named(e, "api-logs").inputs;
            assert.equal(logGroup.name, "/aws/lambda/api");
            assert.equal(logGroup.retentionInDays, 30);
            assert.deepEqual(fn.loggingConfig, {
                logFormat: "JSON",
                logGroup: "/aws/lambda/api",
                applicationLogLevel: "INFO",
                systemLogLevel: "WARN",
            });
            assert.equal(e.outputs.logGroup, "/aws/lambda/api");
        });

        it("applies the documented defaults: 10 s, 512 MB, no tracing, unreserved, no alarms", () => {
            assert.equal(fn.timeout, 10);
            assert.equal(e.outputs.timeout, 10);
            assert.equal(fn.memorySize, 512);
            assert.deepEqual(fn.tracingConfig, { mode: "PassThrough" });
            assert.equal(fn.reservedConcurrentExecutions, undefined);
            assert.equal(ofType(e, "aws:cloudwatch/metricAlarm:MetricAlarm").length, 0);
            assert.deepEqual(fn.environment, {
                variables: { MYSQL_HOST: "db.internal", MYSQL_SECRET_ARN: SECRET_ARN },
            });
        });

        it("names, parents and tags its children", () => {
            const children = childrenOf(e, "api");
            assert.deepEqual(children.map((c) => c.name).sort(), [
                "api-basic-execution",
                "api-function",
                "api-image",
                "api-logs",
                "api-policy",
                "api-repo",
                "api-repo-lifecycle",
                "api-role",
                "api-vpc-access",
            ]);
            for (const child of children.filter((c) => c.type.startsWith("aws:") && !UNTAGGABLE.has(c.type))) {
                assert.equal(child.inputs.tags?.team, "apps", child.name);
            }
        });
    });

    it("applies production settings: arm64, tracing, reserved concurrency, alarms to a topic", async () => {
        const e = await evaluateFunction({
            architecture: "arm64",
            tracing: true,
            reservedConcurrency: 5,
            timeout: 20,
            memorySize: 1024,
            alarms: { topicArn: TOPIC_ARN },
            logRetentionInDays: 365,
        });
        const fn = named(e, "api-function").inputs;
        assert.deepEqual(fn.architectures, ["arm64"]);
        assert.deepEqual(named(e, "api-image").inputs.platforms, ["linux/arm64"]);
        assert.deepEqual(fn.tracingConfig, { mode: "Active" });
        assert.equal(named(e, "api-xray").inputs.policyArn, "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess");
        assert.equal(fn.reservedConcurrentExecutions, 5);
        assert.equal(fn.timeout, 20);
        assert.equal(named(e, "api-logs").inputs.retentionInDays, 365);
        const alarms = ofType(e, "aws:cloudwatch/metricAlarm:MetricAlarm");
        assert.deepEqual(
            alarms.map((a) => a.inputs.metricName),
            ["Errors", "Throttles"],
        );
        for (const alarm of alarms) {
            assert.deepEqual(alarm.inputs.alarmActions, [TOPIC_ARN]);
            assert.deepEqual(alarm.inputs.dimensions, { FunctionName: named(e, "api-function").outputs.name });
            assert.equal(alarm.inputs.namespace, "AWS/Lambda");
        }
    });

    it("keeps its defaults for arguments given as undefined", async () => {
        const e = await evaluateFunction({ keepImages: undefined, timeout: undefined, forceDeleteImages: undefined });
        assert.equal(JSON.parse(named(e, "api-repo-lifecycle").inputs.policy).rules[0].selection.countNumber, 10);
        assert.equal(named(e, "api-repo").inputs.forceDelete, false);
        assert.equal(named(e, "api-function").inputs.timeout, 10);
    });

    it("runs outside a VPC without VPC access", async () => {
        const e = await evaluateFunction({}, false);
        assert.equal(named(e, "api-function").inputs.vpcConfig, undefined);
        assert.equal(ofType(e, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 1);
    });

    it("takes plain subnet and security group IDs", async () => {
        const e = await evaluateFunction(
            { network: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-fn"] } },
            false,
        );
        const fn = named(e, "api-function").inputs;
        assert.deepEqual(fn.vpcConfig, { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-fn"] });
        assert.equal(fn.replaceSecurityGroupsOnDestroy, true);
    });

    it("fails the deployment when an environment value is a Pulumi secret", async () => {
        await assert.rejects(
            evaluateFunction({ environment: { DB_DSN: pulumi.secret("mysql://u:p@h/db") } }),
            /environment variable DB_DSN holds a Pulumi secret.*Fix: keep it in Secrets Manager, pass its ARN \(DB_DSN_ARN\)/,
        );
    });

    const invalid: [string, Partial<ContainerFunctionArgs>, RegExp][] = [
        [
            "layers",
            // As a JavaScript caller (or another language's SDK) may pass it: TypeScript rejects it.
            { layers: ["arn:aws:lambda:eu-west-1:123456789012:layer:x:1"] } as Partial<ContainerFunctionArgs>,
            /- layers: is set, but Lambda does not support layers on container image functions\. Fix: install those dependencies in the image/,
        ],
        ["a timeout over 900 s", { timeout: 901 }, /- timeout: got 901; Lambda runs for 1 to 900 seconds/],
        ["too little memory", { memorySize: 64 }, /- memorySize: got 64/],
        [
            "an unknown architecture",
            { architecture: "x86" as never },
            /- architecture: got "x86"\. Fix: use one of "x86_64", "arm64"/,
        ],
        [
            "a password in the environment",
            { environment: { DB_PASSWORD: "hunter2" } },
            /- environment\.DB_PASSWORD: looks like a secret.*Fix: keep the value in Secrets Manager, pass its ARN \(e\.g\. DB_PASSWORD_ARN\)/,
        ],
        [
            "a reserved variable",
            { environment: { AWS_REGION: "eu-west-1" } },
            /- environment\.AWS_REGION: is reserved by Lambda/,
        ],
        ["an oversized environment", { environment: { BIG: "x".repeat(5000) } }, /- environment: totals 5003 bytes/],
        [
            "a wildcard secret",
            { secretArns: [`arn:aws:secretsmanager:${REGION}:${MOCK_ACCOUNT_ID}:secret:*`] },
            /- secretArns\[0\]: .*without wildcards/,
        ],
        [
            "one subnet",
            { network: { subnetIds: ["subnet-a"], securityGroupIds: ["sg-1"] } },
            /- network\.subnetIds: lists 1 subnet\(s\)/,
        ],
        [
            "a missing build context",
            { image: { context: "/nonexistent/bundle" } },
            /- image\.context: "\/nonexistent\/bundle" is not a folder/,
        ],
        ["a negative reserved concurrency", { reservedConcurrency: -1 }, /- reservedConcurrency: got -1/],
        ["a retention CloudWatch refuses", { logRetentionInDays: 2 as never }, /- logRetentionInDays: got 2/],
    ];
    for (const [label, args, message] of invalid) {
        it(`rejects ${label} before registering anything`, async () => {
            const { error, resources } = await evaluateInvalid(
                () => new ContainerFunction("bad", { image: { context }, ...args }),
            );
            assert.match(error.message, /^ContainerFunction "bad": \d invalid arguments?:/);
            assert.match(error.message, message);
            assert.deepEqual(
                resources.filter((r) => r.type !== T.stack),
                [],
            );
        });
    }
});

describe("image tags (immutable repositories: a new image always gets a new tag, the same image the same)", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-tag-"));
        fs.writeFileSync(path.join(dir, "index.js"), "a");
        fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM x");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const tag = (overrides: Partial<Parameters<typeof imageTag>[0]> = {}) =>
        imageTag({ context: dir, dockerfile: path.join(dir, "Dockerfile"), platform: "linux/amd64", ...overrides });

    it("changes with the function's architecture (platform)", async () => {
        const imageName = async (architecture: "x86_64" | "arm64") => {
            const e = await evaluateProgram(
                () => new ContainerFunction("fn", { image: { context: dir }, architecture }),
            );
            return (named(e, "fn-image").inputs.tags as string[])[0];
        };
        const [x86, arm] = [await imageName("x86_64"), await imageName("arm64")];
        assert.equal(x86.split(":")[0], arm.split(":")[0]);
        assert.notEqual(x86.split(":").pop(), arm.split(":").pop());
    });

    it("changes with build arguments, whatever their order, and with a file's executable bit", () => {
        const base = tag({ args: { A: "1", B: "2" } });
        assert.equal(tag({ args: { B: "2", A: "1" } }), base);
        assert.notEqual(tag({ args: { A: "1", B: "3" } }), base);
        assert.notEqual(tag(), base);
        const plain = tag();
        fs.chmodSync(path.join(dir, "index.js"), 0o755);
        assert.notEqual(tag(), plain);
    });

    it("does not change when the same context and Dockerfile sit elsewhere on disk", () => {
        const before = tag();
        const moved = fs.mkdtempSync(path.join(os.tmpdir(), "paas-tag-moved-"));
        try {
            fs.cpSync(dir, moved, { recursive: true });
            assert.equal(tag({ context: moved, dockerfile: path.join(moved, "Dockerfile") }), before);
        } finally {
            fs.rmSync(moved, { recursive: true, force: true });
        }
    });
});

describe("hashBuildContext", () => {
    it("changes with any file's content or name, and with the Dockerfile, and only then", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-hash-"));
        try {
            fs.writeFileSync(path.join(dir, "index.js"), "a");
            fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM x");
            const dockerfile = path.join(dir, "Dockerfile");
            const first = hashBuildContext(dir, dockerfile);
            assert.match(first, /^[0-9a-f]{16}$/);
            assert.equal(hashBuildContext(dir, dockerfile), first);
            fs.writeFileSync(path.join(dir, "index.js"), "b");
            const second = hashBuildContext(dir, dockerfile);
            assert.notEqual(second, first);
            fs.renameSync(path.join(dir, "index.js"), path.join(dir, "main.js"));
            assert.notEqual(hashBuildContext(dir, dockerfile), second);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
