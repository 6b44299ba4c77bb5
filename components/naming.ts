import { ArgIssue } from "./errors";

/** Pulumi's auto-naming appends a dash and 7 random characters to a child's name. */
const AUTONAME_SUFFIX = 8;

/** A physical name AWS derives from a child's name: its role, limit and allowed form. */
export interface PhysicalNameRule {
    /** The child's role, appended to the component's name (`<name>-<role>`). */
    role: string;
    /** What the name is, for the message (e.g. "ECR repository names"). */
    what: string;
    maxLength: number;
    pattern?: RegExp;
    patternText?: string;
}

/**
 * Checks the component's name against the physical names AWS will be asked to create from it, so a name
 * AWS would refuse fails before anything registers, naming the limit (not at the first `pulumi up`).
 */
export function checkPhysicalNames(name: string, rules: PhysicalNameRule[]): ArgIssue[] {
    const issues: ArgIssue[] = [];
    for (const rule of rules) {
        const physical = `${name}-${rule.role}`;
        const length = physical.length + AUTONAME_SUFFIX;
        if (length > rule.maxLength) {
            issues.push({
                argument: "name",
                problem: `"${name}" makes ${rule.what} of ${length} characters ("${physical}-xxxxxxx"), over AWS's ${rule.maxLength}`,
                fix: `use a name of at most ${rule.maxLength - AUTONAME_SUFFIX - rule.role.length - 1} characters`,
            });
        } else if (rule.pattern && !rule.pattern.test(physical)) {
            issues.push({
                argument: "name",
                problem: `"${name}" makes ${rule.what} AWS refuses ("${physical}-xxxxxxx")`,
                fix: `use ${rule.patternText ?? rule.pattern.source}`,
            });
        }
    }
    return issues;
}

const LOWERCASE = "lowercase letters, digits and hyphens";
export const NAME_RULES = {
    lambdaFunction: { role: "function", what: "a Lambda function name", maxLength: 64 },
    iamRole: { role: "role", what: "an IAM role name", maxLength: 64 },
    ecrRepository: {
        role: "repo",
        what: "an ECR repository name",
        maxLength: 256,
        pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
        patternText: LOWERCASE,
    },
    s3Bucket: {
        role: "bucket",
        what: "an S3 bucket name",
        maxLength: 63,
        pattern: /^[a-z0-9][a-z0-9-]*$/,
        patternText: `${LOWERCASE}, starting with a letter or digit`,
    },
    sqsQueue: { role: "dlq", what: "an SQS queue name", maxLength: 80 },
} satisfies Record<string, PhysicalNameRule>;
