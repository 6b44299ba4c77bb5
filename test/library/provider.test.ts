/**
 * The library as other Pulumi languages get it: Pulumi's component provider (what `pulumi package add` runs
 * for a source-based plugin package) analyzes the components' TypeScript into a schema, which every argument
 * and output must fit, and constructs each component from the plain inputs another language's SDK sends.
 */
import * as assert from "assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import * as lib from "../../components/index";
import { PACKAGE_NAME } from "../../components/component-type";
import { THUMBNAIL_LAYER_PACKAGES } from "../../stacks/layers";
import { LAYERS_DIR } from "../../tools/build/layers";
import { REPO_ROOT } from "../../tools/paths";
import { RecordedResource } from "../../tools/offline/evaluate";
import { evaluateProgram } from "../support/harness";
import { codeBlocks, goProblems, pythonProblems } from "../support/sdk-examples";

const COMPONENTS = {
    Network: lib.Network,
    MysqlDatabase: lib.MysqlDatabase,
    ContainerFunction: lib.ContainerFunction,
    RestApi: lib.RestApi,
    Layer: lib.Layer,
    LayerFunction: lib.LayerFunction,
    PrivateBucket: lib.PrivateBucket,
    UserPool: lib.UserPool,
};
type ComponentName = keyof typeof COMPONENTS;

interface SchemaProperty {
    description?: string;
    $ref?: string;
    items?: SchemaProperty;
}
interface Schema {
    name: string;
    resources: Record<
        string,
        {
            description?: string;
            isComponent?: boolean;
            inputProperties: Record<string, SchemaProperty>;
            properties: Record<string, SchemaProperty>;
        }
    >;
    types: Record<string, { description?: string; properties?: Record<string, SchemaProperty>; enum?: unknown[] }>;
}

