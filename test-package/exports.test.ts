/**
 * The library as a platform team consumes it: `npm run build` output, resolved through package.json's
 * `exports`, `types` and `typesVersions` from a separate project, at run time and by the type checker.
 * Under `npm test` the build is the type check's own output, made alongside the other tests (see
 * scripts/test.sh); run on its own, this suite builds the library first.
 */
import * as assert from "assert/strict";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const PACKAGE = "pulumi-aws-paas";

/** Waits for `npm test`'s type check to finish the build (PAAS_BUILD_STATUS), or builds the library. */
async function built(): Promise<void> {
    const status = process.env.PAAS_BUILD_STATUS;
    if (!status) {
        execFileSync(
            process.execPath,
            [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json")],
            { stdio: "inherit" },
        );
        return;
    }
    for (const deadline = Date.now() + 180_000; !fs.existsSync(status);) {
        if (Date.now() > deadline) throw new Error(`the build did not finish within 180 s (no ${status})`);
        await new Promise((r) => setTimeout(r, 100));
    }
    if (fs.readFileSync(status, "utf8").trim() !== "ok")
        throw new Error("the type check failed, so there is no build to test: see its output");
}

describe("the published package", () => {
    let consumer: string;
    before(async function () {
        this.timeout(200_000);
        await built();
        consumer = fs.mkdtempSync(path.join(os.tmpdir(), "paas-consumer-"));
        fs.mkdirSync(path.join(consumer, "node_modules"));
        fs.symlinkSync(ROOT, path.join(consumer, "node_modules", PACKAGE), "dir");
    });
    after(() => consumer && fs.rmSync(consumer, { recursive: true, force: true }));

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
            for (const name of [
                "Network",
                "MysqlDatabase",
                "ContainerFunction",
                "RestApi",
                "Layer",
                "LayerFunction",
                "PrivateBucket",
                "InvalidArgsError",
                "planSubnets",
            ])
                assert.equal(typeof lib[name], "function", name);
        });

        for (const moduleResolution of [
            ts.ModuleResolutionKind.Node16,
            ts.ModuleResolutionKind.Bundler,
            ts.ModuleResolutionKind.Node10,
        ]) {
            it(`resolves the types of "${specifier}" under moduleResolution ${ts.ModuleResolutionKind[moduleResolution]}`, () => {
                const module =
                    moduleResolution === ts.ModuleResolutionKind.Node16
                        ? ts.ModuleKind.Node16
                        : moduleResolution === ts.ModuleResolutionKind.Bundler
                          ? ts.ModuleKind.ESNext
                          : ts.ModuleKind.CommonJS;
                const result = ts.resolveModuleName(
                    specifier,
                    path.join(consumer, "index.ts"),
                    { moduleResolution, module },
                    ts.sys,
                );
                assert.equal(
                    result.resolvedModule?.resolvedFileName,
                    path.join(ROOT, "dist", "components", "index.d.ts"),
                );
            });
        }
    }

    it("type-checks a consumer program against the declarations, and catches its mistakes", () => {
        const file = path.join(consumer, "index.ts");
        fs.writeFileSync(
            file,
            [
                `import { InvalidArgsError, MysqlDatabase, Network, planSubnets } from "${PACKAGE}/components";`,
                `const network = new Network("net", { azCount: 3, natStrategy: "single", flowLogs: { retentionInDays: 30 } });`,
                `const db = new MysqlDatabase("db", { network, instanceClass: "db.t4g.small", logExports: ["error"] });`,
                `const byIds = new MysqlDatabase("db2", { network: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] } });`,
                `export const outputs = [db.endpoint, byIds.secretArn, network.azCount.toFixed(), planSubnets("10.0.0.0/16", 2)];`,
                `export const isInvalid = (e: unknown) => e instanceof InvalidArgsError && e.issues.map((i) => i.fix);`,
                `export const bad = new Network("bad", { natStrategy: "sometimes" });`,
                `export const worse = new MysqlDatabase("db3", { network, logExports: ["everything"] });`,
            ].join("\n"),
        );
        // Only the shipped declarations and the consumer: @pulumi/* types stay unresolved (so `any`),
        // which keeps this fast while every type the library declares itself is checked.
        const declarations = ts.sys.readDirectory(path.join(ROOT, "dist", "components"), [".d.ts"]);
        const program = ts.createProgram([file, ...declarations], {
            strict: true,
            noEmit: true,
            noResolve: true,
            types: [],
            lib: ["lib.es2022.d.ts"],
            module: ts.ModuleKind.Node16,
            moduleResolution: ts.ModuleResolutionKind.Node16,
            target: ts.ScriptTarget.ES2022,
        });
        const unresolvedModule = 2307;
        const errors = ts
            .getPreEmitDiagnostics(program)
            .filter((d) => d.code !== unresolvedModule)
            .map(
                (d) =>
                    `${d.file?.fileName === file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : d.file?.fileName}: ` +
                    ts.flattenDiagnosticMessageText(d.messageText, " "),
            );
        assert.equal(errors.length, 2, errors.join("\n"));
        assert.match(errors[0], /^7: Type '"sometimes"' is not assignable to type '"none" \| "single" \| "perAz"/);
        assert.match(errors[1], /^8: Type '"everything"' is not assignable to type '.*"slowquery".*'/);
    });
});
