import { Evaluation, RecordedResource } from "../offline/evaluate";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    db: "aws:rds/instance:Instance",
    dbSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    stackRef: "pulumi:pulumi:StackReference",
    fn: "aws:lambda/function:Function",
};

/**
 * Renders the architecture as a Mermaid flowchart: each VPC with its subnets grouped by AZ, gateways,
 * endpoints, and what runs in the subnets (the database; functions and APIs as later components add them).
 */
export function renderMermaid(e: Evaluation): string {
    const of = (type: string) => e.resources.filter((r) => r.type === type);
    const byId = new Map(e.resources.filter((r) => r.id).map((r) => [r.id, r]));
    const id = (r: RecordedResource) => r.name.replace(/[^A-Za-z0-9]/g, "_");
    const out = ["flowchart TB", '  internet(("Internet"))'];
    const edges: string[] = [];

    for (const vpc of of(T.vpc)) {
        const inVpc = (type: string) => of(type).filter((r) => r.inputs.vpcId === vpc.id);
        out.push(`  subgraph ${id(vpc)}["VPC ${vpc.name} · ${vpc.inputs.cidrBlock}"]`);
        const subnets = inVpc(T.subnet);
        const zones = [...new Set(subnets.map((s) => String(s.inputs.availabilityZone)))].sort();
        for (const zone of zones) {
            out.push(`    subgraph az_${zone.replace(/-/g, "_")}["${zone}"]`);
            for (const subnet of subnets.filter((s) => s.inputs.availabilityZone === zone)) {
                const tier = /-(public|private|isolated)-\d+$/.exec(subnet.name)?.[1] ?? "subnet";
                out.push(`      ${id(subnet)}["${tier} · ${subnet.inputs.cidrBlock}"]`);
            }
            for (const nat of of(T.nat).filter((n) => byId.get(n.inputs.subnetId)?.inputs.availabilityZone === zone)) {
                out.push(`      ${id(nat)}{{"NAT gateway"}}`);
                edges.push(`  ${id(nat)} --- ${id(byId.get(nat.inputs.subnetId)!)}`);
            }
            out.push("    end");
        }
        for (const igw of inVpc(T.igw)) {
            out.push(`    ${id(igw)}["Internet gateway"]`);
            edges.push(`  internet <--> ${id(igw)}`);
            for (const s of subnets.filter((s) => s.name.includes("-public-"))) edges.push(`  ${id(igw)} --- ${id(s)}`);
        }
        for (const endpoint of inVpc(T.endpoint)) {
            const service = String(endpoint.inputs.serviceName).split(".").slice(3).join(".");
            out.push(
                `    ${id(endpoint)}[/"${service} ${String(endpoint.inputs.vpcEndpointType).toLowerCase()} endpoint"/]`,
            );
        }
        for (const db of databasesIn(e, subnets)) out.push(`    ${id(db.instance)}[("${databaseLabel(db.instance)}")]`);
        const functions = of(T.fn).filter((f) =>
            (f.inputs.vpcConfig?.subnetIds ?? []).some((sid: string) => subnets.some((s) => s.id === sid)),
        );
        for (const fn of functions) out.push(`    ${id(fn)}[["${functionLabel(fn)}"]]`);
        out.push("  end");
        for (const fn of functions) {
            for (const db of of(T.db).filter((d) =>
                Object.values(fn.inputs.environment?.variables ?? {}).includes(d.outputs.address),
            )) {
                edges.push(`  ${id(fn)} -->|3306| ${id(db)}`);
            }
        }
        for (const db of databasesIn(e, subnets)) {
            for (const s of db.subnets) edges.push(`  ${id(s)} -.- ${id(db.instance)}`);
        }
        // Private subnets leave through a NAT gateway when the network has one.
        const nats = of(T.nat);
        subnets
            .filter((s) => s.name.includes("-private-"))
            .forEach((s, i) => {
                const nat = nats[i] ?? nats[0];
                if (nat) edges.push(`  ${id(s)} -->|0.0.0.0/0| ${id(nat)}`);
            });
    }

    // What lives outside the VPC: APIs, functions not attached to it, buckets and their triggers.
    const inVpc = new Set(
        of(T.fn)
            .filter((f) => f.inputs.vpcConfig)
            .map((f) => f.urn),
    );
    for (const fn of of(T.fn).filter((f) => !inVpc.has(f.urn))) out.push(`  ${id(fn)}[["${functionLabel(fn)}"]]`);
    for (const bucket of of("aws:s3/bucket:Bucket"))
        out.push(`  ${id(bucket)}[("S3 ${bucket.name.replace(/-bucket$/, "")}")]`);
    for (const api of of("aws:apigateway/restApi:RestApi")) {
        out.push(`  ${id(api)}["API Gateway ${api.name}"]`);
        edges.push(`  internet --> ${id(api)}`);
        for (const integration of of("aws:apigateway/integration:Integration").filter(
            (i) => i.inputs.restApi === api.id,
        )) {
            const fn = of(T.fn).find((f) => f.outputs.invokeArn === integration.inputs.uri);
            if (fn) edges.push(`  ${id(api)} -->|${integration.inputs.httpMethod}| ${id(fn)}`);
        }
    }
    for (const notification of of("aws:s3/bucketNotification:BucketNotification")) {
        const bucket = of("aws:s3/bucket:Bucket").find((b) => b.outputs.bucket === notification.inputs.bucket);
        for (const target of notification.inputs.lambdaFunctions ?? []) {
            const fn = of(T.fn).find((f) => f.outputs.arn === target.lambdaFunctionArn);
            if (bucket && fn) edges.push(`  ${id(bucket)} -->|object created| ${id(fn)}`);
        }
    }
    for (const fn of of(T.fn)) {
        for (const bucket of of("aws:s3/bucket:Bucket").filter((b) =>
            Object.values(fn.inputs.environment?.variables ?? {}).includes(b.outputs.bucket),
        )) {
            edges.push(`  ${id(fn)} --> ${id(bucket)}`);
        }
    }

    // Databases outside any VPC this program creates: their network came from another stack.
    const placed = new Set(
        of(T.vpc).flatMap((vpc) =>
            databasesIn(
                e,
                of(T.subnet).filter((s) => s.inputs.vpcId === vpc.id),
            ).map((d) => d.instance),
        ),
    );
    for (const ref of of(T.stackRef)) out.push(`  ${id(ref)}[["network from stack ${ref.inputs.name}"]]`);
    for (const instance of of(T.db).filter((d) => !placed.has(d))) {
        out.push(`  ${id(instance)}[("${databaseLabel(instance)}")]`);
        for (const ref of of(T.stackRef)) edges.push(`  ${id(ref)} -.- ${id(instance)}`);
    }
    return [...out, ...edges].join("\n");
}

function databasesIn(
    e: Evaluation,
    subnets: RecordedResource[],
): { instance: RecordedResource; subnets: RecordedResource[] }[] {
    const subnetIds = new Set(subnets.map((s) => s.id));
    return e.resources
        .filter((r) => r.type === T.db)
        .flatMap((instance) => {
            const group = e.resources.find(
                (g) => g.type === T.dbSubnetGroup && g.outputs.name === instance.inputs.dbSubnetGroupName,
            );
            const ids: string[] = group?.inputs.subnetIds ?? [];
            const mine = subnets.filter((s) => ids.includes(s.id));
            return ids.length > 0 && ids.every((i) => subnetIds.has(i)) ? [{ instance, subnets: mine }] : [];
        });
}

function functionLabel(fn: RecordedResource): string {
    const name = fn.name.replace(/-function$/, "");
    return `λ ${name} · ${fn.inputs.packageType === "Image" ? "container image" : (fn.inputs.runtime ?? "zip")}`;
}

function databaseLabel(instance: RecordedResource): string {
    const i = instance.inputs;
    return `RDS MySQL ${i.engineVersion} · ${i.instanceClass}${i.multiAz ? " · multi-AZ" : ""}`;
}