describe("the component provider (other Pulumi languages)", function () {
    this.timeout(120_000);
    const provider = new ComponentProvider({
        components: Object.values(COMPONENTS),
        name: PACKAGE_NAME,
        dirname: path.join(REPO_ROOT, "components"),
    });
    let schema: Schema;
    let scratch: string;
    before(async () => {
        schema = JSON.parse(await provider.getSchema()) as Schema;
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "paas-provider-"));
        fs.writeFileSync(path.join(scratch, "index.js"), "exports.handler = async () => 'ok';");
        fs.writeFileSync(path.join(scratch, "Dockerfile"), "FROM public.ecr.aws/lambda/nodejs:22\nCOPY index.js ./\n");
    });
    after(() => scratch && fs.rmSync(scratch, { recursive: true, force: true }));

    it("analyzes every component into the schema, with its description", () => {
        assert.equal(schema.name, PACKAGE_NAME);
        assert.deepEqual(
            Object.keys(schema.resources).sort(),
            Object.keys(COMPONENTS)
                .map((name) => `${PACKAGE_NAME}:index:${name}`)
                .sort(),
        );
        for (const [token, resource] of Object.entries(schema.resources)) {
            assert.ok(resource.isComponent, token);
            assert.ok(resource.description, `${token} has a description`);
        }
    });

    it("describes every argument, and every property of the argument types", () => {
        const undocumented = [
            ...Object.entries(schema.resources).flatMap(([token, r]) =>
                Object.entries(r.inputProperties)
                    .filter(([, p]) => !p.description)
                    .map(([name]) => `${token}.${name}`),
            ),
            ...Object.entries(schema.types).flatMap(([token, t]) => [
                ...Object.entries(t.properties ?? {})
                    .filter(([, p]) => !p.description)
                    .map(([name]) => `${token}.${name}`),
            ]),
        ];
        assert.deepEqual(undocumented, []);
        // A `{@link}` in a doc comment reaches the analyzer as a list of nodes, which it prints as "[object Object]".
        const garbled = JSON.stringify(schema).match(/"[^"]*\[object Object\][^"]*"/g);
        assert.equal(garbled, null, "descriptions without {@link} tags");
    });

    it("states each documented default in the description (the analyzer drops `@default` tags)", () => {
        const input = (component: string, name: string) =>
            schema.resources[`${PACKAGE_NAME}:index:${component}`].inputProperties[name].description ?? "";
        assert.match(input("Network", "azCount"), /\nDefault: 2\.$/);
        assert.match(input("MysqlDatabase", "instanceClass"), /\nDefault: "db\.t4g\.micro"\.$/);
        const flowLogs = schema.types[`${PACKAGE_NAME}:index:FlowLogs`].properties!.retentionInDays;
        assert.match(flowLogs.description ?? "", /\nDefault: 90\.$/);
        const stated = JSON.stringify(schema).match(/Default: /g)?.length ?? 0;
        assert.ok(stated >= 80, `${stated} defaults stated`);
    });

    it("names no type ...Args, which the SDK generators would make ...ArgsArgs", () => {
        const doubled = Object.keys(schema.types).filter((token) => token.endsWith("Args"));
        assert.deepEqual(doubled, []);
    });

    it("has the names the README's Python and Go examples use, by Pulumi's SDK naming", () => {
        const markdown = ["README.md", "components/README.md"].map((f) =>
            fs.readFileSync(path.join(REPO_ROOT, f), "utf8"),
        );
        const python = markdown.flatMap((m) => codeBlocks(m, "python"));
        const go = markdown.flatMap((m) => codeBlocks(m, "go"));
        assert.ok(python.length >= 2 && go.length >= 1, `${python.length} Python and ${go.length} Go examples`);
        assert.deepEqual(
            python.flatMap((code) => pythonProblems(schema, code)),
            [],
        );
        assert.deepEqual(
            go.flatMap((code) => goProblems(schema, code)),
            [],
        );
        // The check itself: a misspelled argument, enum member, class and output are each found.
        const wrong = `n = paas.Network("x", cidr_blok="a", nat_strategy=paas.NatStrategy.SOMETIMES)\np = paas.Networks("y")\nn.vpc_idx`;
        assert.equal(pythonProblems(schema, wrong).length, 4);
        const wrongGo = `n, err := paas.NewNetwork(ctx, "x", &paas.NetworkArgs{CidrBlok: nil})\ns := paas.NatStrategySometimes\nn.VpcIdx`;
        assert.equal(goProblems(schema, wrongGo).length, 3);
    });

    it("lists every output of every component", () => {
        const outputs = (name: ComponentName) =>
            Object.keys(schema.resources[`${PACKAGE_NAME}:index:${name}`].properties);
        for (const name of ["vpcId", "privateSubnetIds", "isolatedSubnetIds", "lambdaSecurityGroupId"])
            assert.ok(outputs("Network").includes(name), `Network.${name}`);
        for (const name of ["endpoint", "secretArn", "address", "port"])
            assert.ok(outputs("MysqlDatabase").includes(name), `MysqlDatabase.${name}`);
        for (const name of ["functionName", "arn", "invokeArn", "roleArn"])
            assert.ok(outputs("ContainerFunction").includes(name), `ContainerFunction.${name}`);
        assert.ok(outputs("RestApi").includes("restApiId"));
        assert.ok(outputs("PrivateBucket").includes("bucketName"));
        for (const name of ["userPoolId", "userPoolArn", "clientId", "issuerUrl"])
            assert.ok(outputs("UserPool").includes(name), `UserPool.${name}`);
    });

    it("gives other languages each component's nodes as references to its child resources, and no transform", () => {
        // A property typed as a bare Pulumi resource becomes an object type of its own, which no engine answer fits.
        assert.equal(schema.types[`${PACKAGE_NAME}:index:Resource`], undefined, "no Resource object type");
        for (const name of Object.keys(COMPONENTS)) {
            const resource = schema.resources[`${PACKAGE_NAME}:index:${name}`];
            const nodes = resource.properties.nodes?.$ref?.replace("#/types/", "");
            assert.ok(nodes && schema.types[nodes]?.properties, `${name}.nodes is an object type`);
            for (const [key, property] of Object.entries(schema.types[nodes].properties)) {
                const ref = property.$ref ?? property.items?.$ref;
                assert.match(
                    ref ?? "",
                    /^\/(aws|docker-build)\/v[\d.]+\/schema\.json#\/resources\//,
                    `${name}.nodes.${key}`,
                );
            }
            // `transform` is a TypeScript option (functions cannot cross languages), never a schema input.
            assert.ok(!("transform" in resource.inputProperties), `${name} has no transform input`);
        }
    });

    it("declares the enumerations as enums, so other languages get their values", () => {
        const values = (name: string) =>
            (schema.types[`${PACKAGE_NAME}:index:${name}`]?.enum as { value: unknown }[] | undefined)?.map(
                (e) => e.value,
            );
        assert.deepEqual(values("NatStrategy"), ["none", "single", "perAz"]);
        assert.deepEqual(values("Architecture"), ["x86_64", "arm64"]);
        assert.ok(values("LogRetentionDays")?.includes(365));
        assert.ok(values("HttpMethod")?.includes("GET"));
        assert.deepEqual(values("QuotaPeriod"), ["DAY", "WEEK", "MONTH"]);
        assert.deepEqual(values("ThreatProtection"), ["OFF", "AUDIT", "ENFORCED"]);
    });

    /** Plain inputs, as a Python or Go program sends them. */
    const inputs = (): Record<ComponentName, Record<string, unknown>> => ({
        Network: { cidrBlock: "10.40.0.0/16", azCount: 2, natStrategy: "single", flowLogs: { retentionInDays: 30 } },
        MysqlDatabase: {
            network: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] },
            instanceClass: "db.t4g.small",
        },
        ContainerFunction: { image: { context: scratch }, timeout: 20 },
        RestApi: {
            stageName: "dev",
            routes: [
                {
                    method: "GET",
                    path: "/accounts/{id}",
                    target: { functionName: "fn", invokeArn: "arn:aws:lambda:eu-west-1:1:function:fn", timeout: 10 },
                },
            ],
        },
        Layer: { packages: THUMBNAIL_LAYER_PACKAGES, cacheDir: LAYERS_DIR },
        LayerFunction: {
            code: { directory: scratch },
            layers: [{ arn: "arn:aws:lambda:eu-west-1:123456789012:layer:sharp:1" }],
            triggers: { schedules: [{ expression: "rate(1 hour)" }] },
        },
        PrivateBucket: { expireAfterDays: 30 },
        UserPool: { mfa: "ON", threatProtection: "AUDIT", removal: "remove" },
    });

    /** What a program registered, as type and name under its parent's type, the component itself excluded. */
    const children = (resources: RecordedResource[]) => {
        const types = new Map(resources.map((r) => [r.urn, r.type]));
        return resources
            .filter((r) => r.parent !== undefined && types.get(r.parent) !== "pulumi:pulumi:Stack")
            .map((r) => `${types.get(r.parent!)} > ${r.type} ${r.name}`)
            .sort();
    };

    for (const name of Object.keys(COMPONENTS) as ComponentName[]) {
        it(`constructs ${name} from plain inputs, registering the same children as a TypeScript program`, async () => {
            const args = inputs()[name];
            let state: Record<string, unknown> = {};
            const viaProvider = await evaluateProgram(async () => {
                ({ state } = await provider.construct("c", `${PACKAGE_NAME}:index:${name}`, args, {}));
            });
            // What the engine sends back to the program: the outputs, nodes among them (as resource references).
            const nodes = Object.values(state.nodes as object)
                .flat()
                .filter((n) => n !== undefined);
            assert.ok(nodes.length > 0 && nodes.every((n) => n instanceof pulumi.CustomResource), `${name}.nodes`);
            const Component = COMPONENTS[name] as new (name: string, args: unknown) => unknown;
            const inTypeScript = await evaluateProgram(() => void new Component("c", args));
            const registered = children(viaProvider.resources);
            assert.ok(registered.length > 0, `${name} registered children`);
            assert.deepEqual(registered, children(inTypeScript.resources));
            assert.ok(viaProvider.resources.some((r) => r.type === `${PACKAGE_NAME}:index:${name}` && r.name === "c"));
        });
    }
});
