/**
 * Type-checks a function's TypeScript entry (and what it imports) after a hot reload, off the serving
 * thread: esbuild only strips types, so without this a type error would run unnoticed. Run in a worker
 * thread by local/function-host.ts; the answer is the errors as `file:line:column: message` lines.
 */
import * as path from "path";
import ts from "typescript";
import { parentPort, workerData } from "worker_threads";

/** The type errors of `entry`'s program under the nearest tsconfig.json (none found: strict defaults). */
export function typeErrors(entry: string): string[] {
    const configFile = ts.findConfigFile(path.dirname(entry), (f) => ts.sys.fileExists(f));
    // Without a tsconfig: strict, Node.js's language level, and no DOM or global @types to load.
    let options: ts.CompilerOptions = {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        lib: ["lib.es2022.d.ts"],
        types: [],
    };
    if (configFile) {
        const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
        options = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configFile)).options;
    }
    const program = ts.createProgram([entry], { ...options, noEmit: true, skipLibCheck: true, incremental: false });
    return ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.category === ts.DiagnosticCategory.Error)
        .map((d) => {
            const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
            if (!d.file || d.start === undefined) return message;
            const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
            return `${d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
        });
}

if (parentPort && (workerData as { typecheck?: string })?.typecheck) {
    parentPort.postMessage(typeErrors((workerData as { typecheck: string }).typecheck));
}
