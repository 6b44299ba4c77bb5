import * as assert from "assert/strict";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import { Bundle, CONTAINER_DOCKERFILE, bundleFunction } from "../../tools/build/functions";
import { REPO_ROOT } from "../../tools/paths";
import { decodeCesu8, getDecoder, getEncoder } from "../../functions/shared/iconv-shim";
import { fakeContext } from "../support/lambda-context";
import { TestDatabase, createTestDatabase } from "../support/mysql";

// Inside the repository, so that (as in the Lambda runtime) the AWS SDK resolves from outside the bundle; one
// per process, since npm test runs these tests on two Node.js versions at once.
const OUT_DIR = path.join(REPO_ROOT, ".build", `test-functions-${process.pid}`);
const CONTAINER_FUNCTIONS = ["seed-db", "retrieve-accounts"];
/** An internal function name of each, which minification must have mangled away. */
const INTERNAL_NAMES: Record<string, string> = { "seed-db": "seedAccounts", "retrieve-accounts": "renderAccountsPage" };

describe("container function images", () => {
    const bundles: Record<string, Bundle> = {};
    before(() => {
        for (const name of CONTAINER_FUNCTIONS) bundles[name] = bundleFunction(name, { outDir: OUT_DIR });
    });
    after(() => fs.rmSync(OUT_DIR, { recursive: true, force: true }));

    it("is built again only when its options, inputs or outputs change (its manifest)", () => {
        const { file } = bundles["seed-db"];
        const manifest = `${bundles["seed-db"].dir}.json`;
        const identity = () => {
            const s = fs.statSync(file);
            return [s.ino, s.mtimeMs];
        };
        const built = identity();
        assert.deepEqual(bundleFunction("seed-db", { outDir: OUT_DIR }), bundles["seed-db"]);
        assert.deepEqual(identity(), built, "rebuilt although nothing changed");
        // An input that no longer matches what the bundle was built from (as after an edit): built again.
        const recorded = JSON.parse(fs.readFileSync(manifest, "utf8"));
        assert.ok(
            Object.keys(recorded.inputs).includes("functions/seed-db/index.ts"),
            Object.keys(recorded.inputs).join(),
        );
        assert.ok(
            Object.keys(recorded.inputs).some((f) => f.startsWith("node_modules/mysql2/")),
            "the bundled packages are inputs too",
        );
        fs.writeFileSync(
            manifest,
            JSON.stringify({
                ...recorded,
                inputs: { ...recorded.inputs, "functions/seed-db/index.ts": "0".repeat(64) },
            }),
        );
        bundleFunction("seed-db", { outDir: OUT_DIR });
        assert.notDeepEqual(identity(), built, "not rebuilt after an input changed");
        // An output edited by hand: built again, and the edit is gone.
        fs.appendFileSync(file, "\n// edited");
        bundleFunction("seed-db", { outDir: OUT_DIR });
        assert.doesNotMatch(fs.readFileSync(file, "utf8"), /edited/);
    });

    it("builds FROM the Lambda Node.js 22 base image, copying only the bundle, with CMD naming index.handler", () => {
        const dockerfile = fs.readFileSync(CONTAINER_DOCKERFILE, "utf8");
        const instructions = dockerfile.split("\n").filter((l) => l.trim() && !l.startsWith("#"));
        assert.deepEqual(instructions, [
            "FROM public.ecr.aws/lambda/nodejs:22",
            "ENV NODE_OPTIONS=--enable-source-maps",
            "COPY index.js index.js.map ${LAMBDA_TASK_ROOT}/",
            'CMD ["index.handler"]',
        ]);
        for (const bundle of Object.values(bundles)) {
            assert.deepEqual(fs.readdirSync(bundle.dir).sort(), ["index.js", "index.js.map"]);
        }
    });

    for (const name of CONTAINER_FUNCTIONS) {
        it(`bundles ${name} into one minified file that needs only Node.js built-ins and the runtime's AWS SDK`, () => {
            const code = fs.readFileSync(bundles[name].file, "utf8");
            assert.ok(!code.includes(INTERNAL_NAMES[name]), "not minified: internal names survive");
            const required = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
            const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
            // mysql2 requires its optional SQL highlighter inside a try/catch; nothing else may be missing.
            const optional = new Set(["cardinal"]);
            const foreign = [...required].filter(
                (m) => !builtins.has(m) && !optional.has(m) && !m.startsWith("@aws-sdk/"),
            );
            assert.deepEqual(foreign, []);
            assert.ok(required.has("@aws-sdk/client-secrets-manager"));
            assert.doesNotMatch(code, /DBCSCodec|SBCSCodec/, "iconv-lite was bundled");
            const map = JSON.parse(fs.readFileSync(`${bundles[name].file}.map`, "utf8"));
            assert.ok(
                map.sources.some((s: string) => s.endsWith(`functions/${name}/index.ts`)),
                "source map lacks the function's sources",
            );
        });
    }

    describe("the handler the image's CMD names", () => {
        let db: TestDatabase;
        const saved = { ...process.env };
        before(async () => {
            db = await createTestDatabase();
            Object.assign(process.env, db.env);
        });
        after(async () => {
            for (const key of Object.keys(db.env)) {
                if (saved[key] === undefined) delete process.env[key];
                else process.env[key] = saved[key];
            }
            await db.drop();
        });

        it("exists in each bundle and runs: seed-db seeds, retrieve-accounts renders", async () => {
            const cmd = /^CMD \["([^"]+)"\]$/m.exec(fs.readFileSync(CONTAINER_DOCKERFILE, "utf8"))![1];
            const [file, exportName] = cmd.split(".");
            const load = (name: string) => require(path.join(bundles[name].dir, `${file}.js`))[exportName];
            const seed = load("seed-db");
            const retrieve = load("retrieve-accounts");
            assert.equal(typeof seed, "function");
            assert.equal(typeof retrieve, "function");
            assert.deepEqual(await seed({ demoData: true }, fakeContext("seed-db")), {
                schemaVersion: 1,
                migrationsApplied: [1],
                demoData: { table: "accounts", inserted: 20, unchanged: 0, total: 20 },
            });
            const html = await retrieve({ limit: "3" }, fakeContext("retrieve-accounts"));
            assert.match(html, /<td>Ada Lovelace<\/td>/);
            assert.match(html, /Showing 1&ndash;3<\/p>/);
            await assert.rejects(retrieve({ limit: "none" }, fakeContext()), {
                message: "[400] limit must be an integer between 1 and 1000",
            });
        });
    });

    it("decodes legacy character sets without iconv-lite, and refuses to encode into them", () => {
        const decoder = getDecoder("windows-1252");
        assert.equal(decoder.write(Uint8Array.from([0x80, 0x20, 0xe9])) + decoder.end(), "€ é");
        const gbk = getDecoder("gbk");
        assert.equal(gbk.write(Uint8Array.from([0xc4, 0xe3, 0xba, 0xc3])) + gbk.end(), "你好");
        assert.throws(() => getEncoder("latin2"), /not supported by the function bundle; use a utf8mb4 connection/);
    });

    it("decodes CESU-8 (MySQL's utf8mb3) like iconv-lite: UTF-8 plus separately encoded surrogate halves", () => {
        const iconv = require("iconv-lite");
        for (const text of ["plain ASCII", "Zoë Ñúñez 李小龍", "emoji 😀 and 𝄞", ""]) {
            const cesu8: Buffer = iconv.encode(text, "cesu8");
            assert.equal(decodeCesu8(cesu8), text);
            const decoder = getDecoder("cesu8");
            assert.equal(decoder.write(cesu8) + decoder.end(), iconv.decode(cesu8, "cesu8"));
        }
        assert.equal(decodeCesu8(Uint8Array.from([0x41, 0xff, 0xe2, 0x82])), "A\ufffd\ufffd\ufffd");
    });
});
