/**
 * The one local endpoint (127.0.0.1:<port>): the REST APIs at `/<stage>/...`, Lambda's Invoke API at
 * `POST /2015-03-31/functions/<name>/invocations` (so `aws lambda invoke --endpoint-url` and the SDK's
 * InvokeCommand work), a Secrets Manager stand-in for the database's secret (the functions' SDK clients
 * are pointed here), and the developer's own views: `GET /_local/destinations` (on-failure records),
 * `POST /_local/schedules/<rule>` (fire a schedule now), and each Cognito user pool's local issuer:
 * `GET /_local/cognito/<pool ID>/.well-known/jwks.json` and `POST /_local/cognito/<pool ID>/token`.
 */
import { randomUUID } from "crypto";
import * as http from "http";
import { LocalApiOptions, LocalResponse, json, readBody, send, serveApis } from "./api-gateway";
import { LocalUserPools } from "./cognito";
import { InvokeResult } from "./lambda";

export interface InvokeTarget {
    /** RequestResponse: runs and answers. */
    invoke(event: unknown, requestId: string): Promise<InvokeResult>;
    /** Event: accepted, run in the background with retries. */
    submit(event: unknown): string;
}

export interface LocalServerOptions {
    apis: LocalApiOptions[];
    /** The function a name, ARN or short name refers to. */
    functionNamed(name: string): InvokeTarget | undefined;
    /** GetSecretValue's answer, by secret ARN. */
    secrets: Map<string, string>;
    /** Records delivered to on-failure destinations, by destination ARN. */
    destinations: Map<string, unknown[]>;
    /** Fires a schedule by its rule's name; false if there is none. */
    fireSchedule(name: string): boolean;
    /** The user pools' local issuer: `/_local/cognito/<pool ID>/...`. */
    userPools?: LocalUserPools;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** The local endpoint's request listener. */
export function localRequestListener(options: LocalServerOptions): http.RequestListener {
    const api = serveApis(options.apis);
    return (req, res) => {
        const path = (req.url ?? "/").split("?")[0];
        const invoke = req.method === "POST" ? INVOKE_PATH.exec(path) : null;
        const target = req.headers["x-amz-target"];
        if (!invoke && !target && !path.startsWith("/_local/")) return api(req, res);
        const requestId = randomUUID();
        void readBody(req)
            .then((body): LocalResponse | Promise<LocalResponse> => {
                if (invoke) return invokeApi(options, decodeURIComponent(invoke[1]), req, body, requestId);
                if (target === "secretsmanager.GetSecretValue") return getSecretValue(options.secrets, body);
                return developerViews(options, req.method ?? "GET", path, body);
            })
            .catch((error): LocalResponse => {
                console.error("local server failure", error);
                return json(500, "Internal server error");
            })
            .then((response) => send(req, res, response, requestId));
    };
}

const awsError = (status: number, type: string, message: string): LocalResponse => ({
    status,
    headers: { "content-type": "application/json", "x-amzn-errortype": type },
    body: JSON.stringify({ Type: "User", message }),
});

/** Lambda's Invoke: RequestResponse (200; a function error flagged X-Amz-Function-Error), Event (202), DryRun (204). */
async function invokeApi(
    options: LocalServerOptions,
    name: string,
    req: http.IncomingMessage,
    body: string,
    requestId: string,
): Promise<LocalResponse> {
    const fn = options.functionNamed(name);
    if (!fn) return awsError(404, "ResourceNotFoundException", `Function not found: ${name}`);
    let event: unknown;
    try {
        event = body.trim() === "" ? {} : JSON.parse(body);
    } catch (error) {
        return awsError(
            400,
            "InvalidRequestContentException",
            `Could not parse request body into json: ${(error as Error).message}`,
        );
    }
    const type = String(req.headers["x-amz-invocation-type"] ?? "RequestResponse");
    const headers = { "content-type": "application/json", "x-amz-executed-version": "$LATEST" };
    if (type === "DryRun") return { status: 204, headers, body: "" };
    if (type === "Event") {
        fn.submit(event);
        return { status: 202, headers, body: "" };
    }
    if (type !== "RequestResponse")
        return awsError(
            400,
            "InvalidParameterValueException",
            `X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, got ${type}`,
        );
    const result = await fn.invoke(event, requestId);
    if (result.ok) return { status: 200, headers, body: result.payload };
    return {
        status: 200,
        headers: { ...headers, "x-amz-function-error": "Unhandled" },
        body: JSON.stringify(result.error),
    };
}

/** Secrets Manager's GetSecretValue (JSON 1.1 protocol), for the secrets the local stand-ins hold. */
function getSecretValue(secrets: Map<string, string>, body: string): LocalResponse {
    const { SecretId } = JSON.parse(body || "{}") as { SecretId?: string };
    const secret = secrets.get(String(SecretId));
    const headers = { "content-type": "application/x-amz-json-1.1" };
    if (secret === undefined)
        return {
            status: 400,
            headers,
            body: JSON.stringify({
                __type: "ResourceNotFoundException",
                message: "Secrets Manager can't find the specified secret.",
            }),
        };
    return {
        status: 200,
        headers,
        body: JSON.stringify({
            ARN: SecretId,
            Name: SecretId,
            SecretString: secret,
            VersionId: "local",
            VersionStages: ["AWSCURRENT"],
        }),
    };
}

function developerViews(options: LocalServerOptions, method: string, path: string, body: string): LocalResponse {
    const ok = (value: unknown): LocalResponse => ({
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(value, null, 2),
    });
    if (method === "GET" && path === "/_local/destinations") return ok(Object.fromEntries(options.destinations));
    const schedule = /^\/_local\/schedules\/([^/]+)$/.exec(path);
    if (method === "POST" && schedule) {
        const name = decodeURIComponent(schedule[1]);
        return options.fireSchedule(name) ? ok({ fired: name }) : json(404, `no schedule named ${name}`);
    }
    const cognito = /^\/_local\/cognito\/([^/]+)\/(\.well-known\/jwks\.json|token)$/.exec(path);
    if (cognito && options.userPools) return userPoolViews(options.userPools, method, cognito[1], cognito[2], body);
    return json(
        404,
        "GET /_local/destinations, POST /_local/schedules/<rule>, GET /_local/cognito/<pool>/.well-known/jwks.json " +
            "or POST /_local/cognito/<pool>/token",
    );
}

/** A pool's JWKS (as Cognito publishes it at its issuer), and tokens for a username (no password locally). */
function userPoolViews(
    pools: LocalUserPools,
    method: string,
    poolId: string,
    view: string,
    body: string,
): LocalResponse {
    const ok = (value: unknown): LocalResponse => ({
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(value),
    });
    const jwks = pools.jwks(poolId);
    if (!jwks) return json(404, `no user pool ${poolId}; the pools: ${pools.ids.join(", ")}`);
    if (view !== "token") return method === "GET" ? ok(jwks) : json(405, "GET the JWKS");
    if (method !== "POST") return json(405, 'POST {"username": "ada"} for tokens');
    let request: { username?: unknown; clientId?: unknown; expiresIn?: unknown };
    try {
        request = JSON.parse(body || "{}") as typeof request;
    } catch {
        return json(400, 'the body must be JSON: {"username": "ada"}');
    }
    if (typeof request.username !== "string" || request.username === "")
        return json(400, 'give a username: {"username": "ada"} (and optionally "clientId", "expiresIn" in seconds)');
    try {
        return ok({
            AuthenticationResult: pools.signIn(poolId, {
                username: request.username,
                clientId: typeof request.clientId === "string" ? request.clientId : undefined,
                expiresIn: typeof request.expiresIn === "number" ? request.expiresIn : undefined,
            }),
        });
    } catch (error) {
        return json(400, (error as Error).message);
    }
}
