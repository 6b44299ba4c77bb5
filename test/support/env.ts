/** Sets environment variables for the duration of a suite (its before/after hooks), restoring only those. */
export function withEnv(vars: () => Record<string, string>): void {
    const saved: Record<string, string | undefined> = {};
    before(() => {
        for (const [key, value] of Object.entries(vars())) {
            saved[key] = process.env[key];
            process.env[key] = value;
        }
    });
    after(() => {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    });
}
