#!/usr/bin/env bash
# `npm test`: installs what it needs, type-checks everything, builds the library and runs every test.
# Two lanes: the unit tests (mocha, two workers); and the type check (which also emits dist/, the build),
# then the package tests, which consume that build as a platform team's program would.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
bash scripts/ensure-mariadb.sh   # the function tests run against a throwaway MariaDB (or MYSQL_URL)

# V8 sizes its pool of background threads (GC, compilation) to the machine, rather than Node.js's default
# of four per process, which oversubscribes a two-core machine running three Node.js processes at once.
export NODE_OPTIONS="${NODE_OPTIONS:-} --v8-pool-size=0"
started=$SECONDS
rm -rf .test-results dist && mkdir -p .test-results
(
    node_modules/.bin/tsc -p tsconfig.json --noEmit false || { echo "==> type check failed"; exit 1; }
    node_modules/.bin/mocha --config test-package/.mocharc.json
) > .test-results/package-lane.log 2>&1 & package_lane=$!

status=0
node_modules/.bin/mocha || status=1
wait "$package_lane" || status=1
echo "==> type check, build and package tests:"
cat .test-results/package-lane.log

node scripts/summarize-tests.js .test-results "$((SECONDS - started))" || status=1
exit "$status"
