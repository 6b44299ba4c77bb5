import { Evaluation, RecordedResource } from "../offline/evaluate";
import { StackIndex, T, at, items, text, texts } from "./stack-index";

/** Subnet tiers from the edge of the network inwards: the order a zone's subnets are stacked in. */
const TIERS = ["public", "private", "isolated"];

/** Display names of AWS services (VPC endpoints, failure destinations); any other shows as AWS names it. */
const SERVICES: Record<string, string> = {
    s3: "S3",
    secretsmanager: "Secrets Manager",
    "ecr.api": "ECR API",
    "ecr.dkr": "ECR registry",
    logs: "CloudWatch Logs",
    sqs: "SQS",
    sns: "SNS",
    kms: "KMS",
    sts: "STS",
    lambda: "Lambda",
};

/**
 * Renders the architecture as a Mermaid flowchart derived from what the stack registers: each VPC with its
 * availability zones in order and their subnets by tier, its gateways and endpoints; the functions, database,
 * buckets, queues and APIs; and a link from each resource to what it uses, read from the resources themselves
 * (routes, security group rules, subnet placement, environment variables, integrations, bucket notifications,
 * failure destinations); schedules and deploy-time runs are written in the function's label. Drawn to be read in
 * a README's column (about 830 px): short labels without the stack's own name prefix, broken over lines, and
 * what does not touch the VPC drawn below it, not beside it.
 */
export function renderMermaid(e: Evaluation): string {
    return new Diagram(new StackIndex(e)).render();
}

type Resource = RecordedResource;

/** Something with a node ID: a resource, or a box or node of the diagram's own. */
interface Named {
    name: string;
}

const INTERNET: Named = { name: "internet" };

interface Edge {
    from: string;
    to: string;
    /** Mermaid's link: `-->`, `---`, `-.-`, `-.->`, or `~~~` (invisible: it only places what it links). */
    arrow: string;
    text?: string;
    /** A link that does not tie what it joins into one group for placing (see placeBelow). */
    loose?: boolean;
}

class Diagram {
    private readonly lines: string[] = [];
    private readonly edges: Edge[] = [];
    private readonly styles: string[] = [];
    private readonly drawn = new Set<string>();
    /** The IDs of the nodes drawn outside any VPC, in the order drawn. */
    private readonly outside: string[] = [];

    constructor(private readonly stack: StackIndex) {}

    render(): string {
        const s = this.stack;
        this.lines.push("flowchart TB", `  ${id(INTERNET)}(("Internet"))`);
        for (const api of s.of(T.api)) this.node(api, 1, `["${label(`API Gateway<br>${this.stagesOf(api)}`)}"]`);
        for (const vpc of s.of(T.vpc)) this.network(vpc);
        for (const fn of s.of(T.fn)) this.node(fn, 1, `[["${label(this.functionLabel(fn))}"]]`);
        for (const db of s.of(T.db)) this.node(db, 1, `[("${label(databaseLabel(db))}")]`);
        for (const ref of s.of(T.stackRef))
            this.node(ref, 1, `[["${label(`network from stack<br>${text(ref.inputs, "name")}`)}"]]`);
        for (const bucket of s.of(T.bucket)) this.node(bucket, 1, `[("${label(`S3 ${this.short(bucket)}`)}")]`);
        for (const table of s.of(T.table)) this.node(table, 1, `[("${label(`DynamoDB ${this.short(table)}`)}")]`);
        for (const vpc of s.of(T.vpc)) this.networkLinks(vpc);
        this.applicationLinks();
        this.dashboards();
        this.placeBelow(s.of(T.vpc).at(-1));
        const edges = this.edges.map((e) => `  ${e.from} ${e.arrow}${e.text ? `|"${label(e.text)}"|` : ""} ${e.to}`);
        return [...this.lines, ...edges, ...this.styles].join("\n");
    }

