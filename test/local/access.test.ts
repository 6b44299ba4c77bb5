import * as assert from "assert/strict";
import * as http from "http";
import { AddressInfo } from "net";
import { defineRoute } from "../../components/rest-api";
import { LOCAL_CLIENT_ID, UsagePlanPlan, planUserPools } from "../../local/access-plan";
import { routeAccess } from "../../local/access";
import { createLocalApi } from "../../local/api-gateway";
import { LocalUserPools, verifyCognitoToken } from "../../local/cognito";
import { TokenBucket, UsagePlans, quotaPeriodStart } from "../../local/usage-plan";
import { request } from "../support/http";
import { recordedResource } from "../support/records";

const POOL = { id: "eu-west-1_AbC123xYz", arn: "arn:pool", name: "users-pool" };
const CLIENT = { id: "client0000000000000000000a", idTokenSeconds: 3600, accessTokenSeconds: 600 };

// One key pair for the file: RSA generation is the costly part.
const pools = new LocalUserPools([{ ...POOL, clients: [CLIENT] }], "http://127.0.0.1:3000");

describe("local Cognito tokens, verified as API Gateway's authorizer does", () => {
    const now = 1_800_000_000;
    const options = {
        issuer: pools.issuer(POOL.id),
        jwks: pools.jwks(POOL.id)!,
        clientIds: [CLIENT.id],
        tokenUse: "id" as const,
        now,
    };
    const tokens = pools.signIn(POOL.id, { username: "ada@example.com" }, now);
    const reissued = (claims: Record<string, unknown>) => {
        // The same signature over changed claims: what a forged token looks like.
        const [head, body, signature] = tokens.IdToken.split(".");
        const payload = { ...(JSON.parse(Buffer.from(body, "base64url").toString()) as object), ...claims };
        return [head, Buffer.from(JSON.stringify(payload)).toString("base64url"), signature].join(".");
    };

    it("publishes the pool's key as a JWKS and issues Cognito's claims under the pool's issuer", () => {
        const [key] = options.jwks.keys;
        assert.deepEqual([key.kty, key.alg, key.use, key.e], ["RSA", "RS256", "sig", "AQAB"]);
        assert.equal(options.issuer, `http://127.0.0.1:3000/_local/cognito/${POOL.id}`);
        const result = verifyCognitoToken(tokens.IdToken, options);
        assert.ok(result.ok);
        assert.equal(result.claims.aud, CLIENT.id);
        assert.equal(result.claims.email, "ada@example.com");
        assert.equal(result.claims.exp, now + 3600);
        assert.equal(tokens.ExpiresIn, 600);
        assert.ok(verifyCognitoToken(tokens.AccessToken, { ...options, tokenUse: "access" }).ok);
    });

    const refused: [string, string, Partial<typeof options>, RegExp][] = [
        ["a forged claim (the signature no longer matches)", "forged", {}, /bad signature/],
        ["an expired token", "id", { now: now + 3600 }, /expired/],
        ["another issuer", "id", { issuer: "https://cognito-idp.eu-west-1.amazonaws.com/x" }, /issuer/],
        ["another pool's client", "id", { clientIds: ["other"] }, /app client/],
        ["an access token where an ID token is required", "access", {}, /token_use access/],
        ["an unknown key", "id", { jwks: { keys: [{ ...options.jwks.keys[0], kid: "x" }] } }, /no key/],
        ["not a JWT", "junk", {}, /not a JWT/],
    ];
    for (const [label, which, override, reason] of refused) {
        it(`refuses ${label}`, () => {
            const token =
                which === "forged"
                    ? reissued({ email: "mallory@example.com" })
                    : which === "access"
                      ? tokens.AccessToken
                      : which === "junk"
                        ? "a.b"
                        : tokens.IdToken;
            const result = verifyCognitoToken(token, { ...options, ...override });
            assert.ok(!result.ok);
            assert.match(result.reason, reason);
        });
    }

    it("refuses alg none, whatever the claims", () => {
        const [, body] = tokens.IdToken.split(".");
        const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${body}.`;
        assert.deepEqual(verifyCognitoToken(none, options), { ok: false, reason: "alg none" });
    });

    it("reads the Authorization header raw or as a Bearer token, and refuses none", () => {
        assert.ok(pools.authorize(tokens.IdToken, [POOL.id], now).ok);
        assert.ok(pools.authorize(`Bearer ${tokens.IdToken}`, [POOL.id], now).ok);
        assert.deepEqual(pools.authorize(undefined, [POOL.id], now), { ok: false, reason: "no Authorization header" });
        assert.ok(!pools.authorize(tokens.IdToken, [], now).ok, "a method of no pool accepts nothing");
    });
});

describe("local usage plans", () => {
    it("throttles with a token bucket: the burst at once, then the rate", () => {
        const bucket = new TokenBucket(2, 3, 0);
        assert.deepEqual(
            [0, 0, 0, 0].map(() => bucket.take(0)),
            [true, true, true, false],
        );
        assert.equal(bucket.take(400), false, "0.8 of a token after 400 ms at 2/s");
        assert.equal(bucket.take(500), true, "one token after 500 ms");
        assert.equal(bucket.take(10_000), true);
        assert.equal(bucket.take(10_000), true);
        assert.equal(bucket.take(10_000), true);
        assert.equal(bucket.take(10_000), false, "refills to the burst, no more");
    });

    it("counts quotas per UTC day, week from Monday and calendar month", () => {
        const t = Date.UTC(2026, 10, 27, 23, 59); // a Friday
        assert.equal(quotaPeriodStart("DAY", t), Date.UTC(2026, 10, 27));
        assert.equal(quotaPeriodStart("WEEK", t), Date.UTC(2026, 10, 23));
        assert.equal(quotaPeriodStart("WEEK", Date.UTC(2026, 10, 23, 0, 1)), Date.UTC(2026, 10, 23));
        assert.equal(quotaPeriodStart("WEEK", Date.UTC(2026, 10, 22, 12)), Date.UTC(2026, 10, 16), "a Sunday");
        assert.equal(quotaPeriodStart("MONTH", t), Date.UTC(2026, 10, 1));
    });

    it("forbids a missing or unknown key, throttles before counting, and resets the quota with the period", () => {
        const plan: UsagePlanPlan = {
            name: "plan",
            throttle: { rateLimit: 1, burstLimit: 1 },
            quota: { limit: 2, period: "DAY" },
            keys: [{ name: "key", id: "k1", secrets: [] }],
        };
        const plans = new UsagePlans([plan], new Map([["k1", "s3cret"]]));
        const day = Date.UTC(2026, 10, 27);
        assert.equal(plans.admit(undefined, day), "forbidden");
        assert.equal(plans.admit("guess", day), "forbidden");
        assert.deepEqual(
            [0, 10, 1000, 2000, 3000].map((ms) => plans.admit("s3cret", day + ms)),
            ["ok", "throttled", "ok", "quota", "quota"],
        );
        assert.equal(plans.admit("s3cret", day + 86_400_000), "ok", "the next day");
    });
});

const KEYS = new Map([
    ["k1", "fast-key"],
    ["k2", "few-key"],
]);

describe("local API Gateway with keys, throttling and quotas (API Gateway's 403 and 429 bodies)", () => {
    let server: http.Server;
    let base: string;
    const plans: UsagePlanPlan[] = [
        {
            name: "throttled",
            throttle: { rateLimit: 1, burstLimit: 2 },
            keys: [{ name: "fast", id: "k1", secrets: [] }],
        },
        { name: "capped", quota: { limit: 2, period: "MONTH" }, keys: [{ name: "few", id: "k2", secrets: [] }] },
    ];
    before(async () => {
        server = createLocalApi({
            stage: "dev",
            access: routeAccess(pools, new UsagePlans(plans, KEYS)),
            routes: [
                {
                    definition: defineRoute({ method: "GET", path: "/data", auth: "apiKey" }),
                    function: { name: "data", timeout: 3, handler: () => Promise.resolve({ ok: true }) },
                },
                {
                    // What API Gateway gives the template: the token's claims, as strings.
                    definition: defineRoute({
                        method: "GET",
                        path: "/me",
                        auth: "cognito",
                        requestTemplate:
                            '{"email": "$context.authorizer.claims.email", "client": "$context.authorizer.claims.aud"}',
                    }),
                    function: { name: "me", timeout: 3, handler: (event: unknown) => Promise.resolve(event) },
                    userPools: [POOL.id],
                },
            ],
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dev`;
    });
    after(() => new Promise((r) => server.close(r)));
    const get = (path: string, key?: string, authorization?: string) =>
        request(`${base}${path}`, {
            headers: { ...(key ? { "x-api-key": key } : {}), ...(authorization ? { authorization } : {}) },
        });
    const answer = async (path: string, key?: string) => {
        const res = await get(path, key);
        return [res.status, res.headers["x-amzn-errortype"] ?? "", res.body];
    };

    it("answers 403 Forbidden without a valid x-api-key, 200 with one", async () => {
        assert.deepEqual(await answer("/data"), [403, "ForbiddenException", '{"message":"Forbidden"}']);
        assert.deepEqual(await answer("/data", "nope"), [403, "ForbiddenException", '{"message":"Forbidden"}']);
        assert.deepEqual(await answer("/data", "few-key"), [200, "", '{"ok":true}']);
    });

    it("answers 429 Too Many Requests past the key's burst", async () => {
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push(await answer("/data", "fast-key"));
        assert.deepEqual(statuses.slice(0, 2), [
            [200, "", '{"ok":true}'],
            [200, "", '{"ok":true}'],
        ]);
        assert.deepEqual(statuses[2], [429, "TooManyRequestsException", '{"message":"Too Many Requests"}']);
    });

    it("answers 429 Limit Exceeded past the key's quota", async () => {
        // One of the two was used above.
        assert.equal((await get("/data", "few-key")).status, 200);
        assert.deepEqual(await answer("/data", "few-key"), [
            429,
            "LimitExceededException",
            '{"message":"Limit Exceeded"}',
        ]);
    });

    it("answers 401 Unauthorized on a Cognito route without a valid ID token, and passes the claims with one", async () => {
        assert.deepEqual(await answer("/me"), [401, "UnauthorizedException", '{"message":"Unauthorized"}']);
        const { IdToken } = pools.signIn(POOL.id, { username: "ada@example.com" });
        const res = await get("/me", undefined, IdToken);
        assert.equal(res.status, 200, res.body);
        assert.deepEqual(JSON.parse(res.body), { email: "ada@example.com", client: CLIENT.id });
    });
});

describe("local access plan", () => {
    it("reads registered pools with their clients' token lifetimes, and gives pools made elsewhere a local client", () => {
        const pool = recordedResource("aws:cognito/userPool:UserPool", "users-pool", {
            id: POOL.id,
            outputs: { arn: POOL.arn },
        });
        const client = recordedResource("aws:cognito/userPoolClient:UserPoolClient", "users-client", {
            id: CLIENT.id,
            inputs: { userPoolId: POOL.id, idTokenValidity: 15, tokenValidityUnits: { idToken: "minutes" } },
        });
        const other = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Other1234";
        const authorizer = recordedResource("aws:apigateway/authorizer:Authorizer", "auth", {
            inputs: { providerArns: [POOL.arn, other] },
        });
        assert.deepEqual(planUserPools([pool, client, authorizer]), [
            {
                id: POOL.id,
                arn: POOL.arn,
                name: "users-pool",
                clients: [{ id: CLIENT.id, idTokenSeconds: 900, accessTokenSeconds: 3600 }],
            },
            {
                id: "eu-west-1_Other1234",
                arn: other,
                name: other,
                clients: [{ id: LOCAL_CLIENT_ID, idTokenSeconds: 3600, accessTokenSeconds: 3600 }],
            },
        ]);
    });
});
