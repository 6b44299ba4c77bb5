// Mocha's configuration for the function tests alone: the project's own (.mocharc.json) narrowed to
// test/functions, in one process (they mostly wait on MariaDB and s3rver: workers would only add start-up).
// scripts/test.sh runs it on the Node.js of the functions' Lambda runtime (scripts/lambda-node).
const config = require("../../.mocharc.json");

module.exports = { ...config, spec: ["test/functions/**/*.test.ts"], parallel: false };
