/**
 * The local mapping template engine against the cases AWS documents in its mapping template reference
 * ("API Gateway mapping template and access logging variable reference" and "Mapping templates for REST
 * APIs"), with the results the documentation gives for them.
 */
import * as assert from "assert/strict";
import {
    TemplateInput,
    escapeJavaScript,
    javaMatches,
    javaRegex,
    jsonPath,
    renderTemplate,
    urlEncode,
} from "../../local/vtl";

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
const renderJson = (template: string, overrides: Partial<TemplateInput> = {}): unknown =>
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
        assert.equal(render("$input.path('$.pets').size()", { body: `{"pets": ${body}}` }), "3");
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

describe("mapping templates: the Java String methods templates call", () => {
    const q = (value: string) => ({ params: { path: {}, querystring: { q: value }, header: {} } });
    // template, the value of $input.params('q'), the expected output
    const cases: [string, string, string][] = [
        ["$input.params('q').replaceAll('a', 'o')", "banana", "bonono"],
        ["$input.params('q').replaceFirst('a', 'o')", "banana", "bonana"],
        ["$input.params('q').replaceAll('(\\w+)@(\\w+)', '$2 at $1')", "me@home you@work", "home at me work at you"],
        ["$input.params('q').replaceFirst('(\\w+)@(\\w+)', '$2 at $1')", "me@home you@work", "home at me you@work"],
        // Java replacements: a backslash makes the next character literal, `$` included.
        ["$input.params('q').replaceAll('a', '\\$')", "banana", "b$n$n$"],
        ["$input.params('q').replaceAll('(a)', '\\$1')", "banana", "b$1n$1n$1"],
        ["$input.params('q').replaceAll('a', '\\\\x')", "aa", "\\x\\x"],
        ["$input.params('q').replaceAll('(?i)A', '_')", "aAa", "___"],
        // The same pattern, replaced everywhere and then once: two regular expressions, not one shared.
        ["$input.params('q').replaceAll('a', '1')/$input.params('q').replaceFirst('a', '1')", "aaa", "111/1aa"],
        ["$input.params('q').replaceFirst('a', '1')/$input.params('q').replaceAll('a', '1')", "aaa", "1aa/111"],
        ["$input.params('q').matches('ba.*')", "banana", "true"],
        ["$input.params('q').matches('an.*')", "banana", "false"],
        ["$input.params('q').matches('(?i)BANANA')", "banana", "true"],
        ["$input.params('q').length()", "banana", "6"],
        ["$input.params('q').isEmpty()", "banana", "false"],
        ["$input.params('q').isEmpty()", "", "true"],
        ["$input.params('q').equals('banana')", "banana", "true"],
        ["$input.params('q').equals('Banana')", "banana", "false"],
        ["$input.params('q').equalsIgnoreCase('BaNaNa')", "banana", "true"],
        ["$input.params('q').equalsIgnoreCase('bananas')", "banana", "false"],
        ["$input.params('q').contains('nan')", "banana", "true"],
        ["$input.params('q').contains('x')", "banana", "false"],
    ];
    for (const [template, value, expected] of cases) {
        it(`${template} on ${JSON.stringify(value)} gives ${JSON.stringify(expected)}`, () => {
            assert.equal(render(template, q(value)), expected);
        });
    }

    it("leaves values that are not strings to their own methods (a List has size(), no length() or matches())", () => {
        const body = JSON.stringify({ list: ["a", "b"], text: "ab" });
        assert.equal(render("$input.path('$.list').size() $input.path('$.text').length()", { body }), "2 2");
        assert.equal(render("[$input.path('$.list').length()][$input.path('$.list').matches('a')]", { body }), "[][]");
    });
});

describe("Java regular expressions", () => {
    // text, pattern, whether the pattern matches the whole text (String.matches, selection patterns)
    const cases: [string, string, boolean][] = [
        ["abc", "abc", true],
        ["xabc", "abc", false],
        ["abcx", "abc", false],
        // The whole text against the whole alternation, not its first branch at the start or its last at the end.
        ["xab", "a|ab", false],
        ["abx", "ab|b", false],
        ["a\nb", "a.b", false],
        ["a\nb", "(?s)a.b", true],
        ["ABC", "(?i)abc", true],
        ["A\nB", "(?is)a.b", true],
        ["(?i)abc", "(?i)abc", false],
        // Java's comments-mode flag has no JavaScript equivalent: it is dropped, not passed to RegExp.
        ["abc", "(?x)abc", true],
        // Only flags that lead the pattern are flags: elsewhere "(?s)" is whatever it is there.
        ["s?(", "[(?s)]+", true],
    ];
    for (const [text, pattern, matches] of cases) {
        it(`${JSON.stringify(pattern)} ${matches ? "matches" : "does not match"} ${JSON.stringify(text)}`, () => {
            assert.equal(javaMatches(text, pattern), matches);
        });
    }

    it("turns leading inline flags into flags, and adds the caller's", () => {
        assert.deepEqual(javaRegex("(?si)a.b"), /a.b/is);
        assert.deepEqual(javaRegex("(?s)a.b", "g"), /a.b/gs);
        assert.deepEqual(javaRegex("a.b"), /a.b/);
        assert.deepEqual(javaRegex("(?x)a"), /a/);
    });
});