    /**
     * A VPC: its availability zones side by side in order (a, b, c), each with its subnets stacked by tier and
     * its NAT gateways; then what has network interfaces in it. The zones sit in a dashed "subnets" box laid out
     * left to right, the one way to make Mermaid keep their order (it orders boxes side by side as it likes); what is
     * linked to the subnets of the zones (gateways, endpoints, functions, databases) is linked to that box,
     * labelled with the tiers concerned. A link into a zone would make Mermaid stack the zones instead.
     */
    private network(vpc: Resource): void {
        const subnets = this.stack.subnetsOf(vpc);
        this.lines.push(
            `  subgraph ${id(vpc)}["${label(`VPC ${this.short(vpc)} · ${text(vpc.inputs, "cidrBlock")}`)}"]`,
        );
        for (const igw of this.stack.of(T.igw).filter((g) => text(g.inputs, "vpcId") === vpc.id))
            this.node(igw, 2, `["Internet gateway"]`);
        this.lines.push(`    subgraph ${id(zonesBox(vpc))}["subnets"]`, "      direction LR");
        const zones = [...new Set(subnets.map((s) => text(s.inputs, "availabilityZone")))].sort();
        zones.forEach((zone, i) => {
            this.lines.push(`      subgraph ${id(zoneBox(vpc, zone))}["${label(zone)}"]`, "        direction TB");
            this.zone(subnets.filter((s) => text(s.inputs, "availabilityZone") === zone).sort(byTier));
            this.lines.push("      end");
            if (i > 0) this.edge(zoneBox(vpc, zones[i - 1]), "~~~", zoneBox(vpc, zone));
        });
        this.lines.push("    end");
        this.styles.push(`  style ${id(zonesBox(vpc))} fill:none,stroke:#999,stroke-dasharray:4 4`);
        for (const endpoint of this.stack.of(T.endpoint).filter((p) => text(p.inputs, "vpcId") === vpc.id)) {
            const service = text(endpoint.inputs, "serviceName").split(".").slice(3).join(".");
            const kind = text(endpoint.inputs, "vpcEndpointType").toLowerCase();
            this.node(endpoint, 2, `[/"${label(`${SERVICES[service] ?? service}<br>${kind}<br>endpoint`)}"/]`);
        }
        for (const fn of this.stack.of(T.fn).filter((f) => this.stack.placedIn(f, subnets).length > 0))
            this.node(fn, 2, `[["${label(this.functionLabel(fn))}"]]`);
        for (const { instance } of this.stack.databasesIn(subnets))
            this.node(instance, 2, `[("${label(databaseLabel(instance))}")]`);
        this.lines.push("  end");
    }

    /** A zone's subnets stacked from the internet inwards, each NAT gateway under the subnet it is in. */
    private zone(subnets: Resource[]): void {
        let above: Resource | undefined;
        for (const subnet of subnets) {
            const nat = this.stack.natOf(subnet);
            const natZone = this.stack.zoneOf(nat);
            // A NAT gateway in another zone (natStrategy single) is named rather than linked (see network()).
            const away = natZone && natZone !== text(subnet.inputs, "availabilityZone") ? ["NAT in", natZone] : [];
            this.node(
                subnet,
                4,
                `["${label([tierOf(subnet), text(subnet.inputs, "cidrBlock"), ...away].join("<br>"))}"]`,
            );
            // A line where the one above is the NAT gateway this subnet routes to; otherwise only placed below it.
            if (above) this.edge(above, nat === above ? "---" : "~~~", subnet);
            above = subnet;
            for (const gateway of this.stack.of(T.nat).filter((n) => text(n.inputs, "subnetId") === subnet.id)) {
                this.node(gateway, 4, `(["NAT gateway"])`);
                this.edge(subnet, "---", gateway);
                above = gateway;
            }
        }
    }

