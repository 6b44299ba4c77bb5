#!/usr/bin/env bash
# `npm run policy:all`: the offline policy check (`npm run policy`) of every stack of the project, one per
# Pulumi.<stack>.yaml, each with its own report. What CI runs after `npm test` (.ci/run, .github/workflows/test.yml).
# Exits 1 if any stack has a mandatory violation, after checking them all.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="Usage: npm run -s policy:all

Runs the offline policy check of every stack (each Pulumi.<stack>.yaml), as \`npm run policy -- --stack <stack>\`
does for one; exits 1 if any stack has a mandatory violation. No options: for one stack, or a program elsewhere,
see \`npm run -s policy -- --help\`."
case "${1:-}" in
    "") ;;
    -h | --help) echo "$usage"; exit 0 ;;
    *) echo -e "Unknown argument $1.\n\n$usage" >&2; exit 2 ;;
esac
status=0
for file in Pulumi.*.yaml; do
    stack=${file#Pulumi.}
    stack=${stack%.yaml}
    echo "==> policy check: $stack"
    npm run -s policy -- --stack "$stack" || status=1
done
exit "$status"
