import * as assert from "assert/strict";
import { InvalidArgsError, prefixIssues, throwIfInvalid } from "../../components/errors";
import {
    checkInteger,
    checkLogRetention,
    checkOneOf,
    checkUnique,
    show,
    withDefaults,
} from "../../components/validation";

describe("argument errors", () => {
    const issue = (argument: string) => ({ argument, problem: `${argument} is wrong`, fix: `fix ${argument}` });

    it("lists every issue under its subject, one line each", () => {
        const error = new InvalidArgsError('Network "dev"', [issue("a"), issue("b")]);
        assert.equal(
            error.message,
            'Network "dev": 2 invalid arguments:\n  - a: a is wrong. Fix: fix a.\n  - b: b is wrong. Fix: fix b.',
        );
        assert.equal(error.name, "InvalidArgsError");
        assert.equal(error.subject, 'Network "dev"');
        assert.deepEqual(error.issues, [issue("a"), issue("b")]);
        assert.ok(error instanceof Error);
        assert.equal(
            new InvalidArgsError("X", [issue("a")]).message,
            "X: 1 invalid argument:\n  - a: a is wrong. Fix: fix a.",
        );
    });

    it("throws only when there are issues", () => {
        assert.doesNotThrow(() => throwIfInvalid("X", []));
        assert.throws(() => throwIfInvalid("X", [issue("a")]), { name: "InvalidArgsError", message: /^X: 1 invalid/ });
    });

    it("prefixes arguments, keeping the rest of each issue", () => {
        assert.deepEqual(prefixIssues("paas:network.", [issue("azCount")]), [
            { argument: "paas:network.azCount", problem: "azCount is wrong", fix: "fix azCount" },
        ]);
    });
});

describe("validators", () => {
    // A check's verdict on a value: [] or the one issue's problem and fix.
    const cases: [string, () => ReturnType<typeof checkInteger>, [string, string | RegExp] | undefined][] = [
        ["an integer at the minimum", () => checkInteger("n", 2, 2, 6), undefined],
        ["an integer at the maximum", () => checkInteger("n", 6, 2, 6), undefined],
        ["an integer under the minimum", () => checkInteger("n", 1, 2, 6), ["got 1", "use an integer from 2 to 6"]],
        ["an integer over the maximum", () => checkInteger("n", 7, 2, 6), ["got 7", "use an integer from 2 to 6"]],
        ["a fraction", () => checkInteger("n", 2.5, 2, 6), ["got 2.5", "use an integer from 2 to 6"]],
        ["a number as text", () => checkInteger("n", "3", 2, 6), ['got "3"', "use an integer from 2 to 6"]],
        [
            "the reason, when given",
            () => checkInteger("n", 1, 2, 6, "two AZs"),
            ["got 1; two AZs", "use an integer from 2 to 6"],
        ],
        ["one of the allowed", () => checkOneOf("m", "b", ["a", "b"]), undefined],
        ["none of the allowed", () => checkOneOf("m", "c", ["a", "b"]), ['got "c"', 'use one of "a", "b"']],
        ["a non-string", () => checkOneOf("m", 1, ["1"]), ["got 1", 'use one of "1"']],
        ["a retention CloudWatch accepts", () => checkLogRetention("r", 3653), undefined],
        [
            "a retention CloudWatch refuses",
            () => checkLogRetention("r", 4),
            [
                "got 4, which CloudWatch Logs does not accept as a retention period",
                /^use one of 1, 3, 5, 7, 14, .*, 3288, 3653 \(days\)$/,
            ],
        ],
        [
            "a retention as text",
            () => checkLogRetention("r", "30"),
            ['got "30", which CloudWatch Logs does not accept as a retention period', /^use one of/],
        ],
        ["unique values", () => checkUnique("u", ["a", "b", 1, "1"]), undefined],
        [
            "repeated values",
            () => checkUnique("u", ["a", "b", "a", 2, 2, 2]),
            ['lists "a", 2, 2 more than once', "list each value once"],
        ],
    ];
    for (const [label, check, expected] of cases) {
        it(`${expected ? "reports" : "accepts"} ${label}`, () => {
            const issues = check();
            if (!expected) return assert.deepEqual(issues, []);
            assert.equal(issues.length, 1);
            const [problem, fix] = expected;
            assert.equal(issues[0].problem, problem);
            if (fix instanceof RegExp) assert.match(issues[0].fix, fix);
            else assert.equal(issues[0].fix, fix);
        });
    }

    it("names the argument it checks", () => {
        const issues = [
            ...checkInteger("a.n", 0, 1, 2),
            ...checkOneOf("a.m", "x", ["y"]),
            ...checkLogRetention("a.r", 2),
            ...checkUnique("a.u", [1, 1]),
        ];
        assert.deepEqual(
            issues.map((i) => i.argument),
            ["a.n", "a.m", "a.r", "a.u"],
        );
    });

    it("shows values as JSON, and nothing as nothing", () => {
        assert.equal(show(undefined), "nothing");
        assert.equal(show("a"), '"a"');
        assert.equal(show({ a: [1] }), '{"a":[1]}');
        assert.equal(show(null), "null");
        // JSON.stringify gives undefined for functions and symbols: their kind is named instead.
        assert.equal(
            show(() => 1),
            "a function",
        );
        assert.equal(show(Symbol("s")), "a symbol");
    });

    it("keeps a default for an argument given as undefined", () => {
        const defaults = { a: 1, b: 2, c: 3 };
        assert.deepEqual(withDefaults(defaults, { a: undefined, b: 20, d: 4 }), { a: 1, b: 20, c: 3, d: 4 });
        assert.deepEqual(withDefaults(defaults, { b: null, c: 0 }), { a: 1, b: null, c: 0 });
        assert.deepEqual(defaults, { a: 1, b: 2, c: 3 });
    });
});
