#!/usr/bin/env bash
# `npm start [-- options]`: installs what it needs, then runs a stack on this machine (local/start.ts;
# `npm start -- --help` lists the options). PORT, STACK and MYSQL_URL as described there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
bash scripts/ensure-mariadb.sh
exec node --disable-warning=NodeVersionSupportWarning -r ./tools/register.js local/start.ts "$@"
