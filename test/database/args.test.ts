import * as assert from "assert/strict";
import {
    MYSQL_DEFAULTS,
    MysqlDatabaseArgs,
    isMysqlInstanceClass,
    parameterGroupFamily,
    rdsIdentifier,
    resolveMysqlArgs,
} from "../../components/database/args";

describe("MySQL argument rules", () => {
    const classes: [string, boolean][] = [
        ["db.t4g.micro", true],
        ["db.t3.small", true],
        ["db.m7g.large", true],
        ["db.r6i.32xlarge", true],
        ["db.t4g.4xlarge", false],
        ["db.m7g.micro", false],
        ["db.z9.large", false],
        ["t4g.micro", false],
        ["db.t4g", false],
    ];
    for (const [cls, ok] of classes)
        it(`${ok ? "accepts" : "rejects"} instance class ${cls}`, () => assert.equal(isMysqlInstanceClass(cls), ok));

    const families: [string, string][] = [
        ["8.4", "mysql8.4"],
        ["8.0.39", "mysql8.0"],
        ["8.4.5", "mysql8.4"],
    ];
    for (const [version, family] of families)
        it(`maps engine ${version} to parameter group family ${family}`, () =>
            assert.equal(parameterGroupFamily(version), family));

    const identifiers: [string, string, string][] = [
        ["prod-db", "final", "prod-db-final"],
        ["Prod_DB", "final", "prod-db-final"],
        ["9lives", "final", "db-9lives-final"],
        ["a--b", "final", "a-b-final"],
    ];
    for (const [name, suffix, id] of identifiers)
        it(`derives RDS identifier ${id} from ${name}`, () => assert.equal(rdsIdentifier(name, suffix), id));
    it("keeps RDS identifiers within the length limit without a trailing hyphen", () => {
        const id = rdsIdentifier("a".repeat(60) + "-b", "final", 61);
        assert.equal(id, "a".repeat(60));
    });

    it("applies the documented defaults", () => {
        const { resolved, issues } = resolveMysqlArgs({});
        assert.deepEqual(issues, []);
        assert.deepEqual(resolved, MYSQL_DEFAULTS);
        assert.equal(resolved.engineVersion, "8.4");
        assert.equal(resolved.deletionProtection, true);
        assert.equal(resolved.finalSnapshot, true);
    });

    const bad: [Partial<MysqlDatabaseArgs>, string, RegExp][] = [
        [{ engineVersion: "5.7" }, "engineVersion", /supported MySQL major version \(8\.0, 8\.4\)/],
        [{ engineVersion: "latest" }, "engineVersion", /got "latest"/],
        [{ instanceClass: "db.t4g.huge" }, "instanceClass", /RDS does not offer for MySQL/],
        [{ allocatedStorage: 10 }, "allocatedStorage", /from 20 to 65536/],
        [
            { allocatedStorage: 50, maxAllocatedStorage: 40 },
            "maxAllocatedStorage",
            /at least allocatedStorage.*from 50/,
        ],
        [{ backupRetentionDays: 0 }, "backupRetentionDays", /backups cannot be turned off.*from 1 to 35/],
        [{ backupRetentionDays: 36 }, "backupRetentionDays", /from 1 to 35/],
        [{ databaseName: "1accounts" }, "databaseName", /starting with a letter/],
        [{ databaseName: "my-db" }, "databaseName", /letters, digits or underscores/],
        [{ username: "rdsadmin" }, "username", /none of rdsadmin/],
        [{ username: "a".repeat(33) }, "username", /1 to 32/],
        [{ multiAz: "yes" as never }, "multiAz", /true or false/],
        [{ logExports: ["errors" as never] }, "logExports", /"error", "general", "slowquery"/],
        [{ logExports: ["error", "error"] }, "logExports", /more than once/],
    ];
    for (const [args, argument, message] of bad) {
        it(`rejects ${JSON.stringify(args)} under "${argument}"`, () => {
            const issue = resolveMysqlArgs(args).issues.find((i) => i.argument === argument);
            assert.ok(issue, `no issue for ${argument}`);
            assert.match(`${issue.problem}. Fix: ${issue.fix}`, message);
        });
    }
});

