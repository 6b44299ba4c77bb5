#!/usr/bin/env bash
# `npm test`: installs what it needs, type-checks everything, builds the library, lints and runs every test.
# Three lanes: the static checks in one TypeScript program (scripts/check.js: the type check, the library's
# build to dist/ and ESLint); the formatter and workflow checks (`npm run lint:format`, the rest of `npm run lint`);
# and the tests (mocha, two workers), the package tests last, which wait for that build and consume it as a
# platform team's program would.
# Everything runs on a Node.js that `engines` accepts: the machine's, or, where it is older (Debian 13's is 20),
# the functions' Lambda runtime, which scripts/lambda-node installs from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
installs_started=$SECONDS
ensure_supported_node            # from here on `node` is 22 or later: the machine's, or Lambda's from npm
ensure_node_modules
bash scripts/ensure-mariadb.sh   # the function tests run against a throwaway MariaDB (or MYSQL_URL)
bash scripts/ensure-chromium.sh  # the diagram test renders the architecture diagrams in Chromium (or CHROMIUM_PATH)
ensure_layers                    # the thumbnail layer: sharp installed by npm for Linux on x86_64 and arm64
node -r ./tools/register.js test-package/consumer.ts   # the package tests' program: the library's lowest peers

# V8 sizes its pool of background threads (GC, compilation) to the machine, rather than Node.js's default
# of four per process, which oversubscribes a two-core machine running three Node.js processes at once.
export NODE_OPTIONS="${NODE_OPTIONS:-} --v8-pool-size=0"
# V8's code cache on disk (Node.js 22): the run spawns dozens of processes (CLIs, offline evaluations, a local
# environment) that load the same Pulumi, AWS and TypeScript modules; compiling them once saves seconds of CPU.
export NODE_COMPILE_CACHE="$PWD/node_modules/.cache/node-compile"
started=$SECONDS
rm -rf .test-results components/dist && mkdir -p .test-results
# The package tests wait for this file: "ok" once dist/ is built, "failed" if the type check fails.
export PAAS_BUILD_STATUS="$PWD/.test-results/build-status"
(
    # check.js writes the status once dist/ is built; a crash before that must not leave the package tests waiting.
    node scripts/check.js || { [ -s "$PAAS_BUILD_STATUS" ] || echo failed > "$PAAS_BUILD_STATUS"; exit 1; }
) > .test-results/check.log 2>&1 & check=$!

npm run -s lint:format > .test-results/format.log 2>&1 & format=$!

# A warning in a test run is a defect of its own (Pulumi's runtime warnings, Node.js's process warnings).
check_no_warnings() {
    if grep -qE "(^|[^A-Za-z])[Ww]arning: " "$1"; then
        echo "==> the tests printed warnings:"; grep -E "(^|[^A-Za-z])[Ww]arning: " "$1"; return 1
    fi
}

status=0
node_modules/.bin/mocha 2>&1 | tee .test-results/mocha.log || status=1
check_no_warnings .test-results/mocha.log || status=1
wait "$check" || status=1
cat .test-results/check.log
if wait "$format"; then echo "==> format and workflows: ok"
else echo "==> format and workflows: failed (npm run lint; npm run format fixes the layout)"; status=1; fi
cat .test-results/format.log

node scripts/summarize-tests.js .test-results "$((SECONDS - started))" "$((started - installs_started))" || status=1
exit "$status"
