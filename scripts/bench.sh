#!/usr/bin/env bash
# `npm run bench`: installs what it needs, then runs every benchmark (Markdown on stdout).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
bash scripts/ensure-mariadb.sh
# Every process the benchmarks start inherits this (the AWS SDK warns about Node.js 20 on stderr).
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=NodeVersionSupportWarning"
exec node -r ./tools/register.js bench/index.ts "$@"
