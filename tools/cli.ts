/** What a command prints to: the console when run as a script, a buffer in tests. */
export interface CliOutput {
    out(text: string): void;
    err(text: string): void;
}

export const CONSOLE: CliOutput = { out: (text) => console.log(text), err: (text) => console.error(text) };

/**
 * Runs a command's `main` as the process's script: exits with its code, or on a failure with
 * `failureCode` and the message alone (messages name the input and the fix; a stack would bury them).
 */
export function runAsScript(main: (argv: string[], output: CliOutput) => Promise<number>, failureCode: number): void {
    main(process.argv.slice(2), CONSOLE).then(
        (code) => process.exit(code),
        (error) => {
            const cause = error?.name === "EvaluationError" ? error.cause : error;
            console.error(cause instanceof Error ? cause.message : String(cause));
            process.exit(failureCode);
        },
    );
}
