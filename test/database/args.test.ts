import * as assert from "assert/strict";
import {
    MYSQL_DEFAULTS,
    MysqlDatabaseArgs,
    isMysqlInstanceClass,
    parameterGroupFamily,
    rdsIdentifier,
    resolveMysqlArgs,
} from "../../components/database";

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
