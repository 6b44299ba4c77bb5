import * as assert from "assert/strict";
import { at, items, text, texts } from "../../tools/preview/stack-index";

describe("stack index: reading recorded resources", () => {
    const props = { a: { b: ["x", 2, { c: 1 }], n: 3, t: true, o: { k: "v", j: 4 } }, s: "str", nil: null };
    for (const [path, expected] of [
        ["s", "str"],
        ["a.n", "3"],
        ["a.t", "true"],
        ["a.b", ""],
        ["a.missing.deeper", ""],
        ["nil.x", ""],
    ] as const)
        it(`text(${path}) is ${JSON.stringify(expected)}`, () => assert.equal(text(props, path), expected));

    it("texts keeps an array's or an object's scalar items; items keeps them all", () => {
        assert.deepEqual(texts(props, "a.b"), ["x", "2"]);
        assert.deepEqual(texts(props, "a.o"), ["v", "4"]);
        assert.deepEqual(texts(props, "s"), []);
        assert.deepEqual(items(props, "a.b"), ["x", 2, { c: 1 }]);
        assert.deepEqual(at(props, "a.b.2.c"), 1);
    });
});
