#!/usr/bin/env bash
# `npm run bench`: installs what it needs, then runs every benchmark (Markdown on stdout).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
if ! wants_help "$@"; then
    ensure_supported_node   # the functions run on Lambda's Node.js major where the machine's is older
    ensure_node_modules
    bash scripts/ensure-mariadb.sh
fi
exec node -r ./tools/register.js bench/index.ts "$@"