    /** The VPC's links: the internet gateway's routes, endpoints, and what has interfaces in its subnets. */
    private networkLinks(vpc: Resource): void {
        const s = this.stack;
        const subnets = s.subnetsOf(vpc);
        const zones = zonesBox(vpc);
        // Two ranks long: the API Gateway, one rank below the Internet, is then drawn above the VPC, not beside it.
        for (const igw of s.of(T.igw).filter((g) => text(g.inputs, "vpcId") === vpc.id))
            this.edge(INTERNET, "<--->", igw);
        for (const route of s.of(T.route)) {
            const routed = s.subnetsRoutedBy(text(route.inputs, "routeTableId")).filter((r) => subnets.includes(r));
            const igw = s.byId(text(route.inputs, "gatewayId"));
            if (igw?.type === T.igw && routed.length > 0) this.edge(igw, "---", zones, tiersOf(routed));
        }
        for (const endpoint of s.of(T.endpoint).filter((p) => text(p.inputs, "vpcId") === vpc.id)) {
            const routed = texts(endpoint.inputs, "routeTableIds").flatMap((t) => s.subnetsRoutedBy(t));
            if (routed.length > 0) this.edge(zones, "-->", endpoint, tiersOf(routed));
            const hosts = texts(endpoint.inputs, "subnetIds");
            if (subnets.some((r) => hosts.includes(r.id))) this.edge(zones, "-.-", endpoint);
            const groups = texts(endpoint.inputs, "securityGroupIds");
            for (const fn of s.of(T.fn)) {
                const port = s.portAllowed(texts(fn.inputs, "vpcConfig.securityGroupIds"), groups);
                if (port) this.edge(fn, "-->", endpoint, port);
            }
        }
        // Functions and interface endpoints: a bare dotted line (their tier would repeat the same label).
        for (const fn of s.of(T.fn).filter((f) => s.placedIn(f, subnets).length > 0)) this.edge(zones, "-.-", fn);
        for (const { instance, subnets: hosts } of s.databasesIn(subnets))
            this.edge(zones, "-.-", instance, tiersOf(hosts));
    }

