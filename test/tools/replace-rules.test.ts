import * as assert from "assert/strict";
import * as fs from "fs";
import * as path from "path";
import { DOCKER_REPLACE_RULES } from "../../tools/preview/replace-rules/docker";
import {
    RULES_FILE,
    ReplaceRules,
    TERRAFORM_TYPES,
    olderVersion,
    replaceRulesOf,
    toPulumiPath,
    withSchemaVariable,
} from "../../tools/preview/replace-rules/generate";
import { camelCase, forceNewPaths, packageConstants } from "../../tools/preview/replace-rules/go-schema";
import { evaluateStackOnce } from "../support/harness";

const rules = JSON.parse(fs.readFileSync(RULES_FILE, "utf8")) as ReplaceRules;
const replacing = (type: string) => rules.types[type].replaceOnChange;

describe("replace rules (from the providers' source)", () => {
    it("records the provider source they were generated from", () => {
        assert.equal(rules.source.provider, "hashicorp/terraform-provider-aws");
        assert.match(rules.source.version, /^\d+\.\d+\.\d+$/);
        assert.match(rules.source.commit ?? "", /^[0-9a-f]{40}$/);
    });

    it("know the cases that matter: an RDS instance's dbName or username replaces it, a Lambda's memorySize does not", () => {
        const instance = replacing("aws:rds/instance:Instance");
        for (const input of ["dbName", "username", "engine", "storageEncrypted", "kmsKeyId"])
            assert.ok(instance.includes(input), input);
        for (const input of ["instanceClass", "allocatedStorage", "multiAz", "engineVersion", "identifier"])
            assert.ok(!instance.includes(input), input);
        const fn = replacing("aws:lambda/function:Function");
        assert.ok(!fn.includes("memorySize") && !fn.includes("timeout") && !fn.includes("imageUri"));
        assert.ok(fn.includes("name") && fn.includes("packageType"), "Pulumi's name is Terraform's function_name");
        assert.ok(replacing("aws:s3/bucket:Bucket").includes("bucket"));
        assert.ok(replacing("aws:ec2/subnet:Subnet").includes("cidrBlock"));
        assert.ok(!replacing("aws:cloudwatch/logGroup:LogGroup").includes("retentionInDays"));
        assert.deepEqual(replacing("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"), ["securityGroupId"]);
        assert.deepEqual(DOCKER_REPLACE_RULES["docker-build:index:Image"], []);
        // v6: a Cognito pool's name is updated in place (ForceNew dropped in 6.6.0); a route's destination,
        // an ECR repository's encryption and a layer's code replace (the generator had missed them).
        assert.ok(!replacing("aws:cognito/userPool:UserPool").includes("name"));
        assert.ok(replacing("aws:ec2/route:Route").includes("destinationCidrBlock"));
        assert.ok(replacing("aws:ecr/repository:Repository").includes("encryptionConfigurations.kmsKey"));
        assert.ok(replacing("aws:lambda/layerVersion:LayerVersion").includes("code"));
        // Conditional in the provider (CustomizeDiff), kept: the preview errs towards replacing.
        assert.ok(replacing("aws:secretsmanager/secretVersion:SecretVersion").includes("secretString"));
        const table = replacing("aws:dynamodb/table:Table");
        assert.ok(table.includes("restoreSourceTableArn"), "restoring from a table makes a new one");
        for (const input of ["name", "hashKey", "rangeKey"]) assert.ok(table.includes(input), input);
        for (const input of ["attributes", "pointInTimeRecovery", "serverSideEncryption", "ttl", "billingMode"])
            assert.ok(!table.includes(input), input);
    });

    it("cover every type the three stacks register", async () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const e = await evaluateStackOnce(stack);
            for (const type of new Set(e.resources.filter((r) => r.custom).map((r) => r.type))) {
                if (type.startsWith("pulumi:")) continue;
                assert.ok(type in rules.types || type in DOCKER_REPLACE_RULES, `${type} has no replace rules`);
            }
        }
        assert.deepEqual(Object.keys(rules.types).sort(), Object.keys(TERRAFORM_TYPES).sort());
    });

    it("read ForceNew and RequiresReplace from schema literals, through nested blocks, skipping strings", () => {
        const go = `
func resourceThing() *schema.Resource {
    return &schema.Resource{
        Schema: map[string]*schema.Schema{
            "name": { Type: schema.TypeString, ForceNew: true, Description: "a { brace" },
            "size": { Type: schema.TypeInt, Optional: true }, // ForceNew: true in a comment
            "vpc_config": {
                Type: schema.TypeList,
                Elem: &schema.Resource{ Schema: map[string]*schema.Schema{
                    "subnet_ids": { Type: schema.TypeSet, ForceNew: true },
                    "security_group_ids": { Type: schema.TypeSet },
                }},
            },
            names.AttrType: schema.StringAttribute{ PlanModifiers: []planmodifier.String{ stringplanmodifier.RequiresReplace() } },
        },
    }
}`;
        assert.deepEqual(forceNewPaths(go, { AttrType: "type" }).sort(), ["name", "type", "vpc_config.subnet_ids"]);
        assert.equal(camelCase("db_subnet_group_name"), "dbSubnetGroupName");
        assert.equal(toPulumiPath("aws:lambda/function:Function", "function_name"), "name");
    });

    it("read keys named by the package's own constants, and tell which constants they could not find", () => {
        const go = `
const (
    attrRestAPIID = "rest_api_id"
    routeDestinationCIDRBlock string = "destination_cidr_block" // typed, with a comment
)

const attrKey = "encryption_key"

func resourceThing() *schema.Resource {
    local = "not_a_constant"
    return &schema.Resource{
        Schema: map[string]*schema.Schema{
            attrRestAPIID: { Type: schema.TypeString, Required: true, ForceNew: true },
            routeDestinationCIDRBlock: { Type: schema.TypeString, Optional: true, ForceNew: true },
            attrKey: { Type: schema.TypeString, ForceNew: true },
            attrMissing: { Elem: &schema.Resource{ Schema: map[string]*schema.Schema{ "inner": { ForceNew: true } } } },
            constructor: { ForceNew: true },
            "tags": { Type: schema.TypeMap, Elem: &schema.Schema{ Type: schema.TypeString } },
        },
    }
}`;
        const constants = packageConstants(go);
        assert.deepEqual(constants, {
            attrRestAPIID: "rest_api_id",
            routeDestinationCIDRBlock: "destination_cidr_block",
            attrKey: "encryption_key",
        });
        const unresolved: string[] = [];
        // An unknown constant's attribute is left out with what it holds (never read as top-level paths), and
        // told; a name every object has (constructor) is no constant.
        assert.deepEqual(forceNewPaths(go, constants, (name) => unresolved.push(name)).sort(), [
            "destination_cidr_block",
            "encryption_key",
            "rest_api_id",
        ]);
        assert.deepEqual(unresolved, ["attrMissing", "constructor"]);
    });

    it("add the provider's conditional replacements to a type's rules, and list what is not a Pulumi input", () => {
        // aws_secretsmanager_secret_version since 6.45: secret_string has no ForceNew, a CustomizeDiff forces it.
        const go = `{ Schema: map[string]*schema.Schema{
            "secret_id": { Type: schema.TypeString, Required: true, ForceNew: true },
            "secret_string": { Type: schema.TypeString, Optional: true, Sensitive: true },
            "arn": { Type: schema.TypeString, Computed: true, ForceNew: true },
        } }`;
        assert.deepEqual(replaceRulesOf("aws:secretsmanager/secretVersion:SecretVersion", go, {}), {
            replaceOnChange: ["secretId", "secretString", "secretStringWo", "secretStringWoVersion"],
            dropped: ["arn"],
            unresolved: [],
        });
    });

    it("refuse to regenerate from a provider older than the rules read by hand", () => {
        for (const [a, b, older] of [
            ["5.46.0", "6.58.0", true],
            ["6.58.0", "6.58.0", false],
            ["6.9.0", "6.58.0", true],
            ["6.60.1", "6.58.0", false],
        ] as const)
            assert.equal(olderVersion(a, b), older, `${a} < ${b}`);
    });

    it("follow a factory's schema variable, also through maps.Clone (newer provider versions)", () => {
        const variable = `var queueSchema = map[string]*schema.Schema{ "name": { ForceNew: true } }`;
        for (const reference of ["Schema: queueSchema,", "Schema: maps.Clone(queueSchema),"])
            assert.deepEqual(forceNewPaths(withSchemaVariable(`{ ${reference} }`, [variable])), ["name"], reference);
    });

    it("rename the inputs Pulumi names otherwise", () => {
        assert.equal(toPulumiPath("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm_name"), "name");
        assert.equal(toPulumiPath("aws:lambda/layerVersion:LayerVersion", "filename"), "code");
        assert.equal(
            toPulumiPath("aws:ecr/repository:Repository", "encryption_configuration.kms_key"),
            "encryptionConfigurations.kmsKey",
        );
    });

    it("are regenerated by a script in the repository", () => {
        const { scripts } = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as {
            scripts: Record<string, string>;
        };
        assert.match(scripts["generate:replace-rules"], /tools\/preview\/replace-rules\/generate\.ts/);
    });
});
