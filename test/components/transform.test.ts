/**
 * The customisation contract every component keeps: each child can be changed by the caller's `transform` for its
 * role, in either form, before it is registered, without changing its name, URN or parent; every role of the
 * component's `...ChildArgs` type is a child it registers, and every child it registers has a role; every child is
 * reachable in `nodes`. One evaluation for the whole file: the components as they are (`c-`), with a function on
 * every role (`f-`), an object on every role (`o-`) and an empty transform on every role (`e-`).
 */
import * as assert from "assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    ContainerFunction,
    InvalidArgsError,
    Layer,
    LayerFunction,
    MysqlDatabase,
    Network,
    PrivateBucket,
    RestApi,
    UserPool,
} from "../../components/index";
import { PRIVATE_BUCKET_ROLES } from "../../components/bucket";
import { CONTAINER_FUNCTION_ROLES } from "../../components/container-function";
import { MYSQL_DATABASE_ROLES } from "../../components/database";
import { LAYER_ROLES } from "../../components/layer";
import { LAYER_FUNCTION_ROLES } from "../../components/layer-function";
import { NETWORK_ROLES } from "../../components/network";
import { REST_API_ROLES } from "../../components/rest-api";
import { USER_POOL_ROLES } from "../../components/user-pool";
import { applyTransform, checkTransforms } from "../../components/transform";
import { THUMBNAIL_LAYER_PACKAGES } from "../../stacks/layers";
import { LAYERS_DIR } from "../../tools/build/layers";
import { Evaluation, RecordedResource } from "../../tools/offline/evaluate";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { REGION, UNTAGGABLE, evaluateProgram } from "../support/harness";

/** Every role of each component's children (each checked against its `...ChildArgs` type where it is defined). */
const ROLES = {
    network: Object.keys(NETWORK_ROLES),
    database: Object.keys(MYSQL_DATABASE_ROLES),
    container: Object.keys(CONTAINER_FUNCTION_ROLES),
    layer: Object.keys(LAYER_ROLES),
    layerfn: Object.keys(LAYER_FUNCTION_ROLES),
    bucket: Object.keys(PRIVATE_BUCKET_ROLES),
    api: Object.keys(REST_API_ROLES),
    users: Object.keys(USER_POOL_ROLES),
};
type Kind = keyof typeof ROLES;
const KINDS = Object.keys(ROLES) as Kind[];