    /** What the application's resources use: the API its functions, functions their database, buckets, queues. */
    private applicationLinks(): void {
        const s = this.stack;
        // A network from another stack: what has interfaces in the subnets it exports, labelled with the outputs.
        for (const ref of s.of(T.stackRef)) {
            const outputs = Object.keys(at(ref.outputs, "outputs") ?? {});
            for (const placed of [...s.of(T.fn), ...s.of(T.db)]) {
                const ids = s.subnetIdsOf(placed);
                const names = outputs.filter((o) => texts(ref.outputs, `outputs.${o}`).some((v) => ids.includes(v)));
                if (names.length > 0) this.edge(ref, "-.-", placed, names.join(", "));
            }
        }
        for (const api of s.of(T.api)) this.edge(INTERNET, "-->", api);
        // One arrow per API and function, listing its routes with who may call them. One unlabelled link per API
        // and table: it runs down beside the VPC, where a label (or a link per route) would widen the diagram past
        // a README's column; the README's route table names the routes.
        const routes = new Map<string, { api: Resource; fn: Resource; labels: string[]; method?: string }>();
        const apiTables = new Map<string, [Resource, Resource]>();
        for (const integration of s.of(T.integration)) {
            const api = s.byId(text(integration.inputs, "restApi"));
            const fn = s.of(T.fn).find((f) => text(f.outputs, "invokeArn") === text(integration.inputs, "uri"));
            // An AWS-service integration: to the tables its request template names.
            const templates = JSON.stringify(at(integration.inputs, "requestTemplates") ?? {});
            const tables = /:dynamodb:action\//.test(text(integration.inputs, "uri"))
                ? s.of(T.table).filter((t) => templates.includes(`\\"${text(t.outputs, "name")}\\"`))
                : [];
            if (!api) continue;
            const path = s.pathOf(api, text(integration.inputs, "resourceId"));
            const route = `${text(integration.inputs, "httpMethod")} ${path}`.trim();
            if (fn) {
                const key = `${api.urn} ${fn.urn}`;
                if (!routes.has(key)) routes.set(key, { api, fn, labels: [] });
                const entry = routes.get(key)!;
                // The method once for a run of routes with the same one (a narrower label, a narrower diagram).
                const method = text(integration.inputs, "httpMethod");
                entry.labels.push(`${entry.method === method ? path : route}${this.authOf(integration)}`);
                entry.method = method;
            }
            for (const table of tables) apiTables.set(`${api.urn} ${table.urn}`, [api, table]);
        }
        for (const { api, fn, labels } of routes.values()) this.edge(api, "-->", fn, labels.join("<br>"));
        // Loose: a table belongs with the pipeline that writes it, drawn below the VPC, not beside the API.
        for (const [api, table] of apiTables.values()) this.edge(api, "-->", table, undefined, true);
        for (const notification of s.of(T.notification)) {
            const bucket = s
                .of(T.bucket)
                .find((b) => text(b.outputs, "bucket") === text(notification.inputs, "bucket"));
            for (const target of items(notification.inputs, "lambdaFunctions")) {
                const fn = s.byArn(text(target, "lambdaFunctionArn"));
                if (bucket && fn) this.edge(bucket, "-->", fn, "object created");
            }
        }
        for (const fn of s.of(T.fn)) {
            const environment = texts(fn.inputs, "environment.variables");
            for (const db of s.of(T.db).filter((d) => environment.includes(text(d.outputs, "address"))))
                this.edge(fn, "-->", db, text(db.inputs, "port"));
            const buckets = s.of(T.bucket).filter((b) => environment.includes(text(b.outputs, "bucket")));
            for (const bucket of buckets) this.edge(fn, "-->", bucket);
            for (const table of s.of(T.table).filter((t) => environment.includes(text(t.outputs, "name")))) {
                this.edge(fn, "-->", table);
                // Under the function's bucket rather than beside it: the diagram's width is a README's column.
                if (buckets.length > 0) this.edge(buckets[buckets.length - 1], "~~~", table);
            }
        }
        // Where failed asynchronous invocations go: an on-failure destination, or the function's dead-letter queue.
        const failures = [
            ...s.of(T.eventInvokeConfig).map((c) => ({
                fn: s.of(T.fn).find((f) => text(f.outputs, "name") === text(c.inputs, "functionName")),
                arn: text(c.inputs, "destinationConfig.onFailure.destination"),
            })),
            ...s.of(T.fn).map((fn) => ({ fn, arn: text(fn.inputs, "deadLetterConfig.targetArn") })),
        ];
        for (const { fn, arn } of failures) {
            const destination = s.byArn(arn);
            if (!fn || !destination) continue;
            this.node(destination, 1, `(["${label(`${serviceOf(destination)}<br>${this.short(destination)}`)}"])`);
            // From a function in a VPC, a dotted line written from the queue's side (Mermaid has no arrow at a link's
            // start): the queue is then drawn above the VPC, rather than the link routed down through every rank of
            // the VPC, which widens it past a README's column.
            if (s.of(T.vpc).some((vpc) => s.placedIn(fn, s.subnetsOf(vpc)).length > 0))
                this.edge(destination, "-.-", fn, "failed events");
            else this.edge(fn, "-.->", destination, "failed events");
        }
    }

    /**
     * Links what is linked to nothing in the VPC (the Internet aside) under the VPC, so that it is drawn below
     * it rather than beside it: a README's column has more height to give than width.
     */
    /**
     * The dashboards, with the count of the stack's alarms: they watch everything, so no link; each sits under the
     * last thing drawn outside the VPC (a column of its own would widen the diagram past a README's).
     */
    private dashboards(): void {
        const alarms = this.stack.of(T.alarm).length;
        for (const dashboard of this.stack.of(T.dashboard)) {
            const above = this.outside.at(-1);
            this.node(
                dashboard,
                1,
                `[/"${label(`CloudWatch dashboard${alarms > 0 ? `<br>${alarms} alarms` : ""}`)}"/]`,
            );
            if (above) this.edges.push({ from: above, to: id(dashboard), arrow: "~~~" });
        }
    }