describe("escapeJavaScript, urlEncode and payloads", () => {
    const escapes: [unknown, string][] = [
        [null, ""],
        [undefined, ""],
        [42, "42"],
        ["plain text, (ASCII) ~!", "plain text, (ASCII) ~!"],
        ["\b\t\n\f\r", "\\b\\t\\n\\f\\r"],
        ["\u0001\u001f", "\\u0001\\u001F"],
        ["\u007f", "\u007f"], // DEL is not escaped (only code points above 0x7f are)
        ["\u0080\u00ff\u20ac", "\\u0080\\u00FF\\u20AC"],
        ["😀", "\\uD83D\\uDE00"], // outside the BMP: its two UTF-16 code units
        [`'"\\/`, `\\'\\"\\\\\\/`],
    ];
    for (const [value, escaped] of escapes) {
        it(`escapes ${JSON.stringify(value)} as ${JSON.stringify(escaped)}`, () => {
            assert.equal(escapeJavaScript(value), escaped);
        });
    }

    it("url-encodes what Java's URLEncoder encodes that encodeURIComponent does not", () => {
        assert.equal(urlEncode("'()~!*-_."), "%27%28%29%7E%21*-_.");
        assert.equal(urlEncode(12), "12");
        assert.equal(render("$util.urlDecode('%27a+b%27')"), "'a b'");
    });

    const paths: [string, string, unknown][] = [
        ['{"a": [1, 2]}', "$.a[1]", 2],
        ['{"a": [1, 2]}', "$", { a: [1, 2] }],
        ["", "$", {}],
        ["  \n", "$", {}],
        ["not json", "$", "not json"],
        ["not json", "$.a", undefined],
        ["null", "$", null],
        ["5", "$", 5],
    ];
    for (const [body, path, value] of paths) {
        it(`reads ${path} of ${JSON.stringify(body)} as ${JSON.stringify(value)}`, () => {
            assert.deepEqual(jsonPath(body, path), value);
        });
    }

    it("renders a payload in a template: JSON, missing, or not JSON at all", () => {
        assert.equal(render("$input.json('$.missing')", { body: "{}" }), "null");
        assert.equal(render("$input.json('$')", { body: "" }), "{}");
        // Not JSON: written as it is (AWS documents a 400 for such payloads in $input.json('$'): see
        // test/fixtures/apigateway-recorded/aws-documentation.json).
        assert.equal(render("$input.json('$')|$input.path('$')|[$input.path('$.a')]", { body: "a<b" }), "a<b|a<b|[]");
    });

    it("reads the payload the caller parsed already instead of parsing the body", () => {
        assert.equal(render("$input.json('$.a')", { body: "not read", parsed: { a: 1 } }), "1");
    });

    it("writes values unescaped: no HTML escaping", () => {
        assert.equal(render("$input.body", { body: `<b class="x">&amp;</b>` }), `<b class="x">&amp;</b>`);
    });

    it("writes a method named without a call as nothing, and a map or list as API Gateway does", () => {
        assert.equal(render("[$input.path][$util.escapeJavaScript][$input.json]", { body: "{}" }), "[][][]");
        const body = JSON.stringify({ m: { a: 1, n: null, l: [1, "x"], o: { b: true } } });
        assert.equal(render("$input.path('$.m')", { body }), '{a=1, n=null, l=[1,"x"], o={b=true}}');
        assert.equal(render("$input.path('$.m.l')|$input.path('$.m.l').toString()", { body }), '[1,"x"]|[1,"x"]');
    });

    it("compares as Velocity does: by value, values of different kinds by their text", () => {
        const body = JSON.stringify({ n: 1, s: "1", e: [] });
        const template =
            "#if($input.path('$.n') == $input.path('$.s'))a#end#if($input.path('$.e') != '')b#end#if($input.path('$.x') == $input.path('$.y'))c#end#if($input.path('$.n') == 2)d#end";
        assert.equal(render(template, { body }), "abc");
    });

    it("lists every parameter by location when asked without a name", () => {
        const params = { path: { id: "1" }, querystring: { q: "2" }, header: { Accept: "3" } };
        assert.equal(
            render("$input.params().path.id $input.params().querystring.q $input.params().header.Accept", { params }),
            "1 2 3",
        );
    });
});
