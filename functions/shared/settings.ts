/** How a function reaches its database, read from the environment and checked. */
export interface DatabaseSettings {
    host: string;
    port: number;
    user: string;
    database: string;
    /** Where the password comes from: a Secrets Manager secret (AWS), or a plain value (local mode only). */
    password: { secretArn: string } | { value: string };
    /** `rds`: TLS verified against the Amazon RDS CA bundle; `off`: plain TCP (local mode only). */
    tls: "rds" | "off";
}

export class SettingsError extends Error {
    constructor(problems: string[]) {
        super(`invalid function configuration: ${problems.join("; ")}`);
        this.name = "SettingsError";
    }
}

/**
 * Reads `MYSQL_HOST`, `MYSQL_PORT`, `MYSQL_USER`, `MYSQL_DATABASE`, `MYSQL_SECRET_ARN` or `MYSQL_PASSWORD`,
 * and `MYSQL_TLS`. In AWS (where `AWS_EXECUTION_ENV` is set) a plain password and TLS off are refused.
 */
export function readDatabaseSettings(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
    const problems: string[] = [];
    const required = (key: string) => {
        const value = env[key]?.trim();
        if (!value) problems.push(`${key} is not set`);
        return value ?? "";
    };
    const host = required("MYSQL_HOST");
    const user = required("MYSQL_USER");
    const database = required("MYSQL_DATABASE");
    const port = Number(env.MYSQL_PORT ?? "3306");
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        problems.push(`MYSQL_PORT must be a port number, got "${env.MYSQL_PORT}"`);

    const inAws = Boolean(env.AWS_EXECUTION_ENV);
    let password: DatabaseSettings["password"] = { value: "" };
    if (env.MYSQL_SECRET_ARN) {
        password = { secretArn: env.MYSQL_SECRET_ARN };
    } else if (env.MYSQL_PASSWORD !== undefined && !inAws) {
        password = { value: env.MYSQL_PASSWORD };
    } else {
        problems.push(
            inAws
                ? "MYSQL_SECRET_ARN is not set (MYSQL_PASSWORD is for local runs only)"
                : "set MYSQL_SECRET_ARN, or MYSQL_PASSWORD for a local run",
        );
    }

    const tls = (env.MYSQL_TLS ?? "rds") as DatabaseSettings["tls"];
    if (tls !== "rds" && tls !== "off") problems.push(`MYSQL_TLS must be "rds" or "off", got "${env.MYSQL_TLS}"`);
    if (tls === "off" && inAws) problems.push("MYSQL_TLS=off is for local runs only: RDS requires TLS");

    if (problems.length > 0) throw new SettingsError(problems);
    return { host, port, user, database, password, tls };
}
