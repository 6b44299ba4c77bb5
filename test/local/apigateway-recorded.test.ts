/**
 * The mapping-template engine against API Gateway's own output, as recorded by public projects and reports
 * (test/fixtures/apigateway-recorded/*.json, each case citing where its result was recorded). Pure: each case
 * renders templates, no server.
 */
import * as assert from "assert/strict";
import * as fs from "fs";
import * as path from "path";
import { lambdaEvent } from "../../local/api-gateway";
import { TemplateInput, renderTemplate } from "../../local/vtl";

interface RecordedCase {
    name: string;
    /** Where the expected result was recorded (URL, or repository, path and commit). */
    source: string;
    template: string;
    /** The body the template reads. */
    payload: string;
    /** The request's parameters, where the template reads them. */
    params?: Partial<TemplateInput["params"]>;
    /** A response template over `template`'s output, as an integration that echoes its request returns it. */
    responseTemplate?: string;
    expected?: string;
    /** A Lambda integration: the event the function gets, or API Gateway's refusal. */
    expectedEvent?: unknown;
    expectedStatus?: 400;
    expectedMessagePrefix?: string;
}

const DIR = path.join(__dirname, "..", "fixtures", "apigateway-recorded");
const render = (template: string, body: string, params: RecordedCase["params"] = {}) =>
    renderTemplate(template, {
        body,
        params: { path: {}, querystring: {}, header: {}, ...params },
        context: {},
        stageVariables: {},
    });

describe("mapping templates against API Gateway's recorded output", () => {
    for (const file of fs.readdirSync(DIR).filter((f) => f.endsWith(".json"))) {
        const { cases } = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as { cases: RecordedCase[] };
        describe(file, () => {
            for (const c of cases) {
                it(c.name, () => {
                    assert.ok(/^https:\/\//.test(c.source), `${c.name}: cite where the result was recorded`);
                    const out = render(c.template, c.payload, c.params);
                    const final = c.responseTemplate === undefined ? out : render(c.responseTemplate, out);
                    if (c.expected !== undefined) assert.equal(final, c.expected, c.source);
                    if (c.expectedEvent !== undefined) assert.deepEqual(lambdaEvent(final), c.expectedEvent, c.source);
                    if (c.expectedStatus !== undefined) {
                        const refused = lambdaEvent(final);
                        assert.ok(refused instanceof Error, `${c.source}: expected API Gateway's 400`);
                        assert.ok(refused.message.startsWith(c.expectedMessagePrefix ?? ""), refused.message);
                    }
                });
            }
        });
    }
});
