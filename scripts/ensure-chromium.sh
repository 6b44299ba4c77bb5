#!/usr/bin/env bash
# Makes sure a Chromium is installed for the diagram test (test/tools/mermaid-render.test.ts renders the
# architecture diagrams in it), installing Debian's chromium when it is missing and CHROMIUM_PATH does not
# point at a browser already.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ -n "${CHROMIUM_PATH:-}" ] || [ -x /usr/bin/chromium ]; then
    exit 0
fi
# fonts-dejavu-core: the font the diagrams are measured and drawn with (fontconfig's default on Debian).
apt_install "Chromium is not installed and this is not a Debian-like system: install chromium, or set \
CHROMIUM_PATH." chromium fonts-dejavu-core
