/**
 * A local stand-in for Cognito user pools' tokens, and for API Gateway's `COGNITO_USER_POOLS` authorizer.
 *
 * Each registered pool gets an RS256 signing key (node:crypto) published as a JWKS at the pool's local
 * issuer, laid out as Cognito's is (`<issuer>/.well-known/jwks.json`, the issuer ending in the pool ID), and
 * issues ID and access tokens with Cognito's claims to any username (local mode has no passwords).
 *
 * Verification follows AWS's "Verifying a JSON Web Token" (Cognito developer guide): three base64url parts;
 * `alg` RS256 and a signature by the JWKS key named by `kid`; `exp` in the future; `iss` the pool's issuer;
 * `token_use` as expected; and the audience an app client of the pool (`aud` in ID tokens, `client_id` in
 * access tokens). A method without OAuth scopes (all of this library's) accepts ID tokens only, as API
 * Gateway's authorizer does.
 */
import { KeyObject, createHash, createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from "crypto";
import type { UserPoolPlan } from "./access-plan";

export interface Jwk {
    kty: string;
    n: string;
    e: string;
    alg: "RS256";
    kid: string;
    use: "sig";
}

/** What Cognito's InitiateAuth answers with (`AuthenticationResult`), less the refresh token. */
export interface AuthenticationResult {
    IdToken: string;
    AccessToken: string;
    ExpiresIn: number;
    TokenType: "Bearer";
}

export type TokenUse = "id" | "access";

export interface VerifyOptions {
    issuer: string;
    jwks: { keys: Jwk[] };
    /** The pool's app client IDs. */
    clientIds: string[];
    tokenUse: TokenUse;
    /** Seconds since the epoch. */
    now: number;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The token's claims if it passes every check, else why not (for the log; the client only gets 401). */
export function verifyCognitoToken(
    token: string,
    o: VerifyOptions,
): { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string } {
    const parts = token.split(".");
    if (parts.length !== 3) return { ok: false, reason: "not a JWT" };
    let header: { alg?: string; kid?: string };
    let claims: Record<string, unknown>;
    try {
        header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as typeof header;
        claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Record<string, unknown>;
    } catch {
        return { ok: false, reason: "not a JWT" };
    }
    if (header.alg !== "RS256") return { ok: false, reason: `alg ${String(header.alg)}` };
    const jwk = o.jwks.keys.find((k) => k.kid === header.kid);
    if (!jwk) return { ok: false, reason: `no key ${String(header.kid)} in the pool's JWKS` };
    const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: "jwk" });
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    if (!verify("sha256", signed, key, Buffer.from(parts[2], "base64url")))
        return { ok: false, reason: "bad signature" };
    if (typeof claims.exp !== "number" || claims.exp <= o.now) return { ok: false, reason: "expired" };
    if (claims.iss !== o.issuer) return { ok: false, reason: `issuer ${String(claims.iss)}` };
    if (claims.token_use !== o.tokenUse) return { ok: false, reason: `token_use ${String(claims.token_use)}` };
    const audience = o.tokenUse === "id" ? claims.aud : claims.client_id;
    if (typeof audience !== "string" || !o.clientIds.includes(audience))
        return { ok: false, reason: `not issued to an app client of the pool (${String(audience)})` };
    return { ok: true, claims };
}

interface PoolKeys {
    plan: UserPoolPlan;
    privateKey: KeyObject;
    jwk: Jwk;
}

/** The pools' local issuer: their keys, JWKS, tokens, and the authorizer's check. */
export class LocalUserPools {
    private readonly pools = new Map<string, PoolKeys>();

    /** `endpoint`: the local server's base URL, under which each pool's issuer is. */
    constructor(
        plans: UserPoolPlan[],
        private readonly endpoint: string,
    ) {
        for (const plan of plans) {
            const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
            const { kty, n, e } = publicKey.export({ format: "jwk" }) as { kty: string; n: string; e: string };
            const kid = createHash("sha256").update(n).digest("base64");
            this.pools.set(plan.id, { plan, privateKey, jwk: { kty, n, e, alg: "RS256", kid, use: "sig" } });
        }
    }

