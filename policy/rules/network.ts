import { cidrRange, requireCompanion, resourceRule, stackRule } from "./helpers";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const OPEN = ["0.0.0.0/0", "::/0"];

export const networkRules = [
    resourceRule({
        name: "no-public-ingress",
        severity: "critical",
        enforcementLevel: "mandatory",
        types: [
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/securityGroupRule:SecurityGroupRule",
        ],
        description:
            "No security group admits traffic from anywhere (Security Hub EC2.18/EC2.19, checkov CKV_AWS_24/25).",
        remediation: "Admit traffic from a security group or a narrow CIDR, never 0.0.0.0/0 or ::/0.",
        validate: (r, report) => {
            const sources =
                r.type === "aws:ec2/securityGroup:SecurityGroup"
                    ? (r.props.ingress ?? []).flatMap((i: { cidrBlocks?: string[]; ipv6CidrBlocks?: string[] }) => [
                          ...(i.cidrBlocks ?? []),
                          ...(i.ipv6CidrBlocks ?? []),
                      ])
                    : r.type === "aws:ec2/securityGroupRule:SecurityGroupRule"
                      ? r.props.type === "ingress"
                          ? [...(r.props.cidrBlocks ?? []), ...(r.props.ipv6CidrBlocks ?? [])]
                          : []
                      : [r.props.cidrIpv4, r.props.cidrIpv6];
            const open = sources.filter((s: string) => OPEN.includes(s));
            if (open.length > 0) report(`ingress from ${open.join(" and ")}`);
        },
    }),
    resourceRule({
        name: "default-security-group-closed",
        types: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "The VPC's default security group has no rules (Security Hub EC2.2, CIS 5.4).",
        remediation: "Manage the default security group with no ingress and no egress.",
        validate: (r, report) => {
            if ((r.props.ingress ?? []).length + (r.props.egress ?? []).length > 0)
                report("the default security group has rules");
        },
    }),
    resourceRule({
        name: "subnet-no-public-ip",
        types: [SUBNET],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Subnets do not give instances public IPs by default (Security Hub EC2.15).",
        remediation: "Set mapPublicIpOnLaunch: false.",
        validate: (r, report) => {
            if (r.props.mapPublicIpOnLaunch === true) report("the subnet assigns public IPs");
        },
    }),
    stackRule({
        name: "vpc-default-security-group-managed",
        types: [VPC],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Each VPC's default security group is managed (so AWS's allow-all defaults are removed).",
        remediation: "Add an aws.ec2.DefaultSecurityGroup for the VPC with no rules.",
        validate: requireCompanion(
            VPC,
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            "vpcId",
            "its default security group keeps AWS's rules",
        ),
    }),
    stackRule({
        name: "vpc-flow-logs",
        types: [VPC],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Each VPC records flow logs (Security Hub EC2.6, CIS 3.9).",
        remediation: "Add an aws.ec2.FlowLog for the VPC.",
        validate: requireCompanion(VPC, "aws:ec2/flowLog:FlowLog", "vpcId", "the VPC has no flow logs"),
    }),
    stackRule({
        name: "subnet-cidr-valid",
        types: [SUBNET],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "Subnet CIDRs lie inside their VPC and do not overlap (AWS rejects them otherwise).",
        remediation: "Give each subnet its own block inside the VPC's CIDR.",
        validate: (stack, report) => {
            const seen: { subnet: { name: string }; range: [number, number]; vpcId: unknown }[] = [];
            for (const subnet of stack.ofType(SUBNET)) {
                const [vpc] = stack.referenced(subnet, "vpcId", VPC);
                const range = cidrRange(subnet.props.cidrBlock);
                const vpcRange = vpc && cidrRange(vpc.props.cidrBlock);
                if (!range) continue;
                if (vpcRange && (range[0] < vpcRange[0] || range[1] > vpcRange[1]))
                    report(subnet, `${subnet.props.cidrBlock} is outside the VPC's ${vpc.props.cidrBlock}`);
                const clash = seen.find(
                    (s) => s.vpcId === subnet.props.vpcId && s.range[0] <= range[1] && range[0] <= s.range[1],
                );
                if (clash) report(subnet, `${subnet.props.cidrBlock} overlaps ${clash.subnet.name}`);
                seen.push({ subnet, range, vpcId: subnet.props.vpcId });
            }
        },
    }),
];
