/**
 * The controls platform teams are audited against, for the resource types this library registers and the
 * ones a team commonly adds next to them: every AWS Security Hub Foundational Security Best Practices
 * (FSBP) control and checkov check that applies to those types, plus the Security Hub controls of other
 * standards (CIS, NIST 800-53) the rules also check. A control either has a rule naming it in its metadata
 * (`securityHub`, `checkov`) or a reason here why not. The README's coverage table is rendered from this list
 * and the rules (tools/policy/coverage.ts), and a test keeps the three in step.
 */

export interface Control {
    id: string;
    framework: "Security Hub" | "checkov";
    /** For Security Hub: the standard that carries it (FSBP unless said). */
    standard?: "CIS" | "NIST 800-53";
    /** The resource area, as the table groups it. */
    area: Area;
    title: string;
    /** Why no rule checks it. Absent: a rule must name it. */
    notCovered?: string;
}

export const AREAS = [
    "Lambda",
    "API Gateway",
    "S3",
    "DynamoDB",
    "RDS",
    "SQS, SNS, KMS",
    "IAM",
    "VPC, security groups, NACLs",
    "Logs, alarms",
    "ECR",
    "Cognito, Secrets Manager",
] as const;
export type Area = (typeof AREAS)[number];

const sh = (area: Area, id: string, title: string, notCovered?: string, standard?: Control["standard"]): Control => ({
    framework: "Security Hub",
    area,
    id,
    title,
    notCovered,
    standard,
});
const ckv = (area: Area, id: string, title: string, notCovered?: string): Control => ({
    framework: "checkov",
    area,
    id,
    title,
    notCovered,
});

const NO_CACHE =
    "deliberate: the stages serve per-request data and run without a cache cluster (cost, staleness); cache encryption is checked whenever a method caches";
const WAF =
    "a WAF web ACL is an account-level choice (managed rule groups, cost per ACL); a team that has one associates it with aws.wafv2.WebAclAssociation";

