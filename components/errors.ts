/** One problem with one argument: what is wrong and how to fix it. */
export interface ArgIssue {
    /** The argument (or config key) at fault, e.g. `azCount` or `paas:network.azCount`. */
    readonly argument: string;
    /** What is wrong, including the value received. */
    readonly problem: string;
    /** What to do instead. */
    readonly fix: string;
}

/**
 * The one error thrown for invalid component arguments and invalid stack config.
 * It is thrown before any resource is created and lists every problem at once,
 * so a user fixes their input in one pass instead of one `pulumi up` per mistake.
 */
export class InvalidArgsError extends Error {
    constructor(
        /** What was being configured, e.g. `Network "dev-network"` or `stack config "dev"`. */
        readonly subject: string,
        readonly issues: readonly ArgIssue[],
    ) {
        super(formatIssues(subject, issues));
        this.name = "InvalidArgsError";
    }
}

function formatIssues(subject: string, issues: readonly ArgIssue[]): string {
    const noun = issues.length === 1 ? "invalid argument" : "invalid arguments";
    const lines = issues.map((i) => `  - ${i.argument}: ${i.problem}. Fix: ${i.fix}.`);
    return [`${subject}: ${issues.length} ${noun}:`, ...lines].join("\n");
}

/** Throws an `InvalidArgsError` when `issues` is not empty. */
export function throwIfInvalid(subject: string, issues: readonly ArgIssue[]): void {
    if (issues.length > 0) throw new InvalidArgsError(subject, issues);
}

/** Prefixes every issue's argument, e.g. to turn `azCount` into `paas:network.azCount`. */
export function prefixIssues(prefix: string, issues: readonly ArgIssue[]): ArgIssue[] {
    return issues.map((i) => ({ ...i, argument: `${prefix}${i.argument}` }));
}
