import * as assert from "assert/strict";
import { spawnSync } from "child_process";
import { Evaluation } from "../../tools/offline/evaluate";
import { REPO_ROOT, TS_REGISTER } from "../../tools/paths";
import { main } from "../../tools/preview";
import { renderTree } from "../../tools/preview/tree";
import { evaluateStackOnce } from "../support/harness";

describe("offline preview", () => {
    let dev: Evaluation;
    let prod: Evaluation;
    before(async () => {
        dev = await evaluateStackOnce("dev");
        prod = await evaluateStackOnce("prod");
    });

    it("prints the component tree with types, names and key properties", () => {
        const tree = renderTree(dev);
        assert.match(tree, /^Previewing stack paas\/dev offline/);
        assert.match(tree, /\+ {2}pulumi:pulumi:Stack +paas-dev\n/);
        assert.match(tree, /\+ {2}├─ pulumi-aws-paas:index:MysqlDatabase +dev-db\n/);
        assert.match(
            tree,
            /\+ {2}│ {2}├─ aws:rds\/instance:Instance +dev-db-instance +engine=mysql engineVersion=8\.4 instanceClass=db\.t4g\.micro/,
        );
        assert.match(tree, /[├└]─ pulumi-aws-paas:index:Network +dev-network\n/);
        assert.match(tree, /├─ pulumi-aws-paas:index:ContainerFunction +dev-seed-db\n/);
        assert.match(
            tree,
            /aws:lambda\/function:Function +dev-seed-db-function +packageType=Image architectures=\["x86_64"\] memorySize=512 timeout=60/,
        );
        assert.match(
            tree,
            /aws:ec2\/route:Route +dev-network-public-internet +destinationCidrBlock=0\.0\.0\.0\/0 gatewayId=dev-network-igw/,
        );
        assert.match(
            tree,
            /aws:ec2\/subnet:Subnet +dev-network-private-2 +availabilityZone=eu-west-1b cidrBlock=10\.10\.16\.0\/20/,
        );
    });

    it("counts resources per type and prints the stack outputs", () => {
        const tree = renderTree(prod);
        assert.match(tree, new RegExp(`\\+ ${prod.resources.length} to create`));
        assert.match(tree, / 9 × aws:ec2\/subnet:Subnet\n/);
        assert.match(tree, / 3 × aws:ec2\/natGateway:NatGateway\n/);
        assert.match(tree, /Outputs:\n {4}vpcId: "vpc-[0-9a-f]+"/);
        assert.match(tree, / {4}dbSecretArn: "arn:aws:secretsmanager:/);
    });

    it("lists the alarms with their condition, the schedules and the dashboard", () => {
        const tree = renderTree(prod);
        assert.match(
            tree,
            /aws:cloudwatch\/metricAlarm:MetricAlarm +prod-db-connections-alarm +metricName=DatabaseConnections statistic=Maximum comparisonOperator=GreaterThanOrEqualToThreshold threshold=613 datapointsToAlarm=3 evaluationPeriods=5 period=60\n/,
        );
        assert.match(
            tree,
            /prod-api-latency-alarm +metricName=Latency extendedStatistic=p99 comparisonOperator=GreaterThanThreshold threshold=3000 /,
        );
        assert.match(
            tree,
            /aws:cloudwatch\/eventRule:EventRule +prod-report-schedule-1 +scheduleExpression=rate\(1 hour\)\n/,
        );
        assert.match(tree, /aws:cloudwatch\/dashboard:Dashboard +prod-dashboard +dashboardName=paas-prod\n/);
    });

    it("runs as npm run preview: the tree and the policy results, or the fix for an unknown stack or format", async () => {
        const printed: string[] = [];
        const output = { out: (t: string) => printed.push(t), err: (t: string) => printed.push(t) };
        assert.equal(await main(["--stack", "staging"], output), 0);
        assert.match(printed.join("\n"), /pulumi-aws-paas:index:Network +staging-network/);
        assert.match(
            printed.join("\n"),
            /\nPolicy packs: \d+ policies over \d+ resources of paas\/staging\n {2}pack paas-aws@[^\n]*\n {4}enforcement config: policy\/config\/staging\.json\n/,
        );
        assert.match(printed.join("\n"), /PASSED: no mandatory violation$/m);
        assert.equal(await main(["--format", "svg"], output), 2);
        assert.match(
            printed[printed.length - 1],
            /^npm run -s preview --: --format: got "svg"\. Fix: use one of tree, mermaid, json\.\n\nUsage: /,
        );
        // As a script (what `npm run preview` runs): the exit code and the message alone, no stack trace.
        const badStack = spawnSync(process.execPath, ["-r", TS_REGISTER, "tools/preview/index.ts", "--stack", "qa"], {
            cwd: REPO_ROOT,
            encoding: "utf8",
        });
        assert.equal(badStack.status, 1);
        assert.match(badStack.stderr, /^no Pulumi\.qa\.yaml .*unknown stack "qa".*\n$/s);
        assert.doesNotMatch(badStack.stderr, /\n\s+at /, "no stack trace");
    });
});
