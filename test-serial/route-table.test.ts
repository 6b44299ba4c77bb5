/**
 * Runs alone, after the parallel unit tests: it edits stacks/routes.ts on disk (restoring it after), which
 * other tests evaluating the stacks at the same moment would see.
 */
import * as assert from "assert/strict";
import * as fs from "fs";
import * as path from "path";
import { LocalEnvironment, REPO_ROOT } from "../local/environment";
import { evaluateStack } from "../tools/offline/evaluate";
import { testServer } from "../test/support/mysql";
import { request } from "../test/support/http";

describe("one route table for the deployment and the local API", () => {
    it("an edited template changes both the deployed integration and the local behaviour", async () => {
        // Edit the route table on disk, as a developer would, then load both sides afresh.
        const file = path.join(REPO_ROOT, "stacks", "routes.ts");
        const original = fs.readFileSync(file, "utf8");
        const edited = original.replace('contentType: "text/html" }', `contentType: "text/html", requestTemplate: '{"limit": "2"}' }`);
        assert.notEqual(edited, original, "the route table no longer has the line this test edits");
        const purge = () => {
            for (const key of Object.keys(require.cache)) {
                if (key.startsWith(path.join(REPO_ROOT, "stacks")) || key.startsWith(path.join(REPO_ROOT, "local"))) delete require.cache[key];
            }
        };
        fs.writeFileSync(file, edited);
        purge();
        let env: LocalEnvironment | undefined;
        try {
            const fresh = require("../local/environment") as typeof import("../local/environment");
            env = await fresh.startLocalEnvironment({ port: 0, server: await testServer() });
            const deployed = await evaluateStack("dev");
            const integration = deployed.resources.find((r) => r.name === "dev-api-get-root-integration")!;
            assert.deepEqual(integration.inputs.requestTemplates, { "application/json": '{"limit": "2"}' });
            const page = await request(env.url);
            assert.equal((page.body.match(/<tr><td>/g) ?? []).length, 2);
            // The deployed responses are the local ones, field for field.
            const local = fresh.localRoutes(env.config, fresh.localFunctions())[0].definition;
            assert.deepEqual(local.requestTemplates, integration.inputs.requestTemplates);
            for (const response of local.integrationResponses) {
                const r = deployed.resources.find((x) => x.name === `dev-api-get-root-integration-response-${response.statusCode}`)!;
                assert.deepEqual([r.inputs.selectionPattern, r.inputs.responseTemplates, r.inputs.responseParameters],
                    [response.selectionPattern, response.responseTemplates, response.responseParameters]);
            }
        } finally {
            fs.writeFileSync(file, original);
            purge();
            await env?.stop();
        }
    });
});

