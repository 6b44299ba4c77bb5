#!/usr/bin/env bash
# Makes sure a Chromium is installed for the diagram test (test/tools/mermaid-render.test.ts renders the
# Mermaid diagrams in a real browser), installing Debian's chromium when it is missing and CHROMIUM_PATH
# does not point at a browser already.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] || [ -x /usr/bin/chromium ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Chromium is not installed and this is not a Debian-like system: install chromium, or set CHROMIUM_PATH." >&2
    exit 1
fi
echo "==> installing chromium (apt-get)"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
# Other installs (ensure-mariadb.sh, a developer's apt-get) may hold dpkg's lock: wait for it, not fail.
apt=($sudo_cmd apt-get -o DPkg::Lock::Timeout=300)
"${apt[@]}" update -qq
# fonts-dejavu-core: the font the diagrams are measured and drawn with (fontconfig's own default on Debian).
DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
