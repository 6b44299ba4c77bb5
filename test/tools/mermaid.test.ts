import * as assert from "assert/strict";
import { Evaluation, RecordedResource, evaluateStack } from "../../tools/offline/evaluate";
import { renderMermaid } from "../../tools/preview/mermaid";
import { linksOf, nodesOf, readmeDiagram } from "../support/diagram";
import { evaluateStackOnce } from "../support/harness";
import { recordedResource } from "../support/records";

/** A recorded resource as the offline evaluation would hand it over, with only what a case needs. */
function resource(type: string, name: string, inputs: object, outputs: object = {}): RecordedResource {
    return recordedResource(type, name, { inputs: inputs as Record<string, unknown>, outputs });
}

const STACKS = ["dev", "staging", "prod"] as const;

describe("architecture diagram (npm run preview -- --format mermaid)", () => {
    const diagrams = {} as Record<(typeof STACKS)[number], string>;
    const evaluations = {} as Record<(typeof STACKS)[number], Evaluation>;
    before(async () => {
        for (const stack of STACKS) {
            evaluations[stack] = await evaluateStackOnce(stack);
            diagrams[stack] = renderMermaid(evaluations[stack]);
        }
    });

    it("draws each stack's availability zones in order, chained left to right", () => {
        const expected = { dev: ["a", "b"], staging: ["a", "b"], prod: ["a", "b", "c"] };
        for (const stack of STACKS) {
            const boxes = expected[stack].map((z) => `${stack}_network_vpc_eu_west_1${z}`);
            const declared = [...diagrams[stack].matchAll(/subgraph (\w+_eu_west_1\w)\[/g)].map((m) => m[1]);
            assert.deepEqual(declared, boxes, stack);
            assert.match(
                diagrams[stack],
                new RegExp(`subgraph ${stack}_network_vpc_zones\\["subnets"\\]\\n +direction LR\\n`),
            );
            for (let i = 1; i < boxes.length; i++)
                assert.ok(
                    linksOf(diagrams[stack]).some(
                        (l) => l.from === boxes[i - 1] && l.arrow === "~~~" && l.to === boxes[i],
                    ),
                    `${stack}: ${boxes[i - 1]} ~~~ ${boxes[i]}`,
                );
        }
    });

    it("links every node to what uses it or what it uses, in every stack", () => {
        for (const stack of STACKS) {
            const visible = linksOf(diagrams[stack]).filter((l) => l.arrow !== "~~~");
            // A subnet is linked through the box of the zones it is in (the links its tier's label names).
            const linked = (id: string) => visible.some((l) => l.from === id || l.to === id);
            // The dashboard watches everything, so it is the one node linked to nothing.
            const floating = nodesOf(diagrams[stack])
                .filter((n) => !linked(n.id) && !n.within.some((box) => box.endsWith("_zones") && linked(box)))
                .map((n) => n.id)
                .filter((n) => n !== `${stack}_dashboard`);
            assert.deepEqual(floating, [], `${stack}: nodes linked to nothing`);
        }
    });

    it("draws what each stack registers, with the links read from the resources", () => {
        const dev = diagrams.dev;
        assert.match(dev, /^flowchart TB\n/);
        assert.match(dev, /subgraph dev_network_vpc\["VPC network · 10\.10\.0\.0\/16"\]/);
        assert.match(dev, /dev_network_private_1\["private<br>10\.10\.0\.0\/20"\]/);
        const links = linksOf(dev).map((l) => `${l.from} ${l.arrow}${l.text ? ` ${l.text}` : ""} ${l.to}`);
        for (const link of [
            "internet <---> dev_network_igw",
            "dev_network_igw --- public subnets dev_network_vpc_zones",
            // The S3 gateway endpoint: in the private subnets' route tables.
            "dev_network_vpc_zones --> private subnets dev_network_s3_endpoint",
            // The Secrets Manager interface endpoint: its security group lets the functions' group in on 443.
            "dev_seed_db_function --> 443 dev_network_secretsmanager_endpoint",
            "dev_retrieve_accounts_function --> 443 dev_network_secretsmanager_endpoint",
            "dev_network_vpc_zones -.- dev_network_secretsmanager_endpoint",
            "dev_network_vpc_zones -.- isolated subnets dev_db_instance",
            "dev_seed_db_function --> 3306 dev_db_instance",
            "internet --> dev_api_api",
            // One arrow per function, its routes listed with who may call them.
            "dev_api_api --> GET /<br>/accounts<br>(Cognito)<br>/partner/accounts<br>(API key) dev_retrieve_accounts_function",
            "dev_uploads_bucket --> object created dev_thumbnail_function",
            "dev_thumbnail_function --> dev_thumbnails_bucket",
            // The dead-letter queue: the function's asynchronous invocations' failure destination.
            "dev_thumbnail_function -.-> failed events dev_thumbnail_dlq",
        ])
            assert.ok(links.includes(link), `dev: ${link}\n${links.join("\n")}`);
        assert.match(dev, /dev_seed_db_function\[\["λ seed-db<br>container image<br>run on deploy"\]\]/);
        assert.match(dev, /dev_thumbnail_function\[\["λ thumbnail<br>nodejs22\.x<br>\+ sharp layer"\]\]/);
        assert.match(dev, /dev_thumbnail_dlq\(\["SQS<br>thumbnail-dlq"\]\)/);
        assert.match(
            dev,
            /dev_api_api\["API Gateway<br>stage dev<br>Cognito pool users<br>per key:<br>5000\/month, 100\/s<br>keys in Secrets<br>Manager"\]/,
        );
        assert.doesNotMatch(dev, /NAT gateway/);

        // prod: a NAT gateway per zone, in its public subnet, serving that zone's private subnet.
        const prod = linksOf(diagrams.prod);
        for (const n of [1, 2, 3]) {
            assert.ok(prod.some((l) => l.from === `prod_network_public_${n}` && l.to === `prod_network_nat_${n}`));
            assert.ok(
                prod.some(
                    (l) =>
                        l.from === `prod_network_nat_${n}` && l.arrow === "---" && l.to === `prod_network_private_${n}`,
                ),
            );
        }
        assert.match(diagrams.prod, /prod_db_instance\[\("RDS MySQL 8\.4<br>db\.m7g\.large<br>multi-AZ"\)\]/);
        // staging: one NAT gateway, named in the other zone's private subnet rather than linked across zones.
        assert.match(
            diagrams.staging,
            /staging_network_private_2\["private<br>10\.20\.16\.0\/20<br>NAT in<br>eu-west-1a"\]/,
        );
        const nat = linksOf(diagrams.staging).filter((l) => [l.from, l.to].includes("staging_network_nat_1"));
        assert.deepEqual(
            nat.map((l) => [l.from, l.to]),
            [
                ["staging_network_public_1", "staging_network_nat_1"],
                ["staging_network_nat_1", "staging_network_private_1"],
            ],
        );
    });

    it("links what runs in a network taken from another stack to that stack's subnet outputs", async () => {
        const diagram = renderMermaid(
            await evaluateStack("dev", {
                configOverrides: { "paas:network": undefined, "paas:networkFromStack": "acme/paas-network/prod" },
                stackReferences: {
                    "acme/paas-network/prod": {
                        vpcId: "vpc-0shared",
                        privateSubnetIds: ["subnet-p1", "subnet-p2"],
                        isolatedSubnetIds: ["subnet-i1", "subnet-i2"],
                        lambdaSecurityGroupId: "sg-lambda",
                        databaseSecurityGroupId: "sg-db",
                    },
                },
            }),
        );
        assert.match(diagram, /dev_network_ref\[\["network from stack<br>acme\/paas-network\/prod"\]\]/);
        const links = linksOf(diagram).filter((l) => l.from === "dev_network_ref");
        assert.deepEqual(
            links.map((l) => `${l.arrow} ${l.text} ${l.to}`),
            [
                "-.- privateSubnetIds dev_seed_db_function",
                "-.- privateSubnetIds dev_retrieve_accounts_function",
                "-.- privateSubnetIds dev_report_function",
                "-.- isolatedSubnetIds dev_db_instance",
            ],
        );
        const visible = linksOf(diagram).filter((l) => l.arrow !== "~~~");
        const floating = nodesOf(diagram).filter((n) => !visible.some((l) => l.from === n.id || l.to === n.id));
        assert.deepEqual(floating, [{ id: "dev_dashboard", within: [] }]);
    });

    it("draws the dashboard with the count of the stack's alarms, under what is drawn outside the VPC", () => {
        for (const stack of STACKS) {
            const alarms = diagrams[stack].match(
                new RegExp(`${stack}_dashboard\\[/"CloudWatch dashboard(<br>(\\d+) alarms)?"/\\]`),
            );
            assert.ok(alarms, `${stack}: the dashboard drawn`);
            assert.ok(
                linksOf(diagrams[stack]).some((l) => l.arrow === "~~~" && l.to === `${stack}_dashboard`),
                `${stack}: the dashboard placed under another node`,
            );
        }
        assert.ok(
            Number(diagrams.prod.match(/CloudWatch dashboard<br>(\d+) alarms/)?.[1]) > 5,
            "prod's alarms counted",
        );
    });

    it("draws a function's dead-letter queue (deadLetterConfig) as where its failed events go", () => {
        const queue = "arn:aws:sqs:eu-west-1:123456789012:t-worker-dlq";
        const diagram = renderMermaid({
            project: "paas",
            stack: "t",
            outputs: {},
            resources: [
                resource("aws:lambda/function:Function", "t-worker-function", {
                    runtime: "nodejs22.x",
                    deadLetterConfig: { targetArn: queue },
                }),
                resource("aws:sqs/queue:Queue", "t-worker-dlq", {}, { arn: queue }),
            ],
        });
        assert.match(diagram, /^ {2}t_worker_function\[\["λ worker<br>nodejs22\.x"\]\]$/m);
        assert.match(diagram, /^ {2}t_worker_dlq\(\["SQS<br>worker-dlq"\]\)$/m);
        assert.match(diagram, /^ {2}t_worker_function -\.->\|"failed events"\| t_worker_dlq$/m);
    });

    it("is the README's architecture diagram, for the dev stack", () => {
        const fix = "Fix: paste in the output of npm run -s preview -- --format mermaid";
        assert.equal(readmeDiagram(), diagrams.dev, `README.md's mermaid block is not the tool's. ${fix}`);
    });
});
