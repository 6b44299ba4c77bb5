import { looksLikeSecretName } from "../../components/lambda/args";
import { asList, policyStatements, resourceRule, stackRule, subnetZones, text } from "./helpers";

const FUNCTION = "aws:lambda/function:Function";
const ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/** Runtimes Lambda supports for new functions and updates. */
export const SUPPORTED_RUNTIMES = [
    "nodejs20.x",
    "nodejs22.x",
    "nodejs24.x",
    "python3.11",
    "python3.12",
    "python3.13",
    "python3.14",
    "java17",
    "java21",
    "java25",
    "dotnet8",
    "dotnet10",
    "ruby3.3",
    "ruby3.4",
    "provided.al2023",
    "provided.al2",
];
const SECRET_VALUE = /(AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|:\/\/[^/\s:@]+:[^/\s@]+@)/;

const PERMISSION = "aws:lambda/permission:Permission";

export const lambdaRules = [
    resourceRule({
        name: "lambda-no-public-invoke",
        securityHub: ["Lambda.1"],
        checkov: ["CKV_AWS_301"],
        types: [PERMISSION],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "No permission lets anyone invoke a function (principal * without a source account or ARN).",
        remediation:
            "Name the service or account principal, and for services the sourceArn (and sourceAccount) it invokes from.",
        validate: (r, report) => {
            if (
                String(r.props.principal).trim() === "*" &&
                !r.props.sourceArn &&
                !r.props.sourceAccount &&
                !r.props.principalOrgId
            )
                report(`anyone may ${r.props.action ?? "invoke"} the function`);
        },
    }),
    resourceRule({
        name: "lambda-permission-source-scoped",
        checkov: ["CKV_AWS_364"],
        types: [PERMISSION],
        severity: "high",
        enforcementLevel: "mandatory",
        description:
            "Permissions granted to an AWS service name the source (sourceArn or sourceAccount), so another account's bucket, topic or rule cannot invoke the function (confused deputy).",
        remediation:
            "Set sourceArn to the bucket, topic, rule or API that invokes the function (and sourceAccount for S3).",
        validate: (r, report) => {
            const principal = text(r.props.principal);
            if (!principal.endsWith(".amazonaws.com")) return;
            if (!r.props.sourceArn && !r.props.sourceAccount) report(`${principal} may invoke it from any account`);
            // A bucket's ARN names no account: once deleted, its name can be taken by another account.
            else if (principal === "s3.amazonaws.com" && !r.props.sourceAccount)
                report("an S3 sourceArn without sourceAccount admits whoever owns that bucket name next");
        },
    }),
    resourceRule({
        name: "lambda-function-url-auth",
        securityHub: ["Lambda.1"],
        checkov: ["CKV_AWS_258"],
        types: ["aws:lambda/functionUrl:FunctionUrl"],
        severity: "critical",
        enforcementLevel: "mandatory",
        description:
            "Function URLs require IAM authentication: a NONE URL lets anyone on the internet invoke the function.",
        remediation: 'Set authorizationType: "AWS_IAM" (or put the function behind API Gateway with an authorizer).',
        validate: (r, report) => {
            if (r.props.authorizationType !== "AWS_IAM")
                report(`authorizationType is ${r.props.authorizationType ?? "not set"}: the URL is public`);
        },
    }),
    resourceRule({
        name: "lambda-supported-runtime",
        securityHub: ["Lambda.2"],
        checkov: ["CKV_AWS_363"],
        types: [FUNCTION],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "Zip functions use a runtime Lambda still supports.",
        remediation: `Use one of ${SUPPORTED_RUNTIMES.join(", ")}.`,
        validate: (r, report) => {
            if (r.props.packageType === "Image") return;
            if (!SUPPORTED_RUNTIMES.includes(r.props.runtime))
                report(`runtime ${r.props.runtime ?? "(none)"} is not supported`);
        },
    }),
    resourceRule({
        name: "lambda-no-layers-on-images",
        types: [FUNCTION],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "Container image functions have no layers (Lambda rejects them).",
        remediation: "Install the layer's contents in the image and remove layers.",
        validate: (r, report) => {
            if (r.props.packageType === "Image" && (r.props.layers ?? []).length > 0)
                report("a container image function lists layers");
        },
    }),
    resourceRule({
        name: "lambda-no-secrets-in-environment",
        checkov: ["CKV_AWS_45"],
        types: [FUNCTION],
        severity: "critical",
        enforcementLevel: "mandatory",
        description: "Environment variables hold no secrets: Lambda stores and shows them in plain text.",
        remediation: "Keep secrets in Secrets Manager, pass their ARN and grant secretsmanager:GetSecretValue on it.",
        validate: (r, report) => {
            for (const [name, value] of Object.entries(r.props.environment?.variables ?? {})) {
                if (looksLikeSecretName(name)) report(`environment variable ${name} looks like a secret`);
                else if (SECRET_VALUE.test(String(value)))
                    report(`environment variable ${name} holds what looks like a credential`);
            }
        },
    }),
    resourceRule({
        name: "lambda-tracing",
        checkov: ["CKV_AWS_50"],
        types: [FUNCTION],
        severity: "low",
        enforcementLevel: "mandatory",
        description: "Functions send X-Ray traces.",
        remediation: 'Set tracingConfig: { mode: "Active" }.',
        validate: (r, report) => {
            if (r.props.tracingConfig?.mode !== "Active") report("active tracing is off");
        },
    }),
    resourceRule({
        name: "lambda-concurrency-not-zero",
        types: [FUNCTION],
        severity: "medium",
        enforcementLevel: "mandatory",
        description: "No function has a reserved concurrency of 0, which stops it from ever running.",
        remediation: "Remove reservedConcurrentExecutions or set it above 0.",
        validate: (r, report) => {
            if (r.props.reservedConcurrentExecutions === 0)
                report("reserved concurrency is 0: the function is disabled");
        },
    }),
    stackRule({
        name: "lambda-vpc-multi-az",
        securityHub: ["Lambda.5"],
        types: [FUNCTION],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "Functions in a VPC use subnets in at least two AZs.",
        remediation: "List private subnets in two or more availability zones in vpcConfig.",
        validate: (stack, report) => {
            for (const fn of stack.ofType(FUNCTION).filter((f) => f.props.vpcConfig)) {
                const ids: string[] = fn.props.vpcConfig.subnetIds ?? [];
                const zones = subnetZones(stack, fn, "vpcConfig", ids);
                if (ids.length < 2 || zones.size < 2)
                    report(fn, `its ${ids.length} subnet(s) span ${zones.size} AZ(s)`);
            }
        },
    }),
    stackRule({
        name: "lambda-database-access-in-vpc",
        types: [FUNCTION],
        severity: "high",
        enforcementLevel: "mandatory",
        description: "Functions that reach a database in the stack run in its VPC (the database is not public).",
        remediation: "Give the function a vpcConfig with private subnets and a security group the database admits.",
        validate: (stack, report) => {
            for (const fn of stack.ofType(FUNCTION)) {
                const usesDb = stack.referenced(fn, "environment", "aws:rds/instance:Instance").length > 0;
                if (usesDb && !fn.props.vpcConfig) report(fn, "it reaches the database but runs outside the VPC");
            }
        },
    }),
    stackRule({
        name: "lambda-vpc-access-permissions",
        types: [FUNCTION],
        severity: "critical",
        enforcementLevel: "mandatory",
        description:
            "Functions in a VPC have a role allowed to manage their network interfaces (Lambda rejects them otherwise).",
        remediation: "Attach AWSLambdaVPCAccessExecutionRole to the function's role.",
        validate: (stack, report) => {
            for (const fn of stack.ofType(FUNCTION).filter((f) => f.props.vpcConfig)) {
                const [role] = stack.referenced(fn, "role", "aws:iam/role:Role");
                if (!role) continue; // a role from outside the stack: not ours to judge
                const managed = stack
                    .referencing(ROLE_POLICY_ATTACHMENT, "role", role)
                    .some((a) =>
                        /AWSLambdaVPCAccessExecutionRole|AWSLambdaENIManagementAccess/.test(a.props.policyArn),
                    );
                const inline = stack
                    .referencing(ROLE_POLICY, "role", role)
                    .some((p) =>
                        policyStatements(p.props.policy).some((s) =>
                            asList(s.Action).includes("ec2:CreateNetworkInterface"),
                        ),
                    );
                if (!managed && !inline) report(fn, "its role cannot create network interfaces in the VPC");
            }
        },
    }),
    stackRule({
        name: "lambda-log-retention",
        types: [FUNCTION],
        severity: "medium",
        enforcementLevel: "mandatory",
        description:
            "Each function's log group exists in the stack with a retention period (logs are not kept forever).",
        remediation: "Create the log group (/aws/lambda/<name> or loggingConfig.logGroup) with retentionInDays.",
        validate: (stack, report) => {
            for (const fn of stack.ofType(FUNCTION)) {
                const name = fn.props.loggingConfig?.logGroup ?? `/aws/lambda/${fn.props.name ?? fn.outputs?.name}`;
                const [group] = [
                    ...stack.referenced(fn, "loggingConfig", LOG_GROUP),
                    ...stack.ofType(LOG_GROUP).filter((g) => g.props.name === name),
                ];
                if (!group) report(fn, `no log group ${name} in the stack`);
                else if (!group.props.retentionInDays) report(fn, `log group ${name} keeps logs forever`);
            }
        },
    }),
    stackRule({
        name: "lambda-async-failure-destination",
        checkov: ["CKV_AWS_116"],
        types: [FUNCTION],
        severity: "high",
        enforcementLevel: "mandatory",
        description:
            "Functions invoked asynchronously (S3, EventBridge, SNS) send failed events to a dead-letter queue or on-failure destination.",
        remediation:
            "Add an aws.lambda.FunctionEventInvokeConfig with destinationConfig.onFailure, or a deadLetterConfig.",
        validate: (stack, report) => {
            const invokedAsync = (fn: (typeof stack.resources)[number]) =>
                stack.referencing("aws:s3/bucketNotification:BucketNotification", "lambdaFunctions", fn).length > 0 ||
                stack.referencing("aws:cloudwatch/eventTarget:EventTarget", "arn", fn).length > 0 ||
                stack.referencing("aws:sns/topicSubscription:TopicSubscription", "endpoint", fn).length > 0;
            for (const fn of stack.ofType(FUNCTION).filter(invokedAsync)) {
                const configured = stack
                    .referencing("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "functionName", fn)
                    .some((c) => c.props.destinationConfig?.onFailure?.destination);
                if (!configured && !fn.props.deadLetterConfig?.targetArn)
                    report(fn, "failed asynchronous events would be dropped");
            }
        },
    }),
];
