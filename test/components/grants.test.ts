/**
 * Grants where two components meet, and placement by interface: one evaluation under mocks, in which an
 * awsx.ec2.Vpc (a remote component whose outputs the mocks supply) places a database and functions as it is,
 * and every grant is made once, plus table tests of the pure parts.
 */
import * as assert from "assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Vpc } from "@pulumi/awsx/ec2/vpc";
import { LayerFunction, MysqlDatabase, PrivateBucket } from "../../components/index";
import { BUCKET_GRANT_ACTIONS, bucketGrantStatement } from "../../components/bucket/grants";
import { connectStatements, networkConnects } from "../../components/database/grants";
import { resolvePlacement } from "../../components/network/placement";
import { Evaluation, RecordedResource } from "../../tools/offline/evaluate";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { REGION, T, byId, evaluateProgram, named, ofType } from "../support/harness";

const KEY_ARN = `arn:aws:kms:${REGION}:${MOCK_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const RULE_ARN = `arn:aws:events:${REGION}:${MOCK_ACCOUNT_ID}:rule/nightly`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${MOCK_ACCOUNT_ID}:jobs`;

function statements(policy: RecordedResource): { Effect: string; Action: string[]; Resource: string[] }[] {
    return JSON.parse(policy.inputs.policy).Statement;
}

interface Outputs {
    /** Each grant's returned resources, by URN. */
    dependencies: Record<string, string[]>;
    /** The message of each refused grant. */
    refused: Record<string, string>;
}