const ARN = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${MOCK_ACCOUNT_ID}:${resource}`;
// A VPC given without groups (as an awsx VPC is), so that the components make their own groups, which are children too.
const PLACEMENT = { vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"] };
const ALARMS = { topicArn: ARN("sns", "alerts") };
const FUNCTION = {
    network: PLACEMENT,
    tracing: true,
    secretArns: [ARN("secretsmanager", "secret:db-AbCdEf")],
    alarms: ALARMS,
};
const TARGET = { functionName: "fn", invokeArn: ARN("lambda", "function:fn"), timeout: 10 };

type AnyTransforms = Record<string, any>;
type Nodes = Record<string, pulumi.Resource | pulumi.Resource[] | undefined>;

/** Each component with every optional child it can have, named `<prefix>-<kind>`; returns its nodes. */
function register(
    prefix: string,
    dir: string,
    transform: (kind: Kind) => AnyTransforms | undefined,
): Record<Kind, Nodes> {
    const opts = (kind: Kind) => ({ transform: transform(kind) });
    const name = (kind: Kind) => `${prefix}-${kind}`;
    const nodes = {} as Record<Kind, Nodes>;
    const keep = (kind: Kind, component: { nodes: object }) => (nodes[kind] = component.nodes as Nodes);
    keep(
        "network",
        new Network(name("network"), { natStrategy: "perAz", interfaceEndpoints: ["secretsmanager"] }, opts("network")),
    );
    keep("database", new MysqlDatabase(name("database"), { network: PLACEMENT }, opts("database")));
    keep(
        "container",
        new ContainerFunction(name("container"), { image: { context: dir }, ...FUNCTION }, opts("container")),
    );
    keep(
        "layer",
        new Layer(name("layer"), { packages: THUMBNAIL_LAYER_PACKAGES, cacheDir: LAYERS_DIR }, opts("layer")),
    );
    keep(
        "layerfn",
        new LayerFunction(
            name("layerfn"),
            {
                code: { directory: dir },
                ...FUNCTION,
                triggers: {
                    s3: [{ bucket: { arn: "arn:aws:s3:::uploads", bucket: "uploads" } }],
                    schedules: [{ expression: "rate(1 hour)" }],
                },
            },
            opts("layerfn"),
        ),
    );
    keep("bucket", new PrivateBucket(name("bucket"), { expireAfterDays: 30 }, opts("bucket")));
    keep(
        "api",
        new RestApi(
            name("api"),
            {
                stageName: "dev",
                manageAccountLoggingRole: true,
                cognitoUserPoolArns: [ARN("cognito-idp", "userpool/eu-west-1_abc")],
                routes: [
                    { method: "GET", path: "/accounts/{id}", target: TARGET, auth: "cognito" },
                    { method: "POST", path: "/accounts", target: TARGET, auth: "apiKey" },
                    {
                        method: "GET",
                        path: "/records",
                        awsService: {
                            service: "dynamodb",
                            action: "Query",
                            requestTemplate: "{}",
                            resources: [ARN("dynamodb", "table/records")],
                        },
                    },
                ],
            },
            opts("api"),
        ),
    );
    keep("users", new UserPool(name("users"), {}, opts("users")));
    return nodes;
}

/** Nodes as URNs (the program's outputs), so the test can match them with what was registered. */
function nodeUrns(nodes: Record<Kind, Nodes>) {
    return Object.fromEntries(
        KINDS.map((kind) => [
            kind,
            Object.fromEntries(
                Object.entries(nodes[kind])
                    .filter(([, node]) => node !== undefined)
                    .map(([key, node]) => [key, Array.isArray(node) ? pulumi.all(node.map((n) => n.urn)) : node!.urn]),
            ),
        ]),
    );
}

/** The object form the test gives every role: children without tags or a description ignore those keys. */
const objectForm = (role: string) => ({ tags: { object: role }, description: `object:${role}` });

/** A per-item role's key in `nodes`: `privateSubnet` → `privateSubnets`, `servicePolicy` → `servicePolicies`. */
const plural = (role: string) =>
    role.endsWith("s") ? role : role.endsWith("y") ? `${role.slice(0, -1)}ies` : `${role}s`;

interface Call {
    kind: Kind;
    role: string;
    name: string;
    /** The input the transform changed: `tags` where the child has tags, else its first argument. */
    input: string;
    marker: unknown;
}

describe("transform and nodes: every child of every component", () => {
    let dir: string;
    let evaluation: Evaluation;
    const calls: Call[] = [];
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-transform-"));
        fs.writeFileSync(path.join(dir, "index.js"), "exports.handler = async () => 'ok';");
        fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM public.ecr.aws/lambda/nodejs:22\nCOPY index.js ./\n");
        evaluation = await evaluateProgram(() => {
            const nodes = register("c", dir, () => undefined);
            // The function form on every role: changes an input and an option, and tries to move the child.
            register("f", dir, (kind) =>
                Object.fromEntries(
                    ROLES[kind].map((role) => [
                        role,
                        (args: Record<string, unknown>, opts: pulumi.CustomResourceOptions, name: string) => {
                            const input = "tags" in args ? "tags" : Object.keys(args)[0];
                            const marker = input === "tags" ? { transformed: role } : `transformed:${role}`;
                            args[input] = marker;
                            opts.ignoreChanges = [...(opts.ignoreChanges ?? []), `transformed-${role}`];
                            opts.parent = undefined;
                            calls.push({ kind, role, name, input, marker });
                        },
                    ]),
                ),
            );
            // The object form on every role, and an empty transform on every role.
            register("o", dir, (kind) => Object.fromEntries(ROLES[kind].map((role) => [role, objectForm(role)])));
            register("e", dir, (kind) => Object.fromEntries(ROLES[kind].map((role) => [role, {}])));
            return { nodes: nodeUrns(nodes) };
        });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const component = (e: Evaluation, name: string) => e.resources.find((r) => r.name === name && !r.custom)!;
    const children = (e: Evaluation, name: string): RecordedResource[] =>
        e.resources.filter((r) => r.parent === component(e, name).urn);

    for (const kind of KINDS) {
        describe(kind, () => {
            it("applies the role's function to every child, once, and the children carry what it changed", () => {
                const registered = children(evaluation, `f-${kind}`);
                const mine = calls.filter((c) => c.kind === kind);
                assert.deepEqual(
                    mine.map((c) => c.name).sort(),
                    registered.map((r) => r.name).sort(),
                    "every child, and only children, went through a transform",
                );
                for (const call of mine) {
                    const child = registered.find((r) => r.name === call.name)!;
                    assert.deepEqual(child.inputs[call.input], call.marker, `${call.name}.${call.input}`);
                    assert.ok(child.options?.ignoreChanges.includes(`transformed-${call.role}`), call.name);
                }
            });

            it("has a transform key for every child it registers, and registers a child for every key", () => {
                const called = new Set(calls.filter((c) => c.kind === kind).map((c) => c.role));
                assert.deepEqual([...called].sort(), [...ROLES[kind]].sort());
            });

            it("merges the object form over the child's arguments (tags, descriptions)", () => {
                const roleOf = new Map(calls.filter((c) => c.kind === kind).map((c) => [c.name.slice(2), c.role]));
                const marked = children(evaluation, `o-${kind}`).filter(
                    (r) => !UNTAGGABLE.has(r.type) || "description" in r.inputs,
                );
                assert.ok(marked.length > 0);
                for (const child of marked) {
                    const { tags, description } = objectForm(roleOf.get(child.name.slice(2))!);
                    if (!UNTAGGABLE.has(child.type)) assert.deepEqual(child.inputs.tags, tags, child.name);
                    if ("description" in child.inputs) assert.equal(child.inputs.description, description, child.name);
                }
            });

            it("keeps every child's name, URN and parent, whatever the transform", () => {
                const urns = (e: Evaluation, prefix: string) =>
                    children(e, `${prefix}-${kind}`)
                        .map((r) => r.urn.replace(`::${prefix}-${kind}`, `::c-${kind}`))
                        .sort();
                const before = urns(evaluation, "c");
                assert.ok(before.length > 0);
                assert.deepEqual(urns(evaluation, "f"), before, "function form");
                assert.deepEqual(urns(evaluation, "e"), before, "empty transforms");
                assert.deepEqual(urns(evaluation, "o"), before, "object form");
            });

            it("reaches every child through nodes, by role (per-item roles as lists)", () => {
                const nodes = (evaluation.outputs.nodes as Record<Kind, Record<string, string | string[]>>)[kind];
                const roleOf = new Map(calls.filter((c) => c.kind === kind).map((c) => [c.name.slice(2), c.role]));
                const byRole = new Map<string, string[]>();
                for (const child of children(evaluation, `c-${kind}`)) {
                    const role = roleOf.get(child.name.slice(2))!;
                    byRole.set(role, [...(byRole.get(role) ?? []), child.urn]);
                }
                for (const role of ROLES[kind]) {
                    const node = nodes[role] ?? nodes[plural(role)];
                    assert.ok(node !== undefined, `nodes has ${role}`);
                    assert.deepEqual([node].flat().sort(), byRole.get(role)!.sort(), `nodes of ${role}`);
                }
                assert.equal(Object.keys(nodes).length, ROLES[kind].length, Object.keys(nodes).join());
            });
        });
    }

    it("merges an object shallowly, and gives a function copies: the same name and parent, other children unchanged", () => {
        const parent = { urn: "parent" } as unknown as pulumi.Resource;
        const tags: Record<string, string> = { team: "a", Name: "x" };
        const args = { description: "d", tags, nested: { list: [1] } };
        assert.deepEqual(applyTransform<typeof args>({ tags: { team: "b" } }, "x", args, { parent }), [
            "x",
            { description: "d", tags: { team: "b" }, nested: { list: [1] } },
            { parent },
        ]);
        const [name, changed, opts] = applyTransform<typeof args>(
            (a, o) => {
                a.tags.team = "b";
                a.nested.list.push(2);
                o.protect = false;
                o.parent = undefined;
            },
            "x",
            args,
            { parent, protect: true },
        );
        assert.equal(name, "x");
        assert.deepEqual(changed, { description: "d", tags: { team: "b", Name: "x" }, nested: { list: [1, 2] } });
        assert.deepEqual(opts, { parent, protect: false });
        assert.deepEqual(args, { description: "d", tags: { team: "a", Name: "x" }, nested: { list: [1] } });
    });

    it("refuses an unknown role or a transform of the wrong kind before anything registers, naming the fix", () => {
        assert.deepEqual(checkTransforms(undefined, ["bucket"]), []);
        assert.deepEqual(checkTransforms({ bucket: {}, expiry: () => undefined }, ["bucket", "expiry"]), []);
        assert.deepEqual(
            checkTransforms([], ["bucket"]).map((i) => i.argument),
            ["transform"],
        );
        // A JavaScript caller's (or a typo TypeScript lets through, e.g. from a variable).
        const transform = { buckets: { tags: {} }, tlsOnly: "yes", expiry: null } as object;
        assert.throws(
            () => new PrivateBucket("uploads", { expireAfterDays: 0 }, { transform }),
            (e: InvalidArgsError) => {
                assert.ok(e instanceof InvalidArgsError);
                assert.deepEqual(
                    e.issues.map((i) => i.argument),
                    ["expireAfterDays", "transform.buckets", "transform.tlsOnly", "transform.expiry"],
                );
                assert.match(e.issues[1].fix, /use one of bucket, publicAccess, encryption, tlsOnly, expiry/);
                return true;
            },
        );
    });
});
