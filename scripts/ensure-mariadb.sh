#!/usr/bin/env bash
# Makes sure a MariaDB server binary is installed (for the function tests and `npm start`), installing
# Debian's mariadb-server when it is missing and MYSQL_URL does not point at a server already.
set -euo pipefail
if [ -n "${MYSQL_URL:-}" ] || command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "MariaDB is not installed and this is not a Debian-like system: install mariadb-server, or set MYSQL_URL." >&2
    exit 1
fi
echo "==> installing mariadb-server (apt-get)"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends mariadb-server >/dev/null
# Debian's package may start a system service; the project runs its own throwaway servers instead.
$sudo_cmd service mariadb stop >/dev/null 2>&1 || true
