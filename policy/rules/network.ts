import { asList, cidrRange, objects, requireCompanion, resourceRule, stackRule, text } from "./helpers";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const OPEN = ["0.0.0.0/0", "::/0"];

const ADMIN_PORTS = [22, 3389];

/** Whether a port range (`fromPort`..`toPort`, protocol -1 or "all" meaning every port) includes `port`. */
function covers(protocol: unknown, from: unknown, to: unknown, port: number): boolean {
    if (String(protocol) === "-1" || String(protocol).toLowerCase() === "all") return true;
    return Number(from ?? 0) <= port && port <= Number(to ?? from ?? 0);
}
const allPorts = (protocol: unknown, from: unknown, to: unknown) =>
    String(protocol) === "-1" || String(protocol).toLowerCase() === "all" || (Number(from) <= 0 && Number(to) >= 65535);

export const networkRules = [
    resourceRule({
        name: "sg-no-unrestricted-egress",
        checkov: ["CKV_AWS_382"],
        severity: "medium",
        enforcementLevel: "mandatory",
        types: [
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/securityGroupRule:SecurityGroupRule",
        ],
        description:
            "No security group lets traffic out to anywhere on every port (exfiltration and command-and-control paths); name the ports, e.g. 443.",
        remediation:
            "Allow egress to the ports and destinations needed (443 to 0.0.0.0/0, the database port to its group).",
        validate: (r, report) => {
            const rules: { protocol: unknown; from: unknown; to: unknown; cidrs: string[] }[] =
                r.type === "aws:ec2/securityGroup:SecurityGroup"
                    ? objects(r.props.egress).map((e) => ({
                          protocol: e.protocol,
                          from: e.fromPort,
                          to: e.toPort,
                          cidrs: [...asList(e.cidrBlocks), ...asList(e.ipv6CidrBlocks)],
                      }))
                    : r.type === "aws:ec2/securityGroupRule:SecurityGroupRule"
                      ? r.props.type === "egress"
                          ? [
                                {
                                    protocol: r.props.protocol,
                                    from: r.props.fromPort,
                                    to: r.props.toPort,
                                    cidrs: [...asList(r.props.cidrBlocks), ...asList(r.props.ipv6CidrBlocks)],
                                },
                            ]
                          : []
                      : [
                            {
                                protocol: r.props.ipProtocol,
                                from: r.props.fromPort,
                                to: r.props.toPort,
                                cidrs: [text(r.props.cidrIpv4), text(r.props.cidrIpv6)],
                            },
                        ];
            for (const rule of rules) {
                const open = rule.cidrs.filter((c) => OPEN.includes(c));
                if (open.length > 0 && allPorts(rule.protocol, rule.from, rule.to))
                    report(`egress to ${open.join(" and ")} on every port`);
            }
        },
    }),
    resourceRule({
        name: "sg-rules-described",
        checkov: ["CKV_AWS_23"],
        severity: "low",
        enforcementLevel: "mandatory",
        types: [
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/securityGroupRule:SecurityGroupRule",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        ],
        description: "Security groups and their rules say why they exist (a reviewer cannot judge a rule without it).",
        remediation: "Set description on the group and on each rule.",
        validate: (r, report) => {
            // The provider fills a missing group description with "Managed by Pulumi" before the engine sees it.
            if (!r.props.description || r.props.description === "Managed by Pulumi")
                report("no description of its own");
            const rules = [...objects(r.props.ingress), ...objects(r.props.egress)];
            const bare = rules.filter((x) => !x.description).length;
            if (bare > 0) report(`${bare} inline rule(s) without a description`);
        },
    }),
    resourceRule({
        name: "nacl-no-open-admin-ports",
        securityHub: ["EC2.21"],
        checkov: ["CKV_AWS_352"],
        severity: "high",
        enforcementLevel: "mandatory",
        types: [
            "aws:ec2/networkAcl:NetworkAcl",
            "aws:ec2/networkAclRule:NetworkAclRule",
            "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
        ],
        description: "No network ACL admits 0.0.0.0/0 or ::/0 to SSH (22), RDP (3389) or every port.",
        remediation: "Deny or narrow the entry: admit admin ports from a known CIDR only, or use Session Manager.",
        validate: (r, report) => {
            const entries: Record<string, unknown>[] =
                r.type === "aws:ec2/networkAclRule:NetworkAclRule"
                    ? r.props.egress === true
                        ? []
                        : [{ ...r.props, action: r.props.ruleAction }]
                    : objects(r.props.ingress);
            for (const e of entries) {
                const source = text(e.cidrBlock) || text(e.ipv6CidrBlock);
                if (text(e.action).toLowerCase() !== "allow" || !OPEN.includes(source)) continue;
                if (allPorts(e.protocol, e.fromPort, e.toPort)) report(`admits ${source} on every port`);
                else {
                    const ports = ADMIN_PORTS.filter((p) => covers(e.protocol, e.fromPort, e.toPort, p));
                    if (ports.length > 0) report(`admits ${source} to port ${ports.join(" and ")}`);
                }
            }
        },
    }),
    resourceRule({
        name: "no-public-ingress",
        securityHub: ["EC2.18", "EC2.19", "EC2.13", "EC2.14", "EC2.53", "EC2.54"],
        checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"],
        severity: "critical",
        enforcementLevel: "mandatory",
        types: [
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/securityGroupRule:SecurityGroupRule",
        ],
        description: "No security group admits traffic from anywhere.",
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
        securityHub: ["EC2.2"],
        checkov: ["CKV2_AWS_12"],
        types: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "The VPC's default security group has no rules.",
        remediation: "Manage the default security group with no ingress and no egress.",
        validate: (r, report) => {
            if ((r.props.ingress ?? []).length + (r.props.egress ?? []).length > 0)
                report("the default security group has rules");
        },
    }),
    resourceRule({
        name: "subnet-no-public-ip",
        securityHub: ["EC2.15"],
        checkov: ["CKV_AWS_130"],
        types: [SUBNET],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Subnets do not give instances public IPs by default.",
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
        securityHub: ["EC2.6"],
        checkov: ["CKV2_AWS_11"],
        types: [VPC],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "Each VPC records flow logs.",
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
