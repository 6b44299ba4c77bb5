import * as assert from "assert/strict";
import * as path from "path";
import { staleFiles, withDefaultLine, withDefaultLines } from "../../tools/library/schema-docs";
import { REPO_ROOT } from "../../tools/paths";

describe("documented defaults in the schema's descriptions (npm run docs:schema)", () => {
    const cases: { name: string; comment: string; indent: string; expected: string }[] = [
        {
            name: "adds the line before the first tag",
            comment: '/**\n     * The instance class.\n     * @default "db.t4g.micro"\n     */',
            indent: "    ",
            expected:
                '/**\n     * The instance class.\n     * Default: "db.t4g.micro".\n     * @default "db.t4g.micro"\n     */',
        },
        {
            name: "replaces a stale line",
            comment: "/**\n * Days.\n * Default: 7.\n * @default 30\n */",
            indent: "",
            expected: "/**\n * Days.\n * Default: 30.\n * @default 30\n */",
        },
        {
            name: "opens up a one-line comment",
            comment: "/** Extra permissions. @default [] */",
            indent: "    ",
            expected: "/**\n     * Extra permissions.\n     * Default: [].\n     * @default []\n     */",
        },
        {
            name: "reads a tag's value over several lines, up to the next tag",
            comment: "/**\n * Retries.\n * @default 2 when\n *   asynchronous\n * @see x\n */",
            indent: "",
            expected:
                "/**\n * Retries.\n * Default: 2 when asynchronous.\n * @default 2 when\n *   asynchronous\n * @see x\n */",
        },
        {
            name: "keeps a value's own closing punctuation",
            comment: "/**\n * Where.\n * @default not in a VPC.\n */",
            indent: "",
            expected: "/**\n * Where.\n * Default: not in a VPC.\n * @default not in a VPC.\n */",
        },
        {
            name: "leaves a comment without @default alone",
            comment: "/**\n * The name.\n */",
            indent: "",
            expected: "/**\n * The name.\n */",
        },
    ];
    for (const c of cases) it(c.name, () => assert.equal(withDefaultLine(c.comment, c.indent), c.expected));

    it("wraps a long default at 120 columns, and is stable on its own output", () => {
        const value = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
        const once = withDefaultLine(`/**\n     * Text.\n     * @default ${value}\n     */`, "    ");
        const generated = once.split("\n").filter((l) => /^\s+\* (Default: | {2}\S)/.test(l));
        assert.ok(generated.length > 1, once);
        for (const line of generated) assert.ok(line.length <= 120, line);
        assert.ok(once.split("\n").filter((l) => l.startsWith("     *   ")).length > 0, "a continuation line");
        assert.equal(withDefaultLine(once, "    "), once);
        assert.equal(withDefaultLines(`class A {\n    ${once}\n    x?: string;\n}\n`).includes(once), true);
    });

    it("writes inline links as code, which the analyzer would print as [object Object]", () => {
        const source = "/**\n * A {@link Network}, or {@link SubnetPlacement | explicit IDs}.\n */\n";
        assert.equal(withDefaultLines(source), "/**\n * A `Network`, or `SubnetPlacement`.\n */\n");
    });

    it("is in place in every file of the library (npm run docs:schema -- --write fixes it)", () => {
        assert.deepEqual(
            staleFiles().map((f) => path.relative(REPO_ROOT, f)),
            [],
        );
    });
});