describe("MySQL argument limits", () => {
    // RDS's "Supported DB engines for DB instance classes" table for MySQL 8.x, written out independently.
    const burstable = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];
    const standard = [
        "large",
        "xlarge",
        "2xlarge",
        "4xlarge",
        "8xlarge",
        "12xlarge",
        "16xlarge",
        "24xlarge",
        "32xlarge",
        "48xlarge",
    ];
    const families: [string[], string[]][] = [
        [["t3", "t4g"], burstable],
        [["m5", "m5d", "m6g", "m6gd", "m6i", "m6id", "m7g", "m7i", "m8g"], standard],
        [["r5", "r5b", "r5d", "r6g", "r6gd", "r6i", "r6id", "r7g", "r7i", "r8g", "x2g"], standard],
    ];
    it("offers every size of every MySQL family, and nothing else", () => {
        for (const [names, sizes] of families) {
            for (const family of names) {
                for (const size of [...burstable, ...standard, "nano", "64xlarge"]) {
                    const cls = `db.${family}.${size}`;
                    assert.equal(isMysqlInstanceClass(cls), sizes.includes(size), cls);
                }
            }
        }
        for (const cls of ["xdb.t4g.micro", "db.t4g.microx", "db.t4g.micro ", "db.z1d.large", "db..micro"])
            assert.equal(isMysqlInstanceClass(cls), false, cls);
    });

    it("refuses every master user name RDS reserves, in any case", () => {
        for (const username of [
            "rdsadmin",
            "rdsrepladmin",
            "root",
            "ROOT",
            "mysql",
            "admin_role",
            "select",
            "User",
            "table",
        ]) {
            assert.deepEqual(
                resolveMysqlArgs({ username }).issues.map((i) => i.argument),
                ["username"],
                username,
            );
        }
        assert.deepEqual(resolveMysqlArgs({ username: "app_admin" }).issues, []);
    });

    // Arguments and the arguments they are rejected under ([] when accepted).
    const limits: [Partial<MysqlDatabaseArgs>, string[]][] = [
        [{ engineVersion: "8.0.39" }, []],
        [{ engineVersion: "8.4.5.1" }, ["engineVersion"]],
        [{ engineVersion: "v8.4" }, ["engineVersion"]],
        [{ engineVersion: 8.4 as never }, ["engineVersion"]],
        [{ instanceClass: 5 as never }, ["instanceClass"]],
        [{ allocatedStorage: 20, maxAllocatedStorage: 20 }, []],
        [{ allocatedStorage: 65536, maxAllocatedStorage: 65536 }, []],
        [{ allocatedStorage: 65537, maxAllocatedStorage: 65537 }, ["allocatedStorage", "maxAllocatedStorage"]],
        [{ allocatedStorage: 19 }, ["allocatedStorage"]],
        [{ allocatedStorage: 100, maxAllocatedStorage: 100 }, []],
        [{ allocatedStorage: 100, maxAllocatedStorage: 99 }, ["maxAllocatedStorage"]],
        // A broken allocatedStorage is reported once; maxAllocatedStorage is held to the 20 GiB minimum.
        [{ allocatedStorage: "big" as never, maxAllocatedStorage: 20 }, ["allocatedStorage"]],
        [{ allocatedStorage: "big" as never, maxAllocatedStorage: 19 }, ["allocatedStorage", "maxAllocatedStorage"]],
        [{ backupRetentionDays: 1 }, []],
        [{ backupRetentionDays: 35 }, []],
        [{ databaseName: "a".repeat(64) }, []],
        [{ databaseName: "a".repeat(65) }, ["databaseName"]],
        [{ databaseName: "_accounts" }, ["databaseName"]],
        [{ databaseName: 7 as never }, ["databaseName"]],
        [{ username: "a".repeat(32) }, []],
        [{ username: "1admin" }, ["username"]],
        [{ username: null as never }, ["username"]],
        [{ deletionProtection: "no" as never }, ["deletionProtection"]],
        [{ finalSnapshot: 0 as never }, ["finalSnapshot"]],
        [{ applyImmediately: "true" as never }, ["applyImmediately"]],
        [{ multiAz: false, deletionProtection: false, finalSnapshot: false, applyImmediately: true }, []],
        [{ logExports: ["audit", "error", "general", "slowquery", "iam-db-auth-error"] }, []],
        [{ logExports: [] }, []],
        [{ logExports: "error" as never }, ["logExports"]],
    ];
    for (const [args, rejected] of limits) {
        it(`${rejected.length ? `rejects ${rejected.join(", ")} of` : "accepts"} ${JSON.stringify(args)}`, () => {
            assert.deepEqual(
                resolveMysqlArgs(args).issues.map((i) => i.argument),
                rejected,
            );
        });
    }

    it("derives RDS identifiers: lowercase letters, digits and single hyphens, starting with a letter", () => {
        assert.equal(rdsIdentifier("My DB.prod", "final"), "my-db-prod-final");
        assert.equal(rdsIdentifier("_db", "final"), "db-db-final");
        assert.equal(rdsIdentifier("--x", "final"), "db-x-final");
        assert.equal(rdsIdentifier("a".repeat(300), "final").length, 255);
        assert.equal(rdsIdentifier("ab", "c--", 10), "ab-c");
    });

    it("applies the defaults its documentation states", () => {
        assert.deepEqual(resolveMysqlArgs({}).resolved, {
            engineVersion: "8.4",
            instanceClass: "db.t4g.micro",
            allocatedStorage: 20,
            maxAllocatedStorage: 100,
            databaseName: "accounts",
            username: "paas_admin",
            multiAz: false,
            deletionProtection: true,
            backupRetentionDays: 7,
            finalSnapshot: true,
            logExports: ["error", "slowquery"],
            applyImmediately: false,
            logRetentionInDays: 30,
            removal: "retain",
        });
    });

    it("reads versions with several digits", () => {
        assert.equal(parameterGroupFamily("10.11.2"), "mysql10.11");
        assert.equal(parameterGroupFamily("8.40"), "mysql8.40");
    });

    it("says what is wrong with each argument and what to do", () => {
        const lines = (args: Partial<MysqlDatabaseArgs>) =>
            resolveMysqlArgs(args).issues.map((i) => `${i.argument}: ${i.problem}. Fix: ${i.fix}`);
        assert.deepEqual(
            lines({
                instanceClass: ["db.t4g.micro"] as never,
                allocatedStorage: 10,
                maxAllocatedStorage: 20,
                databaseName: ["app"] as never,
                username: "root",
                multiAz: "no" as never,
                logExports: ["none"] as never,
            }),
            [
                'instanceClass: got ["db.t4g.micro"], which RDS does not offer for MySQL. ' +
                    'Fix: use a class such as "db.t4g.micro", "db.m7g.large" or "db.r7g.xlarge"',
                "allocatedStorage: got 10; gp3 MySQL storage is 20 to 65,536 GiB. Fix: use an integer from 20 to 65536",
                'databaseName: got ["app"]. Fix: use 1 to 64 letters, digits or underscores, starting with a letter',
                'username: got "root". Fix: use 1 to 32 letters, digits or underscores, starting with a letter, and none of ' +
                    "rdsadmin, rdsrepladmin, root, mysql, admin_role, select, user, table",
                'multiAz: got "no". Fix: use true or false',
                'logExports: got ["none"]. Fix: list some of "audit", "error", "general", "slowquery", "iam-db-auth-error"',
            ],
        );
    });

    it("refuses to name a parameter group family for a version it cannot read", () => {
        assert.throws(() => parameterGroupFamily("latest"), /not a MySQL engine version: latest/);
        assert.throws(() => parameterGroupFamily("8.4.x"), /not a MySQL engine version/);
    });
});
