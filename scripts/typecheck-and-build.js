// `npm test`'s type check: checks the whole project (tsconfig.json) and, when it is clean, emits from the same
// program the library that `npm run build` makes (components/ to components/dist, declarations and no source
// maps, as components/tsconfig.json says), which the package tests pack and consume. One program instead of
// `tsc --noEmit` then the library's own `tsc -p components/tsconfig.json`, and no output for the files that are
// never shipped (tests, tools, stacks): about a second of CPU less.
"use strict";
const path = require("path");
const ts = require("typescript");

const ROOT = path.resolve(__dirname, "..");
const LIBRARY = path.join(ROOT, "components");
const SHIPPED = LIBRARY + path.sep;
const OUT = path.join(ROOT, "dist", "components") + path.sep; // where this program's options would emit it
const LIBRARY_OUT = path.join(LIBRARY, "dist") + path.sep; // where the library's own build emits it

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
process.exit(diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error) ? 1 : 0);