export const CONTROLS: Control[] = [
    // Lambda
    sh("Lambda", "Lambda.1", "Lambda function policies should prohibit public access"),
    sh("Lambda", "Lambda.2", "Lambda functions should use supported runtimes"),
    sh("Lambda", "Lambda.5", "VPC Lambda functions should operate in multiple Availability Zones"),
    ckv("Lambda", "CKV_AWS_45", "No secrets in Lambda environment variables"),
    ckv("Lambda", "CKV_AWS_50", "X-Ray tracing is enabled for Lambda"),
    ckv("Lambda", "CKV_AWS_116", "Lambda has a dead-letter queue"),
    ckv("Lambda", "CKV_AWS_258", "Lambda function URL AuthType is not NONE"),
    ckv("Lambda", "CKV_AWS_301", "Lambda function is not publicly accessible"),
    ckv("Lambda", "CKV_AWS_363", "Lambda runtime is not deprecated"),
    ckv("Lambda", "CKV_AWS_364", "Permissions delegated to AWS services are limited by SourceArn or SourceAccount"),
    ckv(
        "Lambda",
        "CKV_AWS_115",
        "Function-level concurrent execution limit",
        "reserved concurrency is a capacity decision per function (the lifecycle work derives it from the database's connection limit); a 0 that disables a function is caught by lambda-concurrency-not-zero",
    ),
    ckv(
        "Lambda",
        "CKV_AWS_117",
        "Lambda function inside a VPC",
        "a VPC only helps functions that reach VPC resources (lambda-database-access-in-vpc requires it there); elsewhere it adds NAT cost and cold-start latency",
    ),
    ckv(
        "Lambda",
        "CKV_AWS_173",
        "Environment variables encrypted with a customer managed key",
        "environment variables hold no secrets (lambda-no-secrets-in-environment); Lambda's AWS managed key encrypts the rest",
    ),
    ckv(
        "Lambda",
        "CKV_AWS_272",
        "Code signing is configured",
        "code signing needs a Signer profile and signing in CI, outside what a resource's inputs can show; container image functions are covered by ECR scanning and immutable tags",
    ),
    // API Gateway
    sh("API Gateway", "APIGateway.1", "API Gateway REST and WebSocket API execution logging should be enabled"),
    sh(
        "API Gateway",
        "APIGateway.2",
        "REST API stages should use SSL certificates for backend authentication",
        "applies to HTTP backends; the library integrates Lambda (AWS_PROXY), which API Gateway calls with IAM",
    ),
    sh("API Gateway", "APIGateway.3", "REST API stages should have AWS X-Ray tracing enabled"),
    sh("API Gateway", "APIGateway.4", "API Gateway should be associated with a WAF Web ACL", WAF),
    sh("API Gateway", "APIGateway.5", "REST API cache data should be encrypted at rest"),
    sh(
        "API Gateway",
        "APIGateway.8",
        "API Gateway (V2) routes should specify an authorization type",
        "applies to HTTP/WebSocket API routes (apigatewayv2), which the library does not register; REST methods are checked by apigateway-write-methods-authorized and apigateway-methods-authorized",
    ),
    sh("API Gateway", "APIGateway.9", "Access logging should be configured for API Gateway V2 stages"),
    ckv("API Gateway", "CKV_AWS_59", "No open access to back-end resources through API"),
    ckv("API Gateway", "CKV_AWS_73", "API Gateway has X-Ray tracing enabled"),
    ckv("API Gateway", "CKV_AWS_76", "API Gateway has access logging enabled"),
    ckv("API Gateway", "CKV_AWS_276", "Data trace is not enabled in method settings"),
    ckv("API Gateway", "CKV_AWS_308", "Method setting caching is encrypted"),
    ckv("API Gateway", "CKV2_AWS_4", "Stage has a logging level defined"),
    ckv("API Gateway", "CKV_AWS_120", "API Gateway caching is enabled", NO_CACHE),
    ckv("API Gateway", "CKV2_AWS_29", "Public API gateways are protected by WAF", WAF),
    ckv(
        "API Gateway",
        "CKV2_AWS_51",
        "API Gateway endpoints use client certificate authentication",
        "client certificates authenticate API Gateway to HTTP backends; Lambda integrations need none",
    ),
    ckv(
        "API Gateway",
        "CKV2_AWS_53",
        "API Gateway requests are validated",
        "the library's routes take no request bodies; request validators belong with a team's own models",
    ),
    // S3
    sh(
        "S3",
        "S3.1",
        "S3 general purpose buckets should have block public access settings enabled (account level)",
        "an account-wide singleton (aws.s3.AccountPublicAccessBlock): one owner per account, outside the application's stacks (see account-singleton-owned); each bucket blocks public access itself (S3.8)",
    ),
    sh("S3", "S3.2", "S3 general purpose buckets should block public read access"),
    sh("S3", "S3.3", "S3 general purpose buckets should block public write access"),
    sh("S3", "S3.5", "S3 general purpose buckets should require requests to use SSL"),
    sh(
        "S3",
        "S3.6",
        "S3 general purpose bucket policies should restrict access to other AWS accounts",
        "which accounts are trusted is the organisation's knowledge, not the program's; public principals are caught by s3-policy-not-public",
    ),
    sh("S3", "S3.8", "S3 general purpose buckets should block public access"),
    sh("S3", "S3.9", "S3 general purpose buckets should have server access logging enabled"),
    sh("S3", "S3.12", "ACLs should not be used to manage user access to S3 general purpose buckets"),
    sh(
        "S3",
        "S3.13",
        "S3 general purpose buckets should have lifecycle configurations",
        "retention is the data owner's decision per bucket (the thumbnails bucket takes paas:thumbnails.expireAfterDays); no default can be right for uploads",
    ),
    ckv("S3", "CKV_AWS_18", "S3 bucket has access logging enabled"),
    ckv("S3", "CKV_AWS_19", "S3 bucket is encrypted at rest"),
    ckv("S3", "CKV_AWS_20", "S3 bucket has no public READ ACL"),
    ckv("S3", "CKV_AWS_57", "S3 bucket has no public WRITE ACL"),
    ckv("S3", "CKV_AWS_53", "S3 bucket has block public ACLs enabled"),
    ckv("S3", "CKV_AWS_54", "S3 bucket has block public policy enabled"),
    ckv("S3", "CKV_AWS_55", "S3 bucket ignores public ACLs"),
    ckv("S3", "CKV_AWS_56", "S3 bucket restricts public buckets"),
    ckv("S3", "CKV_AWS_70", "S3 bucket does not allow an action with any principal"),
    ckv("S3", "CKV2_AWS_6", "S3 bucket has a public access block"),
    ckv(
        "S3",
        "CKV_AWS_21",
        "S3 bucket has versioning enabled",
        "the buckets hold re-creatable objects (uploads are processed once, thumbnails are derived); versioning doubles storage without a restore story",
    ),
    ckv(
        "S3",
        "CKV_AWS_144",
        "S3 bucket has cross-region replication",
        "a disaster-recovery decision with a second region and its cost; not a default for every bucket",
    ),
    ckv(
        "S3",
        "CKV_AWS_145",
        "S3 bucket is encrypted with KMS",
        "SSE-S3 encrypts every object (s3-encryption); a customer managed key adds cost and a key policy without a requirement asking for it",
    ),
    ckv("S3", "CKV2_AWS_61", "S3 bucket has a lifecycle configuration", "see S3.13"),
    ckv(
        "S3",
        "CKV2_AWS_62",
        "S3 bucket has event notifications enabled",
        "notifications are wiring, not a control: buckets that feed a function have them, and two on one bucket are caught by s3-one-notification-per-bucket",
    ),
    // DynamoDB
    sh(
        "DynamoDB",
        "DynamoDB.1",
        "DynamoDB tables should automatically scale capacity with demand",
        "the library's tables are on demand (PAY_PER_REQUEST), which scales without capacity settings; the control applies to provisioned tables",
    ),
    sh("DynamoDB", "DynamoDB.2", "DynamoDB tables should have point-in-time recovery enabled"),
    sh(
        "DynamoDB",
        "DynamoDB.3",
        "DynamoDB Accelerator (DAX) clusters should be encrypted at rest",
        "the library registers no DAX cluster",
    ),
    sh(
        "DynamoDB",
        "DynamoDB.4",
        "DynamoDB tables should be present in a backup plan",
        "AWS Backup plans are an account-level choice (vaults, retention, cross-account copies); point-in-time recovery (DynamoDB.2) is checked per table",
    ),
    sh("DynamoDB", "DynamoDB.5", "DynamoDB tables should be tagged"),
    sh("DynamoDB", "DynamoDB.6", "DynamoDB tables should have deletion protection enabled"),
    sh(
        "DynamoDB",
        "DynamoDB.7",
        "DynamoDB Accelerator clusters should be encrypted in transit",
        "the library registers no DAX cluster",
    ),
    ckv("DynamoDB", "CKV_AWS_28", "DynamoDB point-in-time recovery is enabled"),
    ckv("DynamoDB", "CKV_AWS_119", "DynamoDB tables are encrypted with a KMS key"),
    ckv(
        "DynamoDB",
        "CKV2_AWS_16",
        "Auto scaling is enabled on DynamoDB tables",
        "the library's tables are on demand (PAY_PER_REQUEST): there is no capacity to scale",
    ),
    // RDS
    sh(
        "RDS",
        "RDS.1",
        "RDS snapshot should be private",
        "the library manages no snapshot resources (final snapshots are made by RDS and are private)",
    ),
    sh("RDS", "RDS.2", "RDS DB instances should prohibit public access"),
    sh("RDS", "RDS.3", "RDS DB instances should have encryption at-rest enabled"),
    sh("RDS", "RDS.4", "RDS cluster snapshots and database snapshots should be encrypted at rest"),
    sh("RDS", "RDS.5", "RDS DB instances should be configured with multiple Availability Zones"),
    sh("RDS", "RDS.6", "Enhanced monitoring should be configured for RDS DB instances"),
    sh("RDS", "RDS.8", "RDS DB instances should have deletion protection enabled"),
    sh("RDS", "RDS.9", "RDS DB instances should publish logs to CloudWatch Logs"),
    sh("RDS", "RDS.10", "IAM authentication should be configured for RDS instances"),
    sh("RDS", "RDS.11", "RDS instances should have automatic backups enabled"),
    sh("RDS", "RDS.13", "RDS automatic minor version upgrades should be enabled"),
    sh("RDS", "RDS.17", "RDS DB instances should be configured to copy tags to snapshots"),
    sh(
        "RDS",
        "RDS.20",
        "RDS event notification subscriptions should be configured for critical database instance events",
        "event subscriptions are account-level wiring to an operations channel; the library's alarms cover the function side",
    ),
    sh(
        "RDS",
        "RDS.23",
        "RDS instances should not use a database engine default port",
        "the database sits in isolated subnets behind a security group admitting only the functions' group; a non-default port hides nothing from a scanner already inside the VPC",
    ),
    sh("RDS", "RDS.25", "RDS database instances should use a custom administrator username"),
    sh("RDS", "RDS.36", "RDS for PostgreSQL DB instances should publish logs to CloudWatch Logs"),
    sh("RDS", "RDS.42", "RDS for MariaDB DB instances should publish logs to CloudWatch Logs"),
    sh("RDS", "RDS.44", "RDS for MariaDB DB instances should be encrypted in transit"),
    sh("RDS", "RDS.46", "RDS DB instances should not be deployed in public subnets with routes to internet gateways"),
    ckv("RDS", "CKV_AWS_16", "RDS is encrypted at rest"),
    ckv("RDS", "CKV_AWS_17", "RDS instance is not publicly accessible"),
    ckv("RDS", "CKV_AWS_118", "Enhanced monitoring is enabled for RDS instances"),
    ckv("RDS", "CKV_AWS_129", "RDS logs are enabled"),
    ckv("RDS", "CKV_AWS_133", "RDS instance has a backup policy"),
    ckv("RDS", "CKV_AWS_157", "RDS instances have Multi-AZ enabled"),
    ckv("RDS", "CKV_AWS_161", "RDS instance has IAM authentication enabled"),
    ckv("RDS", "CKV_AWS_211", "RDS uses a modern CA certificate"),
    ckv("RDS", "CKV_AWS_226", "DB instance gets minor upgrades automatically"),
    ckv("RDS", "CKV_AWS_293", "Database instances have deletion protection enabled"),
    ckv("RDS", "CKV2_AWS_60", "RDS instance copies tags to snapshots"),
    ckv(
        "RDS",
        "CKV_AWS_353",
        "RDS instances have Performance Insights enabled",
        "a diagnostics feature with its own retention cost; a team turns it on per instance class",
    ),
    ckv("RDS", "CKV_AWS_354", "Performance Insights is encrypted with a customer managed key", "see CKV_AWS_353"),
    // SQS, SNS, KMS
    sh("SQS, SNS, KMS", "SQS.1", "Amazon SQS queues should be encrypted at rest"),
    sh("SQS, SNS, KMS", "SQS.3", "SQS queue access policies should not allow public access"),
    sh("SQS, SNS, KMS", "SNS.1", "SNS topics should be encrypted at-rest using AWS KMS", undefined, "NIST 800-53"),
    sh("SQS, SNS, KMS", "SNS.4", "SNS topic access policies should not allow public access"),
    sh("SQS, SNS, KMS", "KMS.1", "IAM customer managed policies should not allow decryption actions on all KMS keys"),
    sh(
        "SQS, SNS, KMS",
        "KMS.2",
        "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys",
    ),
    sh(
        "SQS, SNS, KMS",
        "KMS.3",
        "AWS KMS keys should not be deleted unintentionally",
        "about a key's state (scheduled for deletion) in the account, which no program input shows",
    ),
    sh("SQS, SNS, KMS", "KMS.4", "AWS KMS key rotation should be enabled", undefined, "CIS"),
    sh("SQS, SNS, KMS", "KMS.5", "KMS keys should not be publicly accessible"),
    ckv("SQS, SNS, KMS", "CKV_AWS_27", "SQS queue is encrypted"),
    ckv("SQS, SNS, KMS", "CKV_AWS_168", "SQS queue policy is not public"),
    ckv("SQS, SNS, KMS", "CKV_AWS_26", "SNS topic is encrypted"),
    ckv("SQS, SNS, KMS", "CKV_AWS_169", "SNS topic policy is not public"),
    ckv("SQS, SNS, KMS", "CKV_AWS_7", "Rotation for customer created CMKs is enabled"),
    ckv("SQS, SNS, KMS", "CKV_AWS_33", "KMS key policy does not contain a wildcard principal"),
    ckv(
        "SQS, SNS, KMS",
        "CKV_AWS_227",
        "KMS key is enabled",
        "disabling a key is a deliberate act (during an incident, or before deletion); flagging it would block the response",
    ),
    // IAM
    sh("IAM", "IAM.1", 'IAM policies should not allow full "*" administrative privileges'),
    sh("IAM", "IAM.21", "IAM customer managed policies should not allow wildcard actions for services"),
    ckv("IAM", "CKV_AWS_60", "IAM role allows only specific services or principals to assume it"),
    ckv("IAM", "CKV_AWS_61", "IAM policy does not allow assume role permission across all services"),
    ckv("IAM", "CKV_AWS_62", 'IAM policies that allow full "*-*" administrative privileges are not created'),
    ckv("IAM", "CKV_AWS_63", 'No IAM policy allows "*" as a statement\'s actions'),
    ckv("IAM", "CKV_AWS_274", "No role, user or group uses the AdministratorAccess policy"),
    ckv("IAM", "CKV_AWS_355", 'No IAM policy allows "*" as a statement\'s resource for restrictable actions'),
    ckv(
        "IAM",
        "CKV_AWS_286",
        "IAM policies do not allow privilege escalation",
        "needs an action-by-action privilege model (checkov uses cloudsplaining's); iam:PassRole on * is caught by iam-sensitive-actions-scoped and wildcards by iam-no-wildcard-actions",
    ),
    ckv("IAM", "CKV_AWS_287", "IAM policies do not allow credentials exposure", "see CKV_AWS_286"),
    ckv("IAM", "CKV_AWS_288", "IAM policies do not allow data exfiltration", "see CKV_AWS_286"),
    ckv(
        "IAM",
        "CKV_AWS_289",
        "IAM policies do not allow permissions management or resource exposure without constraints",
        "see CKV_AWS_286",
    ),
    ckv("IAM", "CKV_AWS_290", "IAM policies do not allow write access without constraints", "see CKV_AWS_286"),
    // VPC
    sh(
        "VPC, security groups, NACLs",
        "EC2.2",
        "VPC default security groups should not allow inbound or outbound traffic",
    ),
    sh("VPC, security groups, NACLs", "EC2.6", "VPC flow logging should be enabled in all VPCs"),
    sh(
        "VPC, security groups, NACLs",
        "EC2.15",
        "Amazon EC2 subnets should not automatically assign public IP addresses",
    ),
    sh(
        "VPC, security groups, NACLs",
        "EC2.16",
        "Unused Network Access Control Lists should be removed",
        "whether a NACL is used is the account's state; NACLs a program declares are associated by it",
    ),
    sh(
        "VPC, security groups, NACLs",
        "EC2.18",
        "Security groups should only allow unrestricted incoming traffic for authorized ports",
    ),
    sh(
        "VPC, security groups, NACLs",
        "EC2.19",
        "Security groups should not allow unrestricted access to ports with high risk",
    ),
    sh(
        "VPC, security groups, NACLs",
        "EC2.21",
        "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389",
    ),
    sh(
        "VPC, security groups, NACLs",
        "EC2.13",
        "Security groups should not allow ingress from 0.0.0.0/0 to port 22",
        undefined,
        "CIS",
    ),
    sh(
        "VPC, security groups, NACLs",
        "EC2.14",
        "Security groups should not allow ingress from 0.0.0.0/0 to port 3389",
        undefined,
        "CIS",
    ),
    sh(
        "VPC, security groups, NACLs",
        "EC2.53",
        "Security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports",
        undefined,
        "CIS",
    ),
    sh(
        "VPC, security groups, NACLs",
        "EC2.54",
        "Security groups should not allow ingress from ::/0 to remote server administration ports",
        undefined,
        "CIS",
    ),
    ckv("VPC, security groups, NACLs", "CKV_AWS_23", "Every security group and rule has a description"),
    ckv("VPC, security groups, NACLs", "CKV_AWS_24", "No security group allows ingress from 0.0.0.0/0 to port 22"),
    ckv("VPC, security groups, NACLs", "CKV_AWS_25", "No security group allows ingress from 0.0.0.0/0 to port 3389"),
    ckv("VPC, security groups, NACLs", "CKV_AWS_260", "No security group allows ingress from 0.0.0.0/0 to port 80"),
    ckv("VPC, security groups, NACLs", "CKV_AWS_277", "No security group allows ingress from 0.0.0.0/0 to port -1"),
    ckv("VPC, security groups, NACLs", "CKV_AWS_382", "No security group allows egress to 0.0.0.0/0 on port -1"),
    ckv("VPC, security groups, NACLs", "CKV_AWS_352", "NACL ingress does not allow all ports"),
    ckv("VPC, security groups, NACLs", "CKV_AWS_130", "VPC subnets do not assign public IPs by default"),
    ckv("VPC, security groups, NACLs", "CKV2_AWS_11", "VPC flow logging is enabled in all VPCs"),
    ckv("VPC, security groups, NACLs", "CKV2_AWS_12", "The default security group restricts all traffic"),
    ckv(
        "VPC, security groups, NACLs",
        "CKV2_AWS_5",
        "Security groups are attached to another resource",
        "an unattached group grants nothing; whether one is used can change with any other stack in the account",
    ),
    // Logs, alarms
    sh(
        "Logs, alarms",
        "CloudWatch.15",
        "CloudWatch alarms should have specified actions configured",
        undefined,
        "NIST 800-53",
    ),
    sh(
        "Logs, alarms",
        "CloudWatch.16",
        "CloudWatch log groups should be retained for a specified time period",
        undefined,
        "NIST 800-53",
    ),
    sh("Logs, alarms", "CloudWatch.17", "CloudWatch alarm actions should be activated", undefined, "NIST 800-53"),
    ckv("Logs, alarms", "CKV_AWS_66", "CloudWatch log group specifies retention days"),
    ckv("Logs, alarms", "CKV_AWS_319", "CloudWatch alarm actions are enabled"),
    ckv(
        "Logs, alarms",
        "CKV_AWS_158",
        "CloudWatch log group is encrypted by KMS",
        "CloudWatch Logs encrypts every log group; a customer managed key needs a key policy for the logs service, without a requirement asking for it",
    ),
    ckv(
        "Logs, alarms",
        "CKV_AWS_338",
        "CloudWatch log groups retain logs for at least 1 year",
        "retention is per environment (prod keeps 365 days; dev 14 days keeps cost down); log-group-retention requires a period everywhere",
    ),
    // ECR
    sh("ECR", "ECR.1", "ECR private repositories should have image scanning configured"),
    sh("ECR", "ECR.2", "ECR private repositories should have tag immutability configured"),
    sh("ECR", "ECR.3", "ECR repositories should have at least one lifecycle policy configured"),
    ckv("ECR", "CKV_AWS_51", "ECR image tags are immutable"),
    ckv("ECR", "CKV_AWS_163", "ECR image scanning on push is enabled"),
    ckv(
        "ECR",
        "CKV_AWS_136",
        "ECR repositories are encrypted using KMS",
        "ECR encrypts images with AES-256 by default; the images hold no data a key policy would need to guard",
    ),
    // Cognito, Secrets Manager
    sh(
        "Cognito, Secrets Manager",
        "Cognito.1",
        "Cognito user pools should have threat protection activated with full function enforcement mode for standard authentication",
    ),
    sh("Cognito, Secrets Manager", "Cognito.2", "Cognito identity pools should not allow unauthenticated identities"),
    sh(
        "Cognito, Secrets Manager",
        "Cognito.3",
        "Password policies for Cognito user pools should have strong configurations",
    ),
    sh("Cognito, Secrets Manager", "Cognito.6", "Cognito user pools should have deletion protection enabled"),
    sh(
        "Cognito, Secrets Manager",
        "SecretsManager.1",
        "Secrets Manager secrets should have automatic rotation enabled",
        "the library's secret holds an API Gateway key, rotated by replacing the key (a new ApiKey copies its value in), not by a rotation function",
    ),
    sh(
        "Cognito, Secrets Manager",
        "SecretsManager.2",
        "Secrets Manager secrets configured with automatic rotation should rotate successfully",
        "no secret of the library rotates automatically (see SecretsManager.1)",
    ),
    sh(
        "Cognito, Secrets Manager",
        "SecretsManager.3",
        "Remove unused Secrets Manager secrets",
        "whether a secret is read is account activity, not a resource input",
    ),
    sh(
        "Cognito, Secrets Manager",
        "SecretsManager.4",
        "Secrets Manager secrets should be rotated within a specified number of days",
        "see SecretsManager.1",
    ),
    ckv(
        "Cognito, Secrets Manager",
        "CKV_AWS_149",
        "Secrets Manager secret is encrypted using KMS customer managed key",
        "who reads the API key is decided by IAM on the secret; a customer managed key adds a key policy to keep in step without narrowing it",
    ),
];