    get ids(): string[] {
        return [...this.pools.keys()];
    }

    /** Cognito's `https://cognito-idp.<region>.amazonaws.com/<pool ID>`, here: `<endpoint>/_local/cognito/<pool ID>`. */
    issuer(poolId: string): string {
        return `${this.endpoint}/_local/cognito/${poolId}`;
    }

    jwks(poolId: string): { keys: Jwk[] } | undefined {
        const pool = this.pools.get(poolId);
        return pool && { keys: [pool.jwk] };
    }

    /**
     * Tokens for `username` from the pool's first app client (or `clientId`), as a sign-in would give:
     * `expiresIn` seconds overrides the client's token lifetime (negative: already expired, for tests).
     */
    signIn(
        poolId: string,
        request: { username: string; clientId?: string; expiresIn?: number },
        now = Math.floor(Date.now() / 1000),
    ): AuthenticationResult {
        const pool = this.pools.get(poolId);
        if (!pool) throw new Error(`no user pool ${poolId}`);
        const client = request.clientId
            ? pool.plan.clients.find((c) => c.id === request.clientId)
            : pool.plan.clients[0];
        if (!client) throw new Error(`user pool ${poolId} has no app client ${request.clientId ?? ""}`.trim());
        const sub = uuidOf(`${poolId}/${request.username}`);
        const common = { sub, iss: this.issuer(poolId), auth_time: now, iat: now, origin_jti: randomUUID() };
        const idLife = request.expiresIn ?? client.idTokenSeconds;
        const accessLife = request.expiresIn ?? client.accessTokenSeconds;
        const signed = (claims: Record<string, unknown>) => {
            const head = b64({ kid: pool.jwk.kid, alg: "RS256" });
            const body = b64(claims);
            const signature = sign("sha256", Buffer.from(`${head}.${body}`), pool.privateKey).toString("base64url");
            return `${head}.${body}.${signature}`;
        };
        const email = request.username.includes("@") ? request.username : `${request.username}@example.com`;
        return {
            IdToken: signed({
                ...common,
                aud: client.id,
                token_use: "id",
                "cognito:username": sub,
                email,
                email_verified: true,
                event_id: randomUUID(),
                exp: now + idLife,
                jti: randomUUID(),
            }),
            AccessToken: signed({
                ...common,
                client_id: client.id,
                token_use: "access",
                scope: "aws.cognito.signin.user.admin",
                username: sub,
                event_id: randomUUID(),
                exp: now + accessLife,
                jti: randomUUID(),
            }),
            ExpiresIn: accessLife,
            TokenType: "Bearer",
        };
    }

    /**
     * The authorizer's check of an `Authorization` header (the token, or `Bearer <token>`) against the pools
     * a method accepts: ID tokens only (no OAuth scopes on the method).
     */
    authorize(
        header: string | undefined,
        poolIds: string[],
        now = Math.floor(Date.now() / 1000),
    ): { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string } {
        const token = (header ?? "").replace(/^Bearer\s+/i, "").trim();
        if (!token) return { ok: false, reason: "no Authorization header" };
        let last = "no user pool";
        for (const id of poolIds) {
            const pool = this.pools.get(id);
            if (!pool) continue;
            const result = verifyCognitoToken(token, {
                issuer: this.issuer(id),
                jwks: { keys: [pool.jwk] },
                clientIds: pool.plan.clients.map((c) => c.id),
                tokenUse: "id",
                now,
            });
            if (result.ok) return result;
            last = result.reason;
        }
        return { ok: false, reason: last };
    }
}

/** A stable UUID for a user (Cognito's `sub`), from their pool and name. */
function uuidOf(text: string): string {
    const h = createHash("sha256").update(text).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
