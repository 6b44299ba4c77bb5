// Mutation testing (StrykerJS), one run per module: `npm run mutate` runs them all (tools/mutate), `npm run
// mutate -- cidr` one of them. Each run mutates only its module's files and, for every mutant, runs only that
// module's own test files, so a mutant is killed by the tests written for it, not by a distant integration test.
// Survivors that remain, and why: docs/mutation-testing.md.
import modules from "./tools/mutate/modules.json" with { type: "json" };

const name = process.env.MUTATE_MODULE;
const module = modules.find((m) => m.name === name);
if (!module) {
    const names = modules.map((m) => m.name).join(", ");
    throw new Error(
        `MUTATE_MODULE: got ${JSON.stringify(name)}. Fix: set it to one of ${names}, or run npm run mutate.`,
    );
}

/**
 * Mocha without the project's .mocharc.json: that one runs every test file, in parallel workers, behind the
 * global fixture that starts a MariaDB (test/support/hooks.ts); a pure module's tests need none of it. One
 * process per mutant (the command runner), stopped at its first failing test.
 */
const mocha = "node node_modules/mocha/bin/mocha.js --no-config --require ./tools/register.js --extension ts";

const report = `reports/mutation/${module.name}`;

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
    mutate: module.mutate,
    // Stryker's mocha runner does not support mocha 12; the command runner runs any command (no per-test
    // coverage, hence one module's own tests per run).
    testRunner: "command",
    commandRunner: { command: `${mocha} --reporter dot --bail ${module.tests.join(" ")}` },
    coverageAnalysis: "off",
    // Copied to the sandbox only what a module's tests can load (node_modules is linked, not copied).
    ignorePatterns: ["/bench", "/functions/*/node_modules", "/.build", "/dist", "/.test-results", "/test-package"],
    // One folder per module, so that runs of two modules side by side do not clean up each other's sandbox.
    tempDirName: `.stryker-tmp/${module.name}`,
    // A slow shared machine: a mutant's run gets several times its unmutated run before it counts as a timeout.
    timeoutFactor: 3,
    reporters: ["html", "json", "clear-text", "progress"],
    htmlReporter: { fileName: `${report}/index.html` },
    jsonReporter: { fileName: `${report}/mutation.json` },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
    // `break`: the run fails below it (the pure modules' bar; null for a module measured only).
    thresholds: { high: 90, low: 85, break: module.break },
    cleanTempDir: "always",
};
