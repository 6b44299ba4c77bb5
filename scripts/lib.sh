# Shared by the scripts behind `npm test`, `npm start` and `npm run bench`.

# The functions run on Lambda's nodejs22.x. Run here on an older Node.js, the AWS SDK would warn about this
# machine's version in every process that loads it; this is the SDK's own switch for that warning.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

# Whether the command line asks for help: a command's usage should not wait for installs.
wants_help() {
    local arg
    for arg in "$@"; do [ "$arg" = "--help" ] && return 0; done
    return 1
}

# Installs the project's npm dependencies when node_modules is missing or older than the lockfile.
ensure_node_modules() {
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "==> installing npm dependencies (npm ci)"
        npm ci --no-audit --no-fund --loglevel=error
    fi
}

# Builds the stacks' Lambda layers (npm installs of their packages for Linux, zipped) unless cached.
ensure_layers() {
    node -r ./tools/register.js tools/build/layers.ts
}

# Runs a command as root: itself when already root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs Debian packages with apt-get, waiting for dpkg's lock while another install holds it. On a system
# without apt-get it prints the message given first (what is missing and how else to provide it) and fails.
apt_install() {
    local missing=$1
    shift
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$missing" >&2
        return 1
    fi
    echo "==> installing $* (apt-get)"
    as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends "$@" >/dev/null
}