/**
 * Types the library registers that no rule takes as its own subject, and why: companions are checked
 * through the resource they configure; the rest have no control that applies.
 */
export const TYPES_WITHOUT_OWN_RULES: Record<string, string> = {
    "aws:apigateway/restApi:RestApi":
        "its stages, methods and settings carry the controls (logging, tracing, authorization, throttling)",
    "aws:apigateway/integration:Integration": "checked through the function it calls (apigateway-integration-timeout)",
    "aws:apigateway/integrationResponse:IntegrationResponse": "no control applies (a response mapping)",
    "aws:apigateway/methodResponse:MethodResponse": "no control applies (a response declaration)",
    "aws:apigateway/resource:Resource": "no control applies (a path); its methods carry authorization",
    "aws:apigateway/apiKey:ApiKey": "its usage plan carries the controls (apigateway-usage-plan-limits)",
    "aws:apigateway/usagePlanKey:UsagePlanKey": "checked through its usage plan (apigateway-usage-plan-limits)",
    "aws:apigateway/authorizer:Authorizer": "checked through its user pools (cognito-*) and the methods using it",
    "aws:secretsmanager/secretVersion:SecretVersion": "checked through its secret (stateful-resources-protected)",
    "aws:cloudwatch/dashboard:Dashboard": "no control applies (a view of metrics; it holds no data)",
    "aws:cloudwatch/eventRule:EventRule":
        "checked through the function its target invokes (lambda-async-failure-destination); a schedule holds no data",
    "aws:cloudwatch/eventTarget:EventTarget":
        "checked through the function it invokes (lambda-async-failure-destination)",
    "aws:ec2/eip:Eip": "no control applies to a NAT gateway's address",
    "aws:ec2/flowLog:FlowLog": "checked through its VPC (vpc-flow-logs)",
    "aws:ec2/internetGateway:InternetGateway": "checked through the routes to it (rds-not-in-public-subnets)",
    "aws:ec2/natGateway:NatGateway": "no control applies",
    "aws:ec2/route:Route": "checked through the subnets that use it (rds-not-in-public-subnets)",
    "aws:ec2/routeTable:RouteTable": "checked through the subnets that use it (rds-not-in-public-subnets)",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "checked through its subnet (rds-not-in-public-subnets)",
    "aws:ec2/vpcEndpoint:VpcEndpoint":
        "its security group carries the controls (no-public-ingress, sg-rules-described)",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "checked through its repository (ecr-lifecycle-policy)",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "covered by iam-no-admin-policies",
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig":
        "checked through its function (lambda-async-failure-destination)",
    "aws:lambda/invocation:Invocation": "no control applies (a deploy-time invocation)",
    "aws:lambda/layerVersion:LayerVersion": "no control applies; its runtimes are checked on the functions that use it",
    "aws:rds/parameterGroup:ParameterGroup": "checked through its instances (rds-tls-required)",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "checked through its bucket (s3-public-access-blocked)",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
        "checked through its bucket (s3-encryption)",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "see S3.13 in the table",
    "aws:sns/topicSubscription:TopicSubscription": "checked through its topic (alarm-topic-subscribed)",
};
