/**
 * The library as a platform team consumes it: `npm run build` output, resolved through package.json's
 * `exports`, `types` and `typesVersions` from a separate project, at run time and by the type checker.
 * Runs after the build (scripts/test.sh).
 */
import * as assert from "assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const PACKAGE = "pulumi-aws-paas";

describe("the published package", () => {
    let consumer: string;
    before(() => {
        consumer = fs.mkdtempSync(path.join(os.tmpdir(), "paas-consumer-"));
        fs.mkdirSync(path.join(consumer, "node_modules"));
        fs.symlinkSync(ROOT, path.join(consumer, "node_modules", PACKAGE), "dir");
    });
    after(() => fs.rmSync(consumer, { recursive: true, force: true }));

    it("ships only the components, with declarations", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.deepEqual(pkg.files, ["dist/components", "README.md"]);
        for (const file of ["index.js", "index.d.ts", "network/index.d.ts", "database/index.d.ts"]) {
            assert.ok(fs.existsSync(path.join(ROOT, "dist", "components", file)), file);
        }
    });

    for (const specifier of [PACKAGE, `${PACKAGE}/components`]) {
        it(`loads Network and MysqlDatabase from "${specifier}" at run time`, () => {
            const resolved = require.resolve(specifier, { paths: [consumer] });
            assert.equal(resolved, path.join(ROOT, "dist", "components", "index.js"));
            const lib = require(resolved);
            for (const name of ["Network", "MysqlDatabase", "ContainerFunction", "RestApi", "Layer", "LayerFunction", "PrivateBucket", "InvalidArgsError", "planSubnets"]) assert.equal(typeof lib[name], "function", name);
        });

        for (const moduleResolution of [ts.ModuleResolutionKind.Node16, ts.ModuleResolutionKind.Bundler, ts.ModuleResolutionKind.Node10]) {
            it(`resolves the types of "${specifier}" under moduleResolution ${ts.ModuleResolutionKind[moduleResolution]}`, () => {
                const module = moduleResolution === ts.ModuleResolutionKind.Node16 ? ts.ModuleKind.Node16
                    : moduleResolution === ts.ModuleResolutionKind.Bundler ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS;
                const result = ts.resolveModuleName(specifier, path.join(consumer, "index.ts"), { moduleResolution, module }, ts.sys);
                assert.equal(result.resolvedModule?.resolvedFileName, path.join(ROOT, "dist", "components", "index.d.ts"));
            });
        }
    }

    it("type-checks a consumer program against the declarations, and catches its mistakes", () => {
        const file = path.join(consumer, "index.ts");
        fs.writeFileSync(file, [
            `import { InvalidArgsError, MysqlDatabase, Network, planSubnets } from "${PACKAGE}/components";`,
            `const network = new Network("net", { azCount: 3, natStrategy: "single", flowLogs: { retentionInDays: 30 } });`,
            `const db = new MysqlDatabase("db", { network, instanceClass: "db.t4g.small", logExports: ["error"] });`,
            `const byIds = new MysqlDatabase("db2", { network: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] } });`,
            `export const outputs = [db.endpoint, byIds.secretArn, network.azCount.toFixed(), planSubnets("10.0.0.0/16", 2)];`,
            `export const isInvalid = (e: unknown) => e instanceof InvalidArgsError && e.issues.map((i) => i.fix);`,
            `export const bad = new Network("bad", { natStrategy: "sometimes" });`,
            `export const worse = new MysqlDatabase("db3", { network, logExports: ["everything"] });`,
        ].join("\n"));
        // Only the shipped declarations and the consumer: @pulumi/* types stay unresolved (so `any`),
        // which keeps this fast while every type the library declares itself is checked.
        const declarations = ts.sys.readDirectory(path.join(ROOT, "dist", "components"), [".d.ts"]);
        const program = ts.createProgram([file, ...declarations], {
            strict: true, noEmit: true, noResolve: true, types: [], lib: ["lib.es2022.d.ts"],
            module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, target: ts.ScriptTarget.ES2022,
        });
        const unresolvedModule = 2307;
        const errors = ts.getPreEmitDiagnostics(program)
            .filter((d) => d.code !== unresolvedModule)
            .map((d) => `${d.file?.fileName === file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : d.file?.fileName}: ` +
                ts.flattenDiagnosticMessageText(d.messageText, " "));
        assert.equal(errors.length, 2, errors.join("\n"));
        assert.match(errors[0], /^7: Type '"sometimes"' is not assignable to type '"none" \| "single" \| "perAz"/);
        assert.match(errors[1], /^8: Type '"everything"' is not assignable to type '.*"slowquery".*'/);
    });
});
