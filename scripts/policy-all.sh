#!/usr/bin/env bash
# `npm run policy:all`: the offline policy check (`npm run policy`) of every stack of the project, one per
# Pulumi.<stack>.yaml, each with its own report. What CI runs after `npm test` (.ci/run, .github/workflows/test.yml).
# Exits 1 if any stack has a mandatory violation, after checking them all.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="Usage: npm run -s policy:all [-- --help]

The offline policy check of every stack (each Pulumi.<stack>.yaml), as \`npm run policy -- --stack <stack>\`
runs it for one, each with its report. Exits 1 if any stack has a mandatory violation, after checking them all.

Options:
  --help  Show this help and exit.

Examples:
  npm run -s policy:all
  npm run -s policy -- --stack prod   # one stack; its options: npm run -s policy -- --help"
case "${1:-}" in
    "") ;;
    --help) echo "$usage"; exit 0 ;;
    *) printf "npm run -s policy:all: Unknown option '%s'\n\n%s\n" "$1" "$usage" >&2; exit 2 ;;
esac
status=0
for file in Pulumi.*.yaml; do
    stack=${file#Pulumi.}
    stack=${stack%.yaml}
    echo "==> policy check: $stack"
    npm run -s policy -- --stack "$stack" || status=1
done
exit "$status"
