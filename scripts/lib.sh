# Shared by the scripts behind `npm test` and `npm start`.

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
