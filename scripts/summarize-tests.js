// Adds up the counts each mocha run wrote (test/support/summary-reporter.js) into one closing line.
const fs = require("fs");
const path = require("path");
const [dir, seconds, installSeconds] = process.argv.slice(2);
const runs = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith("mocha-") && f.endsWith(".json"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
const sum = (key) => runs.reduce((n, r) => n + r[key], 0);
console.log(
    `\ntype check, build, lint and ${runs.length} mocha run(s) in ${seconds}s` +
        (installSeconds > 0 ? ` (after ${installSeconds}s of installs)` : ""),
);
if (runs.length > 1)
    console.log(runs.map((r) => `${r.passes + r.failures + r.pending} tests on Node.js ${r.node}`).join(", "));
console.log(`tests: ${sum("passes")} passed, ${sum("failures")} failed, ${sum("pending")} skipped`);
process.exit(runs.length > 0 && sum("failures") === 0 ? 0 : 1);
