import * as assert from "assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { MysqlDatabase, MysqlDatabaseArgs, Network } from "../../components/index";
import { MYSQL_PARAMETERS } from "../../components/database";
import { Evaluation } from "../../tools/offline/evaluate";
import { T, childrenOf, evaluateInvalid, evaluateProgram, named } from "../support/harness";

function evaluateDatabase(args: Partial<MysqlDatabaseArgs> = {}): Promise<Evaluation> {
    return evaluateProgram(() => {
        const network = new Network("net", { natStrategy: "none", flowLogs: { enabled: false } });
        const db = new MysqlDatabase("db", { network, tags: { team: "data" }, ...args });
        return {
            network: { isolated: network.isolatedSubnetIds, dbSg: network.databaseSecurityGroupId },
            address: db.address,
            port: db.port,
            endpoint: db.endpoint,
            databaseName: db.databaseName,
            username: db.username,
            secretArn: db.secretArn,
            securityGroupIds: db.securityGroupIds,
        };
    });
}

describe("MysqlDatabase", () => {
    describe("on a Network, with defaults", () => {
        let e: Evaluation;
        let instance: Record<string, any>;
        before(async () => {
            e = await evaluateDatabase();
            instance = named(e, "db-instance").inputs;
        });

        it("places the instance in the network's isolated subnets and database security group", () => {
            const network = e.outputs.network as { isolated: string[]; dbSg: string };
            const subnetGroup = named(e, "db-subnet-group");
            assert.deepEqual(subnetGroup.inputs.subnetIds, network.isolated);
            assert.equal(instance.dbSubnetGroupName, subnetGroup.outputs.name);
            assert.deepEqual(instance.vpcSecurityGroupIds, [network.dbSg]);
            assert.deepEqual(e.outputs.securityGroupIds, [network.dbSg]);
        });

        it("is MySQL 8.4 on encrypted gp3 storage, port 3306, never publicly accessible", () => {
            assert.equal(instance.engine, "mysql");
            assert.equal(instance.engineVersion, "8.4");
            assert.equal(instance.instanceClass, "db.t4g.micro");
            assert.equal(instance.storageType, "gp3");
            assert.equal(instance.storageEncrypted, true);
            assert.equal(instance.port, 3306);
            assert.equal(instance.publiclyAccessible, false);
            assert.equal(instance.allocatedStorage, 20);
            assert.equal(instance.maxAllocatedStorage, 100);
        });

        it("creates the accounts database with an RDS-managed master password, never a plain one", () => {
            assert.equal(instance.dbName, "accounts");
            assert.equal(instance.username, "paas_admin");
            assert.equal(instance.manageMasterUserPassword, true);
            assert.equal(instance.password, undefined);
            assert.equal(instance.passwordWo, undefined);
        });

        it("requires TLS through its parameter group", () => {
            const params = named(e, "db-params");
            assert.equal(params.inputs.family, "mysql8.4");
            assert.equal(instance.parameterGroupName, params.outputs.name);
            const byName = Object.fromEntries(
                params.inputs.parameters.map((p: { name: string; value: string }) => [p.name, p.value]),
            );
            assert.equal(byName.require_secure_transport, "1");
            assert.deepEqual(byName, MYSQL_PARAMETERS);
        });

        it("keeps backups, protects against deletion, takes a final snapshot named once per instance", () => {
            assert.equal(instance.backupRetentionPeriod, 7);
            assert.equal(instance.deletionProtection, true);
            assert.equal(instance.skipFinalSnapshot, false);
            assert.match(instance.finalSnapshotIdentifier, /^db-final-[0-9a-z]+-[0-9a-f]{8}$/);
            // Chosen at creation and kept by later runs (whose own stamp differs).
            assert.deepEqual(named(e, "db-instance").options?.ignoreChanges, ["finalSnapshotIdentifier"]);
            assert.equal(instance.copyTagsToSnapshot, true);
            assert.equal(instance.autoMinorVersionUpgrade, true);
            assert.equal(instance.multiAz, false);
            assert.deepEqual(instance.enabledCloudwatchLogsExports, ["error", "slowquery"]);
        });

        it("exports address, port, endpoint, database, user and the secret ARN", () => {
            const address = named(e, "db-instance").outputs.address;
            assert.equal(e.outputs.address, address);
            assert.equal(e.outputs.port, 3306);
            assert.equal(e.outputs.endpoint, `${address}:3306`);
            assert.equal(e.outputs.databaseName, "accounts");
            assert.equal(e.outputs.username, "paas_admin");
            assert.match(e.outputs.secretArn as string, /^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:rds!db-/);
        });

        it("names and parents its children, and tags them", () => {
            const children = childrenOf(e, "db");
            assert.deepEqual(children.map((c) => c.name).sort(), [
                "db-error-logs",
                "db-instance",
                "db-params",
                "db-slowquery-logs",
                "db-subnet-group",
            ]);
            for (const child of children) assert.equal(child.inputs.tags.team, "data");
        });
    });

    it("applies production settings", async () => {
        const e = await evaluateDatabase({
            multiAz: true,
            backupRetentionDays: 14,
            instanceClass: "db.m7g.large",
            engineVersion: "8.0.39",
            logExports: ["error", "slowquery", "general"],
            allocatedStorage: 100,
            maxAllocatedStorage: 100,
        });
        const instance = named(e, "db-instance").inputs;
        assert.equal(instance.multiAz, true);
        assert.equal(instance.backupRetentionPeriod, 14);
        assert.equal(instance.instanceClass, "db.m7g.large");
        assert.equal(instance.maxAllocatedStorage, 0); // equal to allocated: autoscaling off
        assert.equal(named(e, "db-params").inputs.family, "mysql8.0");
        assert.deepEqual(instance.enabledCloudwatchLogsExports, ["error", "slowquery", "general"]);
    });

    it("creates the exported logs' groups before the instance, with retention, named as RDS names them", async () => {
        const e = await evaluateDatabase({ logRetentionInDays: 90 });
        const instance = named(e, "db-instance");
        assert.match(instance.inputs.identifier, /^db-[0-9a-f]{8}$/);
        const groups = ["error", "slowquery"].map((log) => named(e, `db-${log}-logs`));
        assert.deepEqual(
            groups.map((g) => [g.inputs.name, g.inputs.retentionInDays]),
            ["error", "slowquery"].map((log) => [`/aws/rds/instance/${instance.inputs.identifier}/${log}`, 90]),
        );
        for (const g of groups)
            assert.ok(instance.dependencies.includes(g.urn), `the instance must wait for ${g.name}`);
        assert.ok(
            groups.every((g) => g.options?.retainOnDelete),
            "kept with the database (removal retain)",
        );
    });

    it("keeps its identifier across runs, and changes it exactly when a replacement comes (a new instance)", async () => {
        const id = async (args: Partial<MysqlDatabaseArgs>) =>
            named(await evaluateDatabase(args), "db-instance").inputs.identifier as string;
        const base = await id({});
        assert.equal(await id({}), base);
        assert.equal(await id({ instanceClass: "db.t4g.small", allocatedStorage: 30 }), base);
        assert.notEqual(await id({ databaseName: "ledger" }), base);
        assert.notEqual(await id({ username: "owner" }), base);
    });

    it("names each instance's final snapshot uniquely: a second creation (destroy, up) cannot collide", async () => {
        const first = named(await evaluateDatabase(), "db-instance").inputs.finalSnapshotIdentifier;
        const second = named(await evaluateDatabase(), "db-instance").inputs.finalSnapshotIdentifier;
        assert.notEqual(first, second);
        for (const id of [first, second]) assert.match(id, /^[a-z][a-z0-9-]{0,254}$/);
        assert.ok(!/--|-$/.test(first), "RDS refuses double or trailing hyphens");
    });

    it("may skip deletion protection and the final snapshot (dev)", async () => {
        const e = await evaluateDatabase({ deletionProtection: false, finalSnapshot: false, backupRetentionDays: 1 });
        const instance = named(e, "db-instance").inputs;
        assert.equal(instance.deletionProtection, false);
        assert.equal(instance.skipFinalSnapshot, true);
        assert.equal(instance.finalSnapshotIdentifier, undefined);
        assert.equal(instance.backupRetentionPeriod, 1);
    });

    it("accepts plain subnet and security group IDs (an existing VPC or another stack's outputs)", async () => {
        const e = await evaluateProgram(() => {
            const db = new MysqlDatabase("db", {
                network: { subnetIds: ["subnet-aaa", pulumi.output("subnet-bbb")], securityGroupIds: ["sg-123"] },
            });
            return { sg: db.securityGroupIds };
        });
        assert.deepEqual(named(e, "db-subnet-group").inputs.subnetIds, ["subnet-aaa", "subnet-bbb"]);
        assert.deepEqual(named(e, "db-instance").inputs.vpcSecurityGroupIds, ["sg-123"]);
        assert.deepEqual(e.outputs.sg, ["sg-123"]);
        assert.equal(e.resources.filter((r) => r.type === T.network).length, 0);
    });

    it("rejects a subnet group in one AZ, before registering anything", async () => {
        const { error, resources } = await evaluateInvalid(
            () =>
                new MysqlDatabase("db", {
                    network: { subnetIds: ["subnet-aaa"], securityGroupIds: ["sg-123"] },
                }),
        );
        assert.match(
            error.message,
            /^MysqlDatabase "db": 1 invalid argument:\n {2}- network\.subnetIds: lists 1 subnet\(s\); an RDS subnet group needs subnets in at least two AZs\. Fix: /,
        );
        assert.deepEqual(
            resources.filter((r) => r.type !== T.stack),
            [],
        );
    });

    it("rejects a missing network and bad settings together", async () => {
        const { error } = await evaluateInvalid(
            () => new MysqlDatabase("db", { network: undefined as never, instanceClass: "db.x1.tiny" }),
        );
        assert.match(error.message, /2 invalid arguments/);
        assert.match(error.message, /- instanceClass: got "db\.x1\.tiny"/);
        assert.match(
            error.message,
            /- network: got nothing\. Fix: pass a Network, an awsx\.ec2\.Vpc, or \{ subnetIds, securityGroupIds \}/,
        );
    });
});
