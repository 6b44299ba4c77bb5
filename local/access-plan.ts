/**
 * Who may call a local API, read from what the program registered (as local/program.ts reads the rest):
 * Cognito user pools with their app clients (for `COGNITO_USER_POOLS` authorizers), and the usage plans of
 * each API stage with their API keys and the secrets those keys' values were copied into. Pure.
 */
import type { RecordedResource } from "../tools/offline/evaluate";

export const ACCESS_TYPES = {
    userPool: "aws:cognito/userPool:UserPool",
    userPoolClient: "aws:cognito/userPoolClient:UserPoolClient",
    authorizer: "aws:apigateway/authorizer:Authorizer",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
} as const;

export interface UserPoolClientPlan {
    id: string;
    /** Lifetimes of the tokens it is issued, in seconds (Cognito's defaults: an hour each). */
    idTokenSeconds: number;
    accessTokenSeconds: number;
}

export interface UserPoolPlan {
    /** `<region>_<id>`: the last segment of its issuer. */
    id: string;
    arn: string;
    name: string;
    clients: UserPoolClientPlan[];
}

export interface ApiKeyPlan {
    name: string;
    id: string;
    /** The value the program gave it, if any (else API Gateway generates one; locally, `npm start` does). */
    value?: string;
    /** The secrets (ARN and name) its value was copied into, where a client reads it from. */
    secrets: string[];
}

export interface UsagePlanPlan {
    name: string;
    throttle?: { rateLimit: number; burstLimit: number };
    quota?: { limit: number; period: "DAY" | "WEEK" | "MONTH" };
    keys: ApiKeyPlan[];
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** A token lifetime as the client registers it: a number in its unit (`tokenValidityUnits`), hours by default. */
function lifetime(client: RecordedResource, value: string, unit: string): number {
    const units = (client.inputs.tokenValidityUnits ?? {}) as Record<string, string>;
    const given = client.inputs[value] as number | undefined;
    return given === undefined ? 3600 : given * UNIT_SECONDS[units[unit] ?? "hours"];
}

/** A pool made elsewhere (named only by an authorizer's ARN) gets this one local app client. */
export const LOCAL_CLIENT_ID = "localclient";

/**
 * The user pools and their app clients; and each pool an authorizer names by ARN without the program
 * registering it (`cognitoUserPoolArns`: made elsewhere), with one local client, so its routes can be called
 * locally too.
 */
export function planUserPools(resources: RecordedResource[]): UserPoolPlan[] {
    const clients = resources.filter((r) => r.type === ACCESS_TYPES.userPoolClient);
    const registered: UserPoolPlan[] = resources
        .filter((r) => r.type === ACCESS_TYPES.userPool)
        .map((pool) => ({
            id: pool.id,
            arn: String(pool.outputs.arn),
            name: pool.name,
            clients: clients
                .filter((c) => c.inputs.userPoolId === pool.id)
                .map((c) => ({
                    id: c.id,
                    idTokenSeconds: lifetime(c, "idTokenValidity", "idToken"),
                    accessTokenSeconds: lifetime(c, "accessTokenValidity", "accessToken"),
                })),
        }));
    const named = resources
        .filter((r) => r.type === ACCESS_TYPES.authorizer)
        .flatMap((a) => (a.inputs.providerArns ?? []) as string[]);
    const elsewhere = [...new Set(named)]
        .filter((arn) => !registered.some((p) => p.arn === arn))
        .map((arn) => ({
            id: arn.split("/").pop()!,
            arn,
            name: arn,
            clients: [{ id: LOCAL_CLIENT_ID, idTokenSeconds: 3600, accessTokenSeconds: 3600 }],
        }));
    return [...registered, ...elsewhere];
}

/** The user pools (by ID) a method's authorizer accepts tokens of; empty for other methods. */
export function methodUserPools(
    resources: RecordedResource[],
    method: RecordedResource,
    pools: UserPoolPlan[],
): string[] {
    if (method.inputs.authorization !== "COGNITO_USER_POOLS") return [];
    const authorizer = resources.find((r) => r.type === ACCESS_TYPES.authorizer && r.id === method.inputs.authorizerId);
    const arns = (authorizer?.inputs.providerArns ?? []) as string[];
    return pools.filter((p) => arns.includes(p.arn)).map((p) => p.id);
}

/** The usage plans of one API stage, each with its keys and where their values are kept. */
export function planUsagePlans(resources: RecordedResource[], apiId: string, stage: string): UsagePlanPlan[] {
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    return ofType(ACCESS_TYPES.usagePlan)
        .filter((plan) =>
            ((plan.inputs.apiStages ?? []) as { apiId?: string; stage?: string }[]).some(
                (s) => s.apiId === apiId && s.stage === stage,
            ),
        )
        .map((plan) => {
            const throttle = plan.inputs.throttleSettings as { rateLimit?: number; burstLimit?: number } | undefined;
            const quota = plan.inputs.quotaSettings as UsagePlanPlan["quota"] | undefined;
            const keyIds = ofType(ACCESS_TYPES.usagePlanKey)
                .filter((k) => k.inputs.usagePlanId === plan.id)
                .map((k) => k.inputs.keyId as string);
            return {
                name: plan.name,
                throttle:
                    throttle?.rateLimit !== undefined && throttle.burstLimit !== undefined
                        ? { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit }
                        : undefined,
                quota: quota?.limit !== undefined ? { limit: quota.limit, period: quota.period } : undefined,
                keys: ofType(ACCESS_TYPES.apiKey)
                    .filter((key) => keyIds.includes(key.id))
                    .map((key) => ({
                        name: key.name,
                        id: key.id,
                        value: typeof key.inputs.value === "string" ? key.inputs.value : undefined,
                        secrets: secretsHolding(resources, key),
                    })),
            };
        });
}

/** The secrets a secret version computed from the key's value was written to: their ARNs and names. */
function secretsHolding(resources: RecordedResource[], key: RecordedResource): string[] {
    const secretIds = resources
        .filter(
            (r) =>
                r.type === ACCESS_TYPES.secretVersion && (r.propertyDependencies.secretString ?? []).includes(key.urn),
        )
        .map((r) => r.inputs.secretId as string);
    return resources
        .filter((r) => r.type === ACCESS_TYPES.secret && secretIds.includes(r.id))
        .flatMap((r) => [String(r.outputs.arn), r.id]);
}
