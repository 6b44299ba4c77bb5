/**
 * The scratch program the package tests install the packed library into: a platform team's Pulumi program with
 * its own copies of the library's peers at the lowest versions components/package.json accepts, so the tests
 * prove the bottom of each peer range (the application tests the top: its lockfile has the newest). Installed
 * once, in `npm test`'s install phase (scripts/test.sh), into .build/consumer/, and reused while these versions
 * stay the same.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../tools/paths";

const library = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "components", "package.json"), "utf8")) as {
    peerDependencies: Record<string, string>;
};

/** The lowest version a caret range accepts: `^3.200.0` gives `3.200.0`. */
function lowest(name: string, range: string): string {
    const match = /^\^(\d+\.\d+\.\d+)$/.exec(range);
    if (!match) throw new Error(`peer ${name}@${range}: use a caret range, whose lowest version this test installs`);
    return match[1];
}

/** The consumer's dependencies: each peer of the library at the lowest version its range accepts. */
export const dependencies = Object.fromEntries(
    Object.entries(library.peerDependencies).map(([name, range]) => [name, lowest(name, range)]),
);

export const CONSUMER = path.join(
    REPO_ROOT,
    ".build",
    "consumer",
    Object.entries(dependencies)
        .map(([name, version]) => `${name.replace(/[^a-z0-9]+/gi, "-")}${version}`)
        .join("_"),
);

/** Installs the consumer's dependencies unless they already are; returns its directory. */
export function ensureConsumer(): string {
    if (fs.existsSync(path.join(CONSUMER, "node_modules", ".package-lock.json"))) return CONSUMER;
    fs.mkdirSync(CONSUMER, { recursive: true });
    const manifest = { name: "paas-consumer", version: "1.0.0", private: true, dependencies };
    fs.writeFileSync(path.join(CONSUMER, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
    const list = Object.entries(dependencies).map(([name, version]) => `${name}@${version}`);
    console.log(`==> installing the package tests' consumer program (${list.join(", ")})`);
    execFileSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: CONSUMER,
        stdio: "inherit",
    });
    return CONSUMER;
}

if (require.main === module) ensureConsumer();
