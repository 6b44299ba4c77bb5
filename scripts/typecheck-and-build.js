// `npm test`'s type check: checks the whole project (tsconfig.json) and, when it is clean, emits from the same
// program the library that `npm run build` makes (components/ to dist/components, with declarations), which
// the package tests consume. One program instead of `tsc --noEmit` then `tsc -p tsconfig.build.json`, and
// no output for the files that are never shipped (tests, tools, stacks): about a second of CPU less.
"use strict";
const path = require("path");
const ts = require("typescript");

const ROOT = path.resolve(__dirname, "..");
const SHIPPED = path.join(ROOT, "components") + path.sep;

const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
};
const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), { noEmit: false }, host);
const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    configFileParsingDiagnostics: config.errors,
});
const diagnostics = [...ts.getPreEmitDiagnostics(program)];
if (!diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error)) {
    for (const file of program.getSourceFiles()) {
        if (path.resolve(file.fileName).startsWith(SHIPPED)) diagnostics.push(...program.emit(file).diagnostics);
    }
}
const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" };
if (diagnostics.length > 0) console.log(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
process.exit(diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error) ? 1 : 0);
