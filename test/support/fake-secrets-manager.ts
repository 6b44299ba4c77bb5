import * as http from "http";
import { AddressInfo } from "net";

/**
 * A loopback stand-in for Secrets Manager's GetSecretValue (its JSON protocol), so the functions' real
 * AWS SDK client is exercised: point it here with AWS_ENDPOINT_URL_SECRETS_MANAGER.
 */
export class FakeSecretsManager {
    readonly secrets = new Map<string, string>();
    /** GetSecretValue calls received, by secret ID. */
    readonly calls: string[] = [];
    private server?: http.Server;

    async start(): Promise<string> {
        this.server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (chunk) => (body += chunk));
            req.on("end", () => {
                const target = req.headers["x-amz-target"];
                const { SecretId } = JSON.parse(body || "{}") as { SecretId?: string };
                res.setHeader("content-type", "application/x-amz-json-1.1");
                if (target !== "secretsmanager.GetSecretValue") {
                    res.statusCode = 400;
                    res.end(
                        JSON.stringify({ __type: "InvalidRequestException", message: `unsupported ${String(target)}` }),
                    );
                    return;
                }
                this.calls.push(String(SecretId));
                const secret = this.secrets.get(String(SecretId));
                if (secret === undefined) {
                    res.statusCode = 400;
                    res.end(
                        JSON.stringify({
                            __type: "ResourceNotFoundException",
                            message: "Secrets Manager can't find the specified secret.",
                        }),
                    );
                    return;
                }
                res.end(JSON.stringify({ ARN: SecretId, Name: SecretId, SecretString: secret, VersionId: "v1" }));
            });
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        await new Promise((resolve) => this.server?.close(resolve));
    }
}
