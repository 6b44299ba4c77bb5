/**
 * The local mapping template engine against the cases AWS documents in its mapping template reference
 * ("API Gateway mapping template and access logging variable reference" and "Mapping templates for REST
 * APIs"), with the results the documentation gives for them.
 */
import * as assert from "assert/strict";
import { TemplateInput, escapeJavaScript, renderTemplate, urlEncode } from "../../local/vtl";

function input(overrides: Partial<TemplateInput> = {}): TemplateInput {
    return {
        body: "",
        params: { path: {}, querystring: {}, header: {} },
        context: {},
        stageVariables: {},
        ...overrides,
    };
}
const render = (template: string, overrides: Partial<TemplateInput> = {}) => renderTemplate(template, input(overrides));
const renderJson = (template: string, overrides: Partial<TemplateInput> = {}) =>
    JSON.parse(render(template, overrides));

describe("mapping templates (VTL)", () => {
    it("passes all parameters through (the documented parameter mapping example)", () => {
        const template = `#set($allParams = $input.params())
{
  "params" : {
    #foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
    "$type" : {
      #foreach($paramName in $params.keySet())
      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
      #if($foreach.hasNext),#end
      #end
    }
    #if($foreach.hasNext),#end
    #end
  }
}`;
        const params = {
            path: { id: "abc" },
            querystring: { limit: "5", name: "O'Hara" },
            header: { Accept: "text/html" },
        };
        const out = render(template, { params });
        // escapeJavaScript escapes the single quote, as documented: fixed with replaceAll, below.
        assert.match(out, /"name" : "O\\'Hara"/);
        assert.deepEqual(JSON.parse(out.replace("\\'", "'")), {
            params: {
                path: { id: "abc" },
                querystring: { limit: "5", name: "O'Hara" },
                header: { Accept: "text/html" },
            },
        });
    });

    it("reads a query string parameter and embeds the body (the documented $input example)", () => {
        const out = renderJson(
            `{
    "name" : "$input.params('name')",
    "body" : $input.json('$')
}`,
            {
                body: '{"mykey": {"a": [1, 2]}, "other": true}',
                params: { path: {}, querystring: { name: "me" }, header: {} },
            },
        );
        assert.deepEqual(out, { name: "me", body: { mykey: { a: [1, 2] }, other: true } });
        assert.deepEqual(renderJson(`{"body" : $input.json('$.mykey')}`, { body: '{"mykey": {"a": [1, 2]}}' }), {
            body: { a: [1, 2] },
        });
    });

    it("evaluates the documented request example: a path parameter and $input.path('$.things').size()", () => {
        const out = renderJson(
            `{
    "id" : "$input.params('id')",
    "count" : "$input.path('$.things').size()",
    "things" : $input.json('$.things')
}`,
            {
                body: '{"things": {"1": {}, "2": {}, "3": {}}}',
                params: { path: { id: "abc" }, querystring: {}, header: {} },
            },
        );
        assert.deepEqual(out, { id: "abc", count: "3", things: { 1: {}, 2: {}, 3: {} } });
    });

    it("transforms the documented pets array with #foreach", () => {
        const body = JSON.stringify([
            { id: 1, type: "dog", price: 249.99 },
            { id: 2, type: "cat", price: 124.99 },
            { id: 3, type: "fish", price: 0.99 },
        ]);
        const out = renderJson(
            `#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot)
  {
    "description" : "Item $elem.id is a $elem.type.",
    "askingPrice" : $elem.price
  }#if($foreach.hasNext),#end
#end
]`,
            { body },
        );
        assert.deepEqual(out, [
            { description: "Item 1 is a dog.", askingPrice: 249.99 },
            { description: "Item 2 is a cat.", askingPrice: 124.99 },
            { description: "Item 3 is a fish.", askingPrice: 0.99 },
        ]);
        assert.equal(render("$input.path('$.pets').size()", { body: JSON.stringify({ pets: JSON.parse(body) }) }), "3");
    });

    it("parses stringified JSON with $util.parseJson (the documented errorMessage example)", () => {
        const out = renderJson(
            `#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}`,
            { body: JSON.stringify({ errorMessage: '{"key1":"var1","key2":{"arr":[1,2,3]}}' }) },
        );
        assert.deepEqual(out, { errorMessageObjKey2ArrVal: 1 });
    });

    it("escapes like escapeJavaScript, single quotes included, and un-escapes them with the documented replaceAll", () => {
        assert.equal(
            escapeJavaScript(`It's "quoted" \\ / tab\there\nnewline é`),
            `It\\'s \\"quoted\\" \\\\ \\/ tab\\there\\nnewline \\u00E9`,
        );
        const out = render(`"$util.escapeJavaScript($input.params('q')).replaceAll("\\\\'","'")"`, {
            params: { path: {}, querystring: { q: `O'Hara "the" \\ best` }, header: {} },
        });
        assert.equal(out, `"O'Hara \\"the\\" \\\\ best"`);
        assert.deepEqual(JSON.parse(out), `O'Hara "the" \\ best`);
    });

    it("passes $context variables (the documented $context example)", () => {
        const context = {
            stage: "prod",
            requestId: "abcdefg-000-000-0000-abcdefg",
            apiId: "abcd1234",
            resourcePath: "/",
            resourceId: "efg567",
            httpMethod: "GET",
            identity: {
                sourceIp: "192.0.2.1",
                userAgent: "curl/7.84.0",
                accountId: "111122223333",
                apiKey: "MyTestKey",
                caller: "ABCD-0000-12345",
                user: "ABCD-0000-12345",
                userArn: "arn:aws:sts::111122223333:assumed-role/Admin/carlos-salazar",
            },
        };
        const out = renderJson(
            `{
    "stage" : "$context.stage",
    "request_id" : "$context.requestId",
    "api_id" : "$context.apiId",
    "resource_path" : "$context.resourcePath",
    "resource_id" : "$context.resourceId",
    "http_method" : "$context.httpMethod",
    "source_ip" : "$context.identity.sourceIp",
    "user-agent" : "$context.identity.userAgent",
    "account_id" : "$context.identity.accountId",
    "api_key" : "$context.identity.apiKey",
    "caller" : "$context.identity.caller",
    "user" : "$context.identity.user",
    "user_arn" : "$context.identity.userArn"
}`,
            { context },
        );
        assert.deepEqual(out, {
            stage: "prod",
            request_id: "abcdefg-000-000-0000-abcdefg",
            api_id: "abcd1234",
            resource_path: "/",
            resource_id: "efg567",
            http_method: "GET",
            source_ip: "192.0.2.1",
            "user-agent": "curl/7.84.0",
            account_id: "111122223333",
            api_key: "MyTestKey",
            caller: "ABCD-0000-12345",
            user: "ABCD-0000-12345",
            user_arn: "arn:aws:sts::111122223333:assumed-role/Admin/carlos-salazar",
        });
    });

    it("reads stage variables in the three documented forms", () => {
        assert.equal(
            render("$stageVariables.table|$stageVariables['table']|${stageVariables['table']}", {
                stageVariables: { table: "accounts" },
            }),
            "accounts|accounts|accounts",
        );
    });

    it("looks a parameter up in the path, then the query string, then the headers", () => {
        const params = {
            path: { id: "from-path" },
            querystring: { id: "from-query", q: "query" },
            header: { "X-Token": "header", q: "header-q" },
        };
        assert.equal(
            render("$input.params('id') $input.params('q') $input.params('x-token') [$input.params('missing')]", {
                params,
            }),
            "from-path query header []",
        );
    });

    it("encodes and decodes form-style URLs and base64", () => {
        assert.equal(urlEncode("a b&c=d/é~!"), "a+b%26c%3Dd%2F%C3%A9%7E%21");
        assert.equal(
            render(
                "$util.urlEncode('a b&c') $util.urlDecode('a+b%26c') $util.base64Encode('hé') $util.base64Decode('aMOp')",
            ),
            "a+b%26c a b&c aMOp hé",
        );
    });

    it("starts every render afresh: nothing a template defined for one request shows in the next", () => {
        const template = "[#if($input.params('q') == 'define')#define($note)defined#end#end$!note]";
        const params = (q: string) => ({ path: {}, querystring: { q }, header: {} });
        assert.equal(render(template, { params: params("define") }), "[defined]");
        assert.equal(render(template, { params: params("other") }), "[]");
    });

    it("gives $input.body raw, and renders missing references as nothing", () => {
        assert.equal(
            render("[$input.body][$context.authorizer.claims.sub][$input.path('$.missing')]", { body: "raw text" }),
            "[raw text][][]",
        );
    });
});
