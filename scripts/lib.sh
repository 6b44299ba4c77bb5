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
