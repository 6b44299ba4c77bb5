import * as assert from "assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BuildManifest, hashFiles, isUpToDate, sha256, writeManifest } from "../../tools/build/manifest";

describe("build manifests", () => {
    let root: string;
    let manifest: string;
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "paas-manifest-"));
        fs.writeFileSync(path.join(root, "in.ts"), "export const a = 1;");
        fs.writeFileSync(path.join(root, "out.js"), "exports.a = 1;");
        manifest = path.join(root, "out.json");
        writeManifest(manifest, {
            key: "k1",
            ...{ inputs: hashFiles(root, ["in.ts"])!, outputs: hashFiles(root, ["out.js"])! },
        });
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("hashes files by content, and gives nothing for a file it cannot read", () => {
        assert.deepEqual(hashFiles(root, ["in.ts"]), { "in.ts": sha256("export const a = 1;") });
        assert.equal(hashFiles(root, ["in.ts", "missing.ts"]), undefined);
    });

    const cases: [string, () => void, string, boolean][] = [
        ["nothing changed", () => undefined, "k1", true],
        [
            "an input's mtime changed, not its content",
            () => fs.utimesSync(path.join(root, "in.ts"), new Date(0), new Date(0)),
            "k1",
            true,
        ],
        ["the options changed (another key)", () => undefined, "k2", false],
        ["an input changed", () => fs.writeFileSync(path.join(root, "in.ts"), "export const a = 2;"), "k1", false],
        ["an input is gone", () => fs.rmSync(path.join(root, "in.ts")), "k1", false],
        ["an output was edited", () => fs.appendFileSync(path.join(root, "out.js"), "\n"), "k1", false],
        ["an output is gone", () => fs.rmSync(path.join(root, "out.js")), "k1", false],
        ["the manifest is gone", () => fs.rmSync(manifest), "k1", false],
        ["the manifest is not JSON", () => fs.writeFileSync(manifest, "{"), "k1", false],
    ];
    for (const [situation, change, key, expected] of cases) {
        it(`${expected ? "is" : "is not"} up to date when ${situation}`, () => {
            change();
            assert.equal(isUpToDate(manifest, key, root), expected);
        });
    }

    it("is not up to date when one of several inputs changed", () => {
        fs.writeFileSync(path.join(root, "other.ts"), "export const b = 1;");
        writeManifest(manifest, {
            key: "k1",
            ...{ inputs: hashFiles(root, ["in.ts", "other.ts"])!, outputs: hashFiles(root, ["out.js"])! },
        });
        assert.equal(isUpToDate(manifest, "k1", root), true);
        fs.writeFileSync(path.join(root, "other.ts"), "export const b = 2;");
        assert.equal(isUpToDate(manifest, "k1", root), false);
    });

    it("is written whole (aside, then renamed), leaving nothing else behind", () => {
        const written = JSON.parse(fs.readFileSync(manifest, "utf8")) as BuildManifest;
        assert.equal(written.key, "k1");
        assert.deepEqual(fs.readdirSync(root).sort(), ["in.ts", "out.js", "out.json"]);
    });
});
