#!/usr/bin/env bash
# Makes sure a MariaDB server binary is installed (for the function tests and `npm start`), installing
# Debian's mariadb-server when it is missing and MYSQL_URL does not point at a server already.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ -n "${MYSQL_URL:-}" ] || command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then
    exit 0
fi
apt_install "MariaDB is not installed and this is not a Debian-like system: install mariadb-server, or set \
MYSQL_URL." mariadb-server
# Debian's package may start a system service; the project runs its own throwaway servers instead.
as_root service mariadb stop >/dev/null 2>&1 || true
