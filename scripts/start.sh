#!/usr/bin/env bash
# `npm start`: installs what it needs, then shows what the dev stack would create (offline, under mocks).
# STACK=prod npm start shows another stack; extra arguments go to the preview (e.g. -- --format mermaid).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
exec node -r esbuild-register tools/preview/index.ts --stack "${STACK:-dev}" "$@"
