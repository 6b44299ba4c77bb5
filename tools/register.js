/**
 * Runs this project's TypeScript in Node.js (`node -r ./tools/register.js file.ts`, and mocha's config):
 * each `.ts` file is transpiled by esbuild (types stripped, nothing checked: `tsc` does that), and the
 * result kept in `node_modules/.cache/paas-ts`, keyed by the file's name and content and the transpiler's
 * version and options (the source map names the file relative to itself, so copies share an entry).
 * So a file is transpiled once, not once per process: the test run's workers, the CLIs it spawns and
 * every offline evaluation that reloads a stack's program read it from the cache, and esbuild is not
 * even started when nothing changed. Stack traces point into the TypeScript (source maps).
 */
"use strict";
const { createHash } = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "paas-ts");
const ESBUILD_VERSION = require("esbuild/package.json").version;
const OPTIONS = {
    loader: "ts",
    format: "cjs",
    target: "node20",
    sourcemap: "inline",
    tsconfigRaw: fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"),
};
const KEY_PREFIX = JSON.stringify({ esbuild: ESBUILD_VERSION, ...OPTIONS });

function transpile(source, filename) {
    const name = path.basename(filename);
    const key = createHash("sha256")
        .update(KEY_PREFIX)
        .update("\0")
        .update(name)
        .update("\0")
        .update(source)
        .digest("hex");
    const cached = path.join(CACHE, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // not cached yet
    }
    const { code } = require("esbuild").transformSync(source, { ...OPTIONS, sourcefile: name });
    // Written aside and renamed: a process reading the cache sees a whole file or none.
    const partial = `${cached}.${process.pid}.tmp`;
    try {
        fs.mkdirSync(CACHE, { recursive: true });
        fs.writeFileSync(partial, code);
        fs.renameSync(partial, cached);
    } catch {
        fs.rmSync(partial, { force: true }); // a read-only tree still runs, uncached
    }
    return code;
}

// Stack traces are mapped to the TypeScript. Only this project's files register their maps: Node.js reads
// and keeps the map of every module compiled while maps are on, and the dependencies ship thousands.
Module._extensions[".ts"] = function (module, filename) {
    const code = transpile(fs.readFileSync(filename, "utf8"), filename);
    process.setSourceMapsEnabled(true); // also when required from a JavaScript module's body
    module._compile(code, filename);
};
process.setSourceMapsEnabled(true);
const compileJs = Module._extensions[".js"];
Module._extensions[".js"] = function (module, filename) {
    process.setSourceMapsEnabled(false);
    try {
        return compileJs.call(this, module, filename);
    } finally {
        process.setSourceMapsEnabled(true);
    }
};