    private placeBelow(vpc: Resource | undefined): void {
        if (!vpc) return;
        const parent = new Map<string, string>();
        const root = (n: string): string => {
            const p = parent.get(n);
            return p === undefined || p === n ? n : root(p);
        };
        for (const e of this.edges.filter((e) => e.from !== id(INTERNET) && !e.loose))
            parent.set(root(e.from), root(e.to));
        const withVpc = root(id(zonesBox(vpc)));
        const placed = new Set<string>();
        for (const node of this.outside) {
            const component = root(node);
            if (component === withVpc || placed.has(component)) continue;
            placed.add(component);
            // Where the component begins: its first node that nothing in it points at.
            const start = this.outside.find((n) => root(n) === component && !this.edges.some((e) => e.to === n));
            this.edges.push({ from: id(vpc), to: start ?? node, arrow: "~~~" });
        }
    }

    /** Draws a resource once, at `depth` (1 outside any VPC, 2 in one, 4 in one of its zones). */
    private node(r: Resource, depth: number, shape: string): void {
        if (this.drawn.has(r.urn)) return;
        this.drawn.add(r.urn);
        this.lines.push(`${"  ".repeat(depth)}${id(r)}${shape}`);
        if (depth === 1) this.outside.push(id(r));
    }

    private edge(from: Named, arrow: string, to: Named, text?: string, loose = false): void {
        this.edges.push({ from: id(from), to: id(to), arrow, text: text || undefined, ...(loose ? { loose } : {}) });
    }

    private stagesOf(api: Resource): string {
        const stages = this.stack.of(T.stage).filter((s) => text(s.inputs, "restApi") === api.id);
        const plans = this.stack
            .of(T.usagePlan)
            .filter((p) => items(p.inputs, "apiStages").some((st) => text(st, "apiId") === api.id))
            .map((p) => {
                const quota = at(p.inputs, "quotaSettings")
                    ? `${text(p.inputs, "quotaSettings.limit")}/${text(p.inputs, "quotaSettings.period").toLowerCase()}`
                    : "";
                const rate = text(p.inputs, "throttleSettings.rateLimit");
                // Short lines: the box is as wide as its longest, and it sits beside the VPC's column.
                return [
                    "per key:",
                    [quota, rate && `${rate}/s`].filter(Boolean).join(", "),
                    ...(this.keySecretOf(p) ? ["keys in Secrets<br>Manager"] : []),
                ].join("<br>");
            });
        // The user pools whose ID tokens it checks: named in its box, since a node of their own, with a line to
        // the API, widens the diagram past a README's column (its routes say "(Cognito)").
        const pools = this.stack
            .of(T.authorizer)
            .filter((a) => text(a.inputs, "restApi") === api.id)
            .flatMap((a) => texts(a.inputs, "providerArns").map((arn) => this.stack.byArn(arn)))
            .filter((p): p is Resource => p !== undefined)
            .map((p) => `Cognito pool ${this.short(p)}`);
        const names =
            stages.length > 0 ? `stage ${stages.map((s) => text(s.inputs, "stageName")).join(", ")}` : this.short(api);
        return [names, ...pools, ...plans].join("<br>");
    }

    /** Who may call an integration's method, on a line of its own: `(Cognito)`, `(API key)`; "" when anyone may. */
    private authOf(integration: Resource): string {
        const method = this.stack
            .of(T.method)
            .find((m) =>
                ["restApi", "resourceId", "httpMethod"].every((k) => text(m.inputs, k) === text(integration.inputs, k)),
            );
        if (!method) return "";
        if (text(method.inputs, "authorization") === "COGNITO_USER_POOLS") return "<br>(Cognito)";
        return at(method.inputs, "apiKeyRequired") === true ? "<br>(API key)" : "";
    }

