#!/usr/bin/env bash
# `npm start`: installs what it needs, then runs the dev environment on this machine (local/start.ts).
# PORT (default 3000), STACK (default dev), MYSQL_URL (use that server instead of a throwaway MariaDB).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
if ! wants_help "$@"; then
    ensure_supported_node   # the functions run on Lambda's Node.js major where the machine's is older
    ensure_node_modules
    bash scripts/ensure-mariadb.sh
fi
exec node -r ./tools/register.js local/start.ts "$@"
