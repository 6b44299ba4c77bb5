/**
 * One route table drives both the deployment and the local API: a developer's edit of stacks/routes.ts
 * shows in both. The edit is made in a copy of the project, so that the suites running alongside keep
 * seeing the real file.
 */
import * as assert from "assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../local/environment";
import { evaluateStack } from "../../tools/offline/evaluate";
import { createTestDatabase, testServer } from "../support/mysql";
import { request } from "../support/http";

/**
 * The route table's importers are copied (so that they import the copy's table); what only the copies
 * import is linked, and Node.js loads a linked module by its real path, as the one already loaded.
 */
const COPIED = ["stacks", "local", "Pulumi.yaml", "Pulumi.dev.yaml", "package.json", "tsconfig.json"];
const LINKED = ["components", "functions", "tools", "node_modules"];

function copyProject(): string {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "paas-project-"));
    for (const entry of COPIED) fs.cpSync(path.join(REPO_ROOT, entry), path.join(copy, entry), { recursive: true });
    for (const entry of LINKED) fs.symlinkSync(path.join(REPO_ROOT, entry), path.join(copy, entry), "dir");
    return copy;
}

describe("one route table for the deployment and the local API", () => {
    it("an edited template changes both the deployed integration and the local behaviour", async function () {
        this.timeout(60_000);
        const db = await createTestDatabase();
        const copy = copyProject();
        let env: import("../../local/environment").LocalEnvironment | undefined;
        try {
            // Edit the route table, as a developer would, then load both sides from the edited project.
            const file = path.join(copy, "stacks", "routes.ts");
            const original = fs.readFileSync(file, "utf8");
            const edited = original.replace(
                'contentType: "text/html",\n',
                `contentType: "text/html",\n        requestTemplate: '{"limit": "2"}',\n`,
            );
            assert.notEqual(edited, original, "the route table no longer has the line this test edits");
            fs.writeFileSync(file, edited);
            const local = require(path.join(copy, "local", "environment")) as typeof import("../../local/environment");

            env = await local.startLocalEnvironment({ port: 0, server: await testServer(), database: db });
            const deployed = await evaluateStack("dev", { dir: copy });
            const integration = deployed.resources.find((r) => r.name === "dev-api-get-root-integration")!;
            assert.deepEqual(integration.inputs.requestTemplates, { "application/json": '{"limit": "2"}' });
            const page = await request(env.url);
            assert.equal((page.body.match(/<tr><td>/g) ?? []).length, 2);
            // The deployed responses are the local ones, field for field.
            const definition = local.localRoutes(env.config, local.localFunctions())[0].definition;
            assert.deepEqual(definition.requestTemplates, integration.inputs.requestTemplates);
            for (const response of definition.integrationResponses) {
                const r = deployed.resources.find(
                    (x) => x.name === `dev-api-get-root-integration-response-${response.statusCode}`,
                )!;
                assert.deepEqual(
                    [r.inputs.selectionPattern, r.inputs.responseTemplates, r.inputs.responseParameters],
                    [response.selectionPattern, response.responseTemplates, response.responseParameters],
                );
            }
        } finally {
            await env?.stop();
            await db.drop();
            for (const key of Object.keys(require.cache)) if (key.startsWith(copy)) delete require.cache[key];
            fs.rmSync(copy, { recursive: true, force: true });
        }
    });
});
