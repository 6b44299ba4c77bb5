import { Evaluation, RecordedResource } from "../offline/evaluate";

/** Inputs worth showing per type; IDs of other resources are shown as those resources' names. */
const KEY_PROPERTIES: Record<string, string[]> = {
    "aws:ec2/vpc:Vpc": ["cidrBlock"],
    "aws:ec2/subnet:Subnet": ["availabilityZone", "cidrBlock"],
    "aws:ec2/route:Route": ["destinationCidrBlock", "gatewayId", "natGatewayId"],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId"],
    "aws:ec2/natGateway:NatGateway": ["subnetId"],
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcEndpointType", "serviceName"],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": [
        "securityGroupId",
        "fromPort",
        "cidrIpv4",
        "referencedSecurityGroupId",
    ],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": [
        "securityGroupId",
        "fromPort",
        "cidrIpv4",
        "referencedSecurityGroupId",
    ],
    "aws:ec2/flowLog:FlowLog": ["trafficType", "logDestinationType"],
    "aws:cloudwatch/logGroup:LogGroup": ["retentionInDays"],
    "aws:rds/instance:Instance": [
        "engine",
        "engineVersion",
        "instanceClass",
        "multiAz",
        "deletionProtection",
        "backupRetentionPeriod",
    ],
    "aws:rds/parameterGroup:ParameterGroup": ["family"],
    "aws:lambda/function:Function": ["packageType", "runtime", "architectures", "memorySize", "timeout"],
    "aws:lambda/invocation:Invocation": ["functionName"],
    "aws:ecr/repository:Repository": ["imageTagMutability"],
    "docker-build:index:Image": ["tags", "platforms"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [
        "metricName",
        "statistic",
        "extendedStatistic",
        "comparisonOperator",
        "threshold",
        "datapointsToAlarm",
        "evaluationPeriods",
        "period",
    ],
    "aws:cloudwatch/eventRule:EventRule": ["scheduleExpression"],
    "aws:cloudwatch/dashboard:Dashboard": ["dashboardName"],
    "pulumi:pulumi:StackReference": ["name"],
};

/** Renders an evaluation like `pulumi preview`: the resource tree, counts per type, and stack outputs. */
export function renderTree(e: Evaluation): string {
    const names = new Map(e.resources.filter((r) => r.id).map((r) => [r.id, r.name]));
    const children = new Map<string | undefined, RecordedResource[]>();
    for (const r of e.resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const order = (a: RecordedResource, b: RecordedResource) =>
        Number(a.custom) - Number(b.custom) ||
        a.type.localeCompare(b.type) ||
        a.name.localeCompare(b.name, "en", { numeric: true });

    const rows: [string, string, string][] = [];
    const walk = (r: RecordedResource, prefix: string, last: boolean, root: boolean) => {
        const branch = root ? "" : last ? "└─ " : "├─ ";
        rows.push([`${prefix}${branch}${r.type}`, r.name, keyProperties(r, names)]);
        const kids = [...(children.get(r.urn) ?? [])].sort(order);
        kids.forEach((kid, i) => walk(kid, root ? "" : prefix + (last ? "   " : "│  "), i === kids.length - 1, false));
    };
    const roots = [...(children.get(undefined) ?? [])].sort(order);
    roots.forEach((r) => walk(r, "", true, true));

    const typeWidth = Math.max(4, ...rows.map(([t]) => t.length));
    const nameWidth = Math.max(4, ...rows.map(([, n]) => n.length));
    const line = (t: string, n: string, p: string) => ` ${t.padEnd(typeWidth)}  ${n.padEnd(nameWidth)}  ${p}`.trimEnd();
    const counts = new Map<string, number>();
    for (const r of e.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);

    return [
        `Previewing stack ${e.project}/${e.stack} offline (Pulumi mocks: nothing is created, IDs are placeholders)`,
        "",
        `   ${line("Type", "Name", "Key properties")}`,
        ...rows.map(([t, n, p]) => ` + ${line(t, n, p)}`),
        "",
        "Resources:",
        `    + ${e.resources.length} to create`,
        ...[...counts]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([type, n]) => `      ${String(n).padStart(3)} × ${type}`),
        "",
        "Outputs:",
        ...Object.entries(e.outputs).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`),
    ].join("\n");
}

function keyProperties(r: RecordedResource, names: Map<string, string>): string {
    return (KEY_PROPERTIES[r.type] ?? [])
        .filter((key) => r.inputs[key] !== undefined)
        .map((key) => {
            const value = r.inputs[key];
            return `${key}=${typeof value === "string" && names.has(value) ? names.get(value) : JSON.stringify(value).replace(/^"|"$/g, "")}`;
        })
        .join(" ");
}
