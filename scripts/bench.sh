#!/usr/bin/env bash
# `npm run bench`: installs what it needs, then runs every benchmark (Markdown on stdout).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
bash scripts/ensure-mariadb.sh
exec node --disable-warning=NodeVersionSupportWarning -r esbuild-register bench/index.ts "$@"