describe("grants and placement by interface", () => {
    let code: string;
    let e: Evaluation;
    let outputs: Outputs;
    before(async () => {
        code = fs.mkdtempSync(path.join(os.tmpdir(), "paas-grants-"));
        fs.writeFileSync(path.join(code, "index.js"), "exports.handler = async () => 'ok';");
        e = await evaluateProgram(() => {
            // awsx's default layout: public and private subnets in three AZs, no isolated ones, no security groups.
            const vpc = new Vpc("vpc", {});
            const db = new MysqlDatabase("db", { network: vpc, kmsKeyId: KEY_ARN, removal: "remove" });
            const worker = new LayerFunction("worker", { code: { directory: code }, network: vpc });
            // Two functions that share one group (another VPC's, by ID): one pair of rules between them.
            const shared = { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-shared"] };
            const reportA = new LayerFunction("report-a", { code: { directory: code }, network: shared });
            const reportB = new LayerFunction("report-b", { code: { directory: code }, network: shared });
            const files = new PrivateBucket("files", { removal: "remove" });
            const etl = new LayerFunction("etl", {
                code: { directory: code },
                network: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-etl"] },
            });

            const grants = {
                connect: db.grantConnect(worker),
                connectA: db.grantConnect(reportA),
                connectB: db.grantConnect(reportB),
                read: files.grantRead(worker),
                write: files.grantWrite(worker),
                readPrefix: files.grantRead(reportA, { objectsKeyPattern: "reports/*" }),
                // Any object with a name and a role: a role this library did not make.
                plain: files.grantRead({ name: "etl", roleName: "etl-role" }),
                invokeS3: worker.grantInvoke("s3.amazonaws.com", files.arn, { sourceAccount: MOCK_ACCOUNT_ID }),
                invokeEvents: worker.grantInvoke("events.amazonaws.com", RULE_ARN),
                // Each grant's children take a transform, in either form, as a component's children do.
                transformedWrite: files.grantWrite(etl, { transform: { name: "etl-writes" } }),
                transformedInvoke: etl.grantInvoke("sns.amazonaws.com", TOPIC_ARN, {
                    transform: (args) => {
                        args.sourceAccount = MOCK_ACCOUNT_ID;
                    },
                }),
                transformedConnect: db.grantConnect(etl, {
                    transform: {
                        policy: { name: "etl-connect" },
                        ingress: { description: "MySQL from the ETL job" },
                        egress: (args, opts) => {
                            args.description = "MySQL to the database (ETL)";
                            opts.deleteBeforeReplace = true;
                        },
                    },
                }),
            };
            const refused: Record<string, string> = {};
            const attempt = (key: string, grant: () => unknown) => {
                try {
                    grant();
                } catch (error) {
                    refused[key] = (error as Error).message;
                }
            };
            attempt("outsideVpc", () => db.grantConnect({ name: "laptop", roleName: "r" }));
            attempt("noName", () => files.grantRead({ roleName: "r" } as never));
            attempt("badPattern", () => files.grantWrite(worker, { objectsKeyPattern: "/abs" }));
            return {
                dependencies: Object.fromEntries(
                    Object.entries(grants).map(([k, v]) => [k, [v].flat().map((r) => r.urn)]),
                ),
                refused,
            };
        });
        outputs = e.outputs as unknown as Outputs;
    });
    after(() => fs.rmSync(code, { recursive: true, force: true }));

    describe("an awsx.ec2.Vpc where a network placement is taken", () => {
        it("puts the database in the VPC's subnets (private: the default layout has no isolated ones) and its own group", () => {
            const vpc = named(e, "vpc").outputs;
            assert.equal(vpc.privateSubnetIds.length, 3);
            assert.deepEqual(named(e, "db-subnet-group").inputs.subnetIds, vpc.privateSubnetIds);
            const group = named(e, "db-sg");
            assert.equal(group.inputs.vpcId, vpc.vpcId);
            assert.deepEqual(named(e, "db-instance").inputs.vpcSecurityGroupIds, [group.id]);
        });

        it("puts the function in the private subnets with a group of its own: HTTPS out, nothing in", () => {
            const vpc = named(e, "vpc").outputs;
            const fn = named(e, "worker-function").inputs;
            assert.deepEqual(fn.vpcConfig.subnetIds, vpc.privateSubnetIds);
            const group = named(e, "worker-sg");
            assert.equal(group.inputs.vpcId, vpc.vpcId);
            assert.deepEqual(fn.vpcConfig.securityGroupIds, [group.id]);
            const rules = ofType(e, T.egress).filter((r) => r.inputs.securityGroupId === group.id);
            assert.deepEqual(
                rules.map((r) => [
                    r.name,
                    r.inputs.fromPort,
                    r.inputs.cidrIpv4 ?? byId(e, r.inputs.referencedSecurityGroupId).name,
                ]),
                [
                    ["worker-https-egress", 443, "0.0.0.0/0"],
                    ["db-connect-worker-egress", 3306, "db-sg"],
                ],
            );
            assert.equal(ofType(e, T.ingress).filter((r) => r.inputs.securityGroupId === group.id).length, 0);
        });
    });

    describe("database.grantConnect", () => {
        it("reads the master secret, and decrypts it with the customer-managed key: nothing else", () => {
            const policy = named(e, "db-connect-worker");
            assert.equal(policy.type, T.rolePolicy);
            assert.equal(policy.inputs.role, named(e, "worker-role").outputs.name);
            assert.equal(policy.parent, named(e, "db").urn);
            const secret = named(e, "db-instance").outputs.masterUserSecrets[0].secretArn;
            assert.deepEqual(statements(policy), [
                { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secret] },
                { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [KEY_ARN] },
            ]);
        });

        it("opens MySQL from the grantee's group to the database's, on both groups, and returns both rules", () => {
            const ingress = named(e, "db-connect-worker-ingress").inputs;
            const db = named(e, "db-sg").id;
            const worker = named(e, "worker-sg").id;
            assert.deepEqual(
                [
                    ingress.securityGroupId,
                    ingress.referencedSecurityGroupId,
                    ingress.ipProtocol,
                    ingress.fromPort,
                    ingress.toPort,
                ],
                [db, worker, "tcp", 3306, 3306],
            );
            const egress = named(e, "db-connect-worker-egress").inputs;
            assert.deepEqual(
                [egress.securityGroupId, egress.referencedSecurityGroupId, egress.fromPort],
                [worker, db, 3306],
            );
            assert.deepEqual(
                outputs.dependencies.connect,
                ["db-connect-worker", "db-connect-worker-ingress", "db-connect-worker-egress"].map(
                    (n) => named(e, n).urn,
                ),
            );
        });

        it("gives grantees that share a group one pair of rules (EC2 refuses a second copy), each its own policy", () => {
            const fromShared = ofType(e, T.ingress).filter((r) => r.inputs.referencedSecurityGroupId === "sg-shared");
            // Named by the group's ID, so removing either grantee keeps the rule's name (no second copy created).
            assert.deepEqual(
                fromShared.map((r) => r.name),
                ["db-connect-sg-shared-ingress"],
            );
            assert.ok(named(e, "db-connect-report-b"));
            assert.deepEqual(outputs.dependencies.connectB.slice(1), outputs.dependencies.connectA.slice(1));
        });

        it("refuses a grantee outside the VPC, naming the field", () => {
            assert.match(
                outputs.refused.outsideVpc,
                /connect grant of "db".*grantee\.securityGroupIds: "laptop" gives none/s,
            );
            assert.equal(e.resources.filter((r) => r.name.includes("laptop")).length, 0);
        });
    });

    describe("bucket.grantRead and grantWrite", () => {
        it("allow exactly GetObject or PutObject on the bucket's objects, each an inline policy of its own", () => {
            const arn = named(e, "files-bucket").outputs.arn;
            const role = named(e, "worker-role").outputs.name;
            for (const [name, action, pattern] of [
                ["files-read-worker", "s3:GetObject", "*"],
                ["files-write-worker", "s3:PutObject", "*"],
                ["files-read-report-a", "s3:GetObject", "reports/*"],
            ]) {
                const policy = named(e, name);
                assert.equal(policy.parent, named(e, "files").urn);
                assert.deepEqual(statements(policy), [
                    { Effect: "Allow", Action: [action], Resource: [`${arn}/${pattern}`] },
                ]);
                if (name.endsWith("worker")) assert.equal(policy.inputs.role, role);
            }
        });

        it("take any object with a name and a role, and refuse one without a name before registering anything", () => {
            assert.equal(named(e, "files-read-etl").inputs.role, "etl-role");
            assert.match(outputs.refused.noName, /read grant of "files".*grantee\.name: got undefined/s);
            assert.match(outputs.refused.badPattern, /objectsKeyPattern: got "\/abs"/);
        });

        it("never collide in names: one function's grants, and one bucket's grants to several functions", () => {
            const grants = ofType(e, T.rolePolicy).map((r) => r.name);
            assert.equal(new Set(grants).size, grants.length);
            assert.ok(grants.includes("files-read-worker") && grants.includes("files-write-worker"));
        });
    });

    describe("fn.grantInvoke", () => {
        it("lets one service invoke the function from one source: a permission per principal", () => {
            const fn = named(e, "worker-function").outputs.name;
            const s3 = named(e, "worker-invoke-s3").inputs;
            assert.deepEqual(s3, {
                action: "lambda:InvokeFunction",
                function: fn,
                principal: "s3.amazonaws.com",
                sourceArn: named(e, "files-bucket").outputs.arn,
                sourceAccount: MOCK_ACCOUNT_ID,
            });
            const events = named(e, "worker-invoke-events").inputs;
            assert.deepEqual(
                [events.principal, events.sourceArn, events.sourceAccount],
                ["events.amazonaws.com", RULE_ARN, undefined],
            );
            assert.equal(named(e, "worker-invoke-s3").parent, named(e, "worker").urn);
        });
    });

    describe("a grant's transform", () => {
        it("changes each child a grant makes, keeping its name and parent", () => {
            const write = named(e, "files-write-etl");
            assert.equal(write.inputs.name, "etl-writes");
            assert.equal(write.parent, named(e, "files").urn);
            assert.deepEqual(statements(write)[0].Action, ["s3:PutObject"]);
            const invoke = named(e, "etl-invoke-sns");
            assert.deepEqual([invoke.inputs.sourceArn, invoke.inputs.sourceAccount], [TOPIC_ARN, MOCK_ACCOUNT_ID]);
            assert.equal(invoke.parent, named(e, "etl").urn);
            assert.equal(named(e, "db-connect-etl").inputs.name, "etl-connect");
            const ingress = named(e, "db-connect-sg-etl-ingress");
            assert.equal(ingress.inputs.description, "MySQL from the ETL job");
            assert.equal(ingress.parent, named(e, "db").urn);
            assert.equal(named(e, "db-connect-sg-etl-egress").inputs.description, "MySQL to the database (ETL)");
            assert.deepEqual(outputs.dependencies.transformedConnect.length, 3);
        });
    });

    describe("the pure parts", () => {
        it("bucket statements: the grant's actions on <arn>/<pattern>", () => {
            assert.deepEqual(BUCKET_GRANT_ACTIONS, { read: ["s3:GetObject"], write: ["s3:PutObject"] });
            assert.deepEqual(bucketGrantStatement("write", "arn:aws:s3:::b", "out/*"), {
                Effect: "Allow",
                Action: ["s3:PutObject"],
                Resource: ["arn:aws:s3:::b/out/*"],
            });
        });

        it("connect statements: kms:Decrypt only under a customer-managed key", () => {
            assert.deepEqual(
                connectStatements("arn:s").map((s) => s.Action),
                [["secretsmanager:GetSecretValue"]],
            );
            assert.deepEqual(connectStatements("arn:s", "arn:k")[1], {
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: ["arn:k"],
            });
        });

        it("a Network-shaped placement connects its function group to its database group; explicit groups nothing", () => {
            const network = { lambdaSecurityGroupId: "sg-l", databaseSecurityGroupId: "sg-d", privateSubnetIds: [] };
            assert.deepEqual(networkConnects(network), { source: "sg-l", target: "sg-d" });
            assert.equal(networkConnects({ ...network, securityGroupIds: ["sg-x"] }), undefined);
            assert.equal(networkConnects({ subnetIds: ["s"], securityGroupIds: ["sg-x"] }), undefined);
        });

        it("placement: a VPC ID without groups asks for the component's own group; neither is refused", () => {
            const awsxLike = { vpcId: "vpc-1", privateSubnetIds: ["s1", "s2"], isolatedSubnetIds: [] };
            const fn = resolvePlacement("function", awsxLike, "why");
            assert.deepEqual(fn, {
                resolved: { subnetIds: ["s1", "s2"], ownGroupVpcId: "vpc-1", knownSubnetCount: 2 },
                issues: [],
            });
            const none = resolvePlacement("function", { privateSubnetIds: ["s1", "s2"] }, "why");
            assert.match(none.issues[0].problem, /without securityGroupIds/);
        });
    });
});
