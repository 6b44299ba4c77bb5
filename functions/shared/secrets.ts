import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** The parts of an RDS-managed master user secret the functions use. */
export interface DatabaseCredentials {
    username?: string;
    password: string;
}

// One client per container, with the SDK's default configuration (so AWS_ENDPOINT_URL_SECRETS_MANAGER works).
let client: SecretsManagerClient | undefined;

/** Fetches and parses a database secret (`{"username","password"}`). */
export async function fetchDatabaseCredentials(secretArn: string): Promise<DatabaseCredentials> {
    client ??= new SecretsManagerClient({});
    const response = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const parsed = JSON.parse(response.SecretString ?? "{}") as Partial<DatabaseCredentials>;
    if (typeof parsed.password !== "string") throw new Error("the database secret has no password field");
    return { username: parsed.username, password: parsed.password };
}
