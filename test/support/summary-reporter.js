// Mocha's dot reporter, plus the run's counts written to .test-results/ for scripts/test.sh to add up.
const fs = require("fs");
const path = require("path");
const Mocha = require("mocha");

class SummaryReporter extends Mocha.reporters.Dot {
    constructor(runner, options) {
        super(runner, options);
        runner.once("end", () => {
            const dir = path.resolve(__dirname, "..", "..", ".test-results");
            fs.mkdirSync(dir, { recursive: true });
            const { passes, failures, pending } = this.stats;
            fs.writeFileSync(
                path.join(dir, `mocha-${process.pid}.json`),
                JSON.stringify({ passes, failures, pending, node: process.version }),
            );
        });
    }
}

module.exports = SummaryReporter;