    /** Whether a usage plan's keys are copied into a secret (where a client's owner reads them from). */
    private keySecretOf(plan: Resource): boolean {
        const keys = this.stack
            .of(T.usagePlanKey)
            .filter((k) => text(k.inputs, "usagePlanId") === plan.id)
            .map((k) => this.stack.byId(text(k.inputs, "keyId"))?.urn);
        return this.stack
            .of(T.secretVersion)
            .some((v) => (v.propertyDependencies.secretString ?? []).some((urn) => keys.includes(urn)));
    }

    private functionLabel(fn: Resource): string {
        const layers = texts(fn.inputs, "layers").map((arn) => {
            const layer = this.stack.byArn(arn);
            return layer ? `+ ${this.short({ name: text(layer.inputs, "layerName") })} layer` : "+ a layer";
        });
        const name = text(fn.outputs, "name");
        const deployed = this.stack.of(T.invocation).some((i) => text(i.inputs, "functionName") === name);
        // What invokes it on a schedule, written in its label (a node of its own would widen the VPC it is in).
        const schedules = this.stack
            .of(T.target)
            .filter((t) => text(t.inputs, "arn") === text(fn.outputs, "arn"))
            .map((t) => this.stack.of(T.rule).find((r) => text(r.outputs, "name") === text(t.inputs, "rule")))
            .map((rule) => rule && text(rule.inputs, "scheduleExpression"))
            .filter((expression): expression is string => Boolean(expression));
        return [
            `λ ${this.short(fn)}`,
            text(fn.inputs, "packageType") === "Image" ? "container image" : text(fn.inputs, "runtime") || "zip",
            ...layers,
            ...(deployed ? ["run on deploy"] : []),
            ...schedules.map((expression) => `on ${expression}`),
        ].join("<br>");
    }

    /** A resource's name without the stack's prefix and its role suffix: `dev-thumbnail-function` → `thumbnail`. */
    private short(r: Named): string {
        const prefix = `${this.stack.evaluation.stack}-`;
        const name = r.name.startsWith(prefix) ? r.name.slice(prefix.length) : r.name;
        return name.replace(/-(function|bucket|api|instance|vpc|pool)$/, "");
    }
}

function zonesBox(vpc: Resource): Named {
    return { name: `${vpc.name}-zones` };
}

function zoneBox(vpc: Resource, zone: string): Named {
    return { name: `${vpc.name}-${zone}` };
}

function databaseLabel(instance: Resource): string {
    const i = instance.inputs;
    const lines = [`RDS MySQL ${text(i, "engineVersion")}`, text(i, "instanceClass")];
    return [...lines, ...(at(i, "multiAz") === true ? ["multi-AZ"] : [])].join("<br>");
}

function serviceOf(r: Resource): string {
    const service = /^aws:(\w+)\//.exec(r.type)?.[1] ?? r.type;
    return SERVICES[service] ?? service;
}

function tierOf(subnet: Resource): string {
    return /-(public|private|isolated)-\d+$/.exec(subnet.name)?.[1] ?? "subnet";
}

function byTier(a: Resource, b: Resource): number {
    return TIERS.indexOf(tierOf(a)) - TIERS.indexOf(tierOf(b));
}

/** "private subnets", or "public, private subnets": the tiers of these subnets, from the internet inwards. */
function tiersOf(subnets: Resource[]): string {
    const tiers = [...new Set(subnets.map(tierOf))].sort((a, b) => TIERS.indexOf(a) - TIERS.indexOf(b));
    return `${tiers.join(", ")} subnets`;
}

/** A Mermaid node ID from a resource name. */
function id(r: Named): string {
    return r.name.replace(/[^A-Za-z0-9]/g, "_");
}

/** Text for inside a quoted Mermaid label, where a double quote would end it. */
function label(text: string): string {
    return text.replace(/"/g, "#quot;");
}
