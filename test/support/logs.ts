/** Runs `work` with every console line captured (and LOG_LEVEL at DEBUG); returns its result and the lines. */
export async function captureLogs<T>(
    work: () => Promise<T>,
): Promise<{ result?: T; error?: unknown; lines: string[] }> {
    const lines: string[] = [];
    const saved = { log: console.log, warn: console.warn, error: console.error, level: process.env.LOG_LEVEL };
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    Object.assign(console, { log: capture, warn: capture, error: capture });
    process.env.LOG_LEVEL = "DEBUG";
    try {
        return { result: await work(), lines };
    } catch (error) {
        return { error, lines };
    } finally {
        Object.assign(console, { log: saved.log, warn: saved.warn, error: saved.error });
        if (saved.level === undefined) delete process.env.LOG_LEVEL;
        else process.env.LOG_LEVEL = saved.level;
    }
}
