// `npm test`'s static checks in one TypeScript program: the type check of the whole project (tsconfig.json), the
// library's build (components/ to components/dist, declarations and no source maps, as components/tsconfig.json
// says) emitted from that program when it is clean, and then ESLint's house rules (eslint.config.mjs) with their
// type-aware rules reading the same program. Separately, `tsc`, the library's `tsc -p` and `eslint .` build three
// programs; ESLint's alone cost about 29 s of CPU, and on a two-core machine every second of CPU counts.
// PAAS_BUILD_STATUS, when set, names a file that gets "ok" as soon as dist/ is built, "failed" when the type
// check fails: the package tests wait on it, not on the linter.
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const ROOT = path.resolve(__dirname, "..");
const LIBRARY = path.join(ROOT, "components");
const SHIPPED = LIBRARY + path.sep;
const OUT = path.join(ROOT, "dist", "components") + path.sep; // where this program's options would emit it
const LIBRARY_OUT = path.join(LIBRARY, "dist") + path.sep; // where the library's own build emits it

function typecheckAndBuild() {
    const host = {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
            throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
        },
    };
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), { noEmit: false }, host);
    const program = ts.createProgram({
        rootNames: config.fileNames,
        // The published package ships no source, so no maps pointing at it.
        options: { ...config.options, sourceMap: false, declarationMap: false },
        configFileParsingDiagnostics: config.errors,
    });
    const diagnostics = [...ts.getPreEmitDiagnostics(program)];
    const writeFile = (fileName, text) => {
        const resolved = path.resolve(fileName);
        if (!resolved.startsWith(OUT)) throw new Error(`unexpected output ${resolved}`);
        ts.sys.writeFile(LIBRARY_OUT + resolved.slice(OUT.length), text);
    };
    if (!diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error)) {
        for (const file of program.getSourceFiles()) {
            if (path.resolve(file.fileName).startsWith(SHIPPED)) {
                diagnostics.push(...program.emit(file, writeFile).diagnostics);
            }
        }
    }
    const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" };
    if (diagnostics.length > 0) console.log(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
    return { program, ok: !diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error) };
}

async function lint(program) {
    const { ESLint } = require("eslint");
    const eslint = new ESLint({
        cwd: ROOT,
        // The type-aware rules read the program above instead of building their own (projectService).
        overrideConfig: {
            files: ["**/*.ts"],
            languageOptions: { parserOptions: { programs: [program], projectService: false } },
        },
    });
    const results = await eslint.lintFiles(["."]);
    const problems = results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0);
    const formatter = await eslint.loadFormatter("stylish");
    if (problems > 0) console.log(await formatter.format(results));
    return problems === 0;
}

async function main() {
    const { program, ok } = typecheckAndBuild();
    const status = process.env.PAAS_BUILD_STATUS;
    if (status) {
        // Written aside and renamed: the waiting test sees the whole word or no file.
        fs.writeFileSync(`${status}.tmp`, ok ? "ok\n" : "failed\n");
        fs.renameSync(`${status}.tmp`, status);
    }
    console.log(`==> type check and build: ${ok ? "ok" : "failed"}`);
    const linted = await lint(program);
    console.log(`==> ESLint: ${linted ? "ok" : "failed (npm run lint; npm run format fixes the layout)"}`);
    process.exit(ok && linted ? 0 : 1);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
