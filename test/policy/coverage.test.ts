import * as assert from "assert/strict";
import * as fs from "fs";
import { CONTROLS, TYPES_WITHOUT_OWN_RULES } from "../../policy/coverage";
import { RULES } from "../../policy/rules";
import { END, README, START, coverageCounts, renderCoverage, rulesFor } from "../../tools/policy/coverage";
import { evaluateStackOnce } from "../support/harness";

describe("policy coverage of Security Hub and checkov", () => {
    it("lists each control once, with a well-formed id", () => {
        const keys = CONTROLS.map((c) => `${c.framework}:${c.id}`);
        assert.deepEqual(
            keys.filter((k, i) => keys.indexOf(k) !== i),
            [],
        );
        for (const c of CONTROLS)
            assert.match(c.id, c.framework === "checkov" ? /^CKV2?_AWS_\d+$/ : /^[A-Za-z0-9]+\.\d+$/, c.id);
    });

    it("gives every control a rule naming it, or a reason why not (never both)", () => {
        for (const c of CONTROLS) {
            const rules = rulesFor(c);
            if (c.notCovered) assert.equal(rules.length, 0, `${c.id} has a reason but ${rules[0]?.name} names it`);
            else assert.ok(rules.length > 0, `${c.id}: no rule names it and no reason is given`);
        }
    });

    it("knows every id a rule cites", () => {
        const known = new Set(CONTROLS.map((c) => c.id));
        for (const rule of RULES)
            for (const id of [...(rule.securityHub ?? []), ...(rule.checkov ?? [])])
                assert.ok(known.has(id), `${rule.name} cites ${id}, which the coverage table does not list`);
    });

    it("has a rule or a reason for every AWS type the stacks register", async () => {
        const types = new Set<string>();
        for (const stack of ["dev", "prod"])
            // one at a time: an evaluation owns the Pulumi runtime
            for (const r of (await evaluateStackOnce(stack)).resources)
                if (r.type.startsWith("aws:")) types.add(r.type);
        const ruled = new Set(RULES.flatMap((r) => r.types));
        assert.deepEqual(
            [...types].filter((t) => !ruled.has(t) && !TYPES_WITHOUT_OWN_RULES[t]),
            [],
        );
    });

    it("is the table in the README, with its counts (npm run -s policy:coverage -- --write)", () => {
        const readme = fs.readFileSync(README, "utf8");
        const table = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END)).trim();
        assert.equal(table, renderCoverage());
        const n = coverageCounts();
        assert.match(
            table,
            new RegExp(`Security Hub FSBP: ${n.fsbp.covered} controls covered, ${n.fsbp.notCovered} not`),
        );
        assert.ok(n.fsbp.covered >= 40 && n.checkov.covered >= 50, JSON.stringify(n));
    });
});
