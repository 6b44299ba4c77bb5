import { Evaluation, RecordedResource } from "../offline/evaluate";

/** The resource types the diagram reads. */
export const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    db: "aws:rds/instance:Instance",
    dbSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    stackRef: "pulumi:pulumi:StackReference",
    fn: "aws:lambda/function:Function",
    invocation: "aws:lambda/invocation:Invocation",
    eventInvokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    bucket: "aws:s3/bucket:Bucket",
    table: "aws:dynamodb/table:Table",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    notification: "aws:s3/bucketNotification:BucketNotification",
    api: "aws:apigateway/restApi:RestApi",
    apiResource: "aws:apigateway/resource:Resource",
    integration: "aws:apigateway/integration:Integration",
    stage: "aws:apigateway/stage:Stage",
    method: "aws:apigateway/method:Method",
    authorizer: "aws:apigateway/authorizer:Authorizer",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey",
    userPool: "aws:cognito/userPool:UserPool",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    secret: "aws:secretsmanager/secret:Secret",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
} as const;

/** The value at a dotted path of a resource's inputs or outputs (plain JSON once the mocks resolved them). */
export function at(value: unknown, path: string): unknown {
    return path
        .split(".")
        .reduce<unknown>(
            (v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined),
            value,
        );
}

/** That value as text: "" when it is absent or not a scalar. */
export function text(value: unknown, path: string): string {
    const v = at(value, path);
    return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}

/** That value's items (an array's, or an object's values). */
export function items(value: unknown, path: string): unknown[] {
    const v = at(value, path);
    return Array.isArray(v) ? v : v !== null && typeof v === "object" ? Object.values(v) : [];
}

/** That value's scalar items as text. */
export function texts(value: unknown, path: string): string[] {
    return items(value, path)
        .filter((v) => typeof v === "string" || typeof v === "number")
        .map(String);
}

/**
 * What a stack registered, looked up the ways the diagram asks: by type, ID and ARN, and the relations the
 * resources state between them (route tables, security group rules, subnet groups, API resources).
 */
export class StackIndex {
    private readonly ids = new Map<string, RecordedResource>();
    private readonly arns = new Map<string, RecordedResource>();

    constructor(readonly evaluation: Evaluation) {
        for (const r of evaluation.resources) {
            if (r.id) this.ids.set(r.id, r);
            if (text(r.outputs, "arn")) this.arns.set(text(r.outputs, "arn"), r);
        }
    }

    of(type: string): RecordedResource[] {
        return this.evaluation.resources.filter((r) => r.type === type);
    }

    byId(id: string): RecordedResource | undefined {
        return id ? this.ids.get(id) : undefined;
    }

    byArn(arn: string): RecordedResource | undefined {
        return arn ? this.arns.get(arn) : undefined;
    }

    subnetsOf(vpc: RecordedResource): RecordedResource[] {
        return this.of(T.subnet).filter((s) => text(s.inputs, "vpcId") === vpc.id);
    }

    /** The subnets whose route table is `routeTableId`. */
    subnetsRoutedBy(routeTableId: string): RecordedResource[] {
        return this.of(T.routeTableAssociation)
            .filter((a) => text(a.inputs, "routeTableId") === routeTableId)
            .map((a) => this.byId(text(a.inputs, "subnetId")))
            .filter((s): s is RecordedResource => s !== undefined);
    }

    /** The NAT gateway a subnet's route table sends a route to. */
    natOf(subnet: RecordedResource): RecordedResource | undefined {
        const association = this.of(T.routeTableAssociation).find((a) => text(a.inputs, "subnetId") === subnet.id);
        const table = association && text(association.inputs, "routeTableId");
        const route = this.of(T.route).find(
            (r) => text(r.inputs, "routeTableId") === table && text(r.inputs, "natGatewayId"),
        );
        return route && this.byId(text(route.inputs, "natGatewayId"));
    }

    /** The availability zone of a resource placed in a subnet (a NAT gateway). */
    zoneOf(r: RecordedResource | undefined): string {
        const subnet = r && this.byId(text(r.inputs, "subnetId"));
        return subnet ? text(subnet.inputs, "availabilityZone") : "";
    }

    /** The IDs of the subnets a function or database has its network interfaces in (a database: its subnet group's). */
    subnetIdsOf(r: RecordedResource): string[] {
        if (r.type !== T.db) return texts(r.inputs, "vpcConfig.subnetIds");
        const name = text(r.inputs, "dbSubnetGroupName");
        const group = this.of(T.dbSubnetGroup).find((g) => text(g.outputs, "name") === name);
        return group ? texts(group.inputs, "subnetIds") : [];
    }

    /** The subnets (of those given) that a function has its network interfaces in. */
    placedIn(fn: RecordedResource, subnets: RecordedResource[]): RecordedResource[] {
        const ids = this.subnetIdsOf(fn);
        return subnets.filter((s) => ids.includes(s.id));
    }

    /** The port that an ingress rule of one of the `to` groups opens to members of one of the `from` groups. */
    portAllowed(from: string[], to: string[]): string | undefined {
        const rule = this.of(T.ingress).find(
            (r) =>
                to.includes(text(r.inputs, "securityGroupId")) &&
                from.includes(text(r.inputs, "referencedSecurityGroupId")),
        );
        return rule && text(rule.inputs, "fromPort");
    }

    /** The databases whose subnet group lies within these subnets, each with its subnets. */
    databasesIn(subnets: RecordedResource[]): { instance: RecordedResource; subnets: RecordedResource[] }[] {
        return this.of(T.db).flatMap((instance) => {
            const ids = this.subnetIdsOf(instance);
            const mine = subnets.filter((s) => ids.includes(s.id));
            return ids.length > 0 && mine.length === ids.length ? [{ instance, subnets: mine }] : [];
        });
    }

    /** The path of an API Gateway resource, from its parents' path parts ("" when it is not one). */
    pathOf(api: RecordedResource, resourceId: string): string {
        const parts: string[] = [];
        for (let r = this.byId(resourceId); r?.type === T.apiResource; r = this.byId(text(r.inputs, "parentId")))
            parts.unshift(text(r.inputs, "pathPart"));
        return resourceId === text(api.outputs, "rootResourceId") || parts.length > 0 ? `/${parts.join("/")}` : "";
    }
}
