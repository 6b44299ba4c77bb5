import * as assert from "assert/strict";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yauzl from "yauzl";
import { Layer, LayerFunction, LayerFunctionArgs, PrivateBucket } from "../../components/index";
import { LayerBuild, buildNodeLayer } from "../../components/layer/build";
import { SHARP_VERSION } from "../../stacks/layers";
import { LAYERS_DIR } from "../../tools/build/layers";
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";
import { T, evaluateInvalid, evaluateProgram, named, ofType } from "../support/harness";

const CACHE = LAYERS_DIR;

/** The entries of a zip: name and Unix mode. */
function zipEntries(file: string): Promise<{ name: string; mode: number }[]> {
    return new Promise((resolve, reject) =>
        yauzl.open(file, { lazyEntries: false }, (error, zip) => {
            if (error || !zip) return reject(error ?? new Error(`cannot open ${file}`));
            const entries: { name: string; mode: number }[] = [];
            zip.on("entry", (e: yauzl.Entry) =>
                entries.push({ name: e.fileName, mode: (e.externalFileAttributes >>> 16) & 0o177777 }),
            );
            zip.on("end", () => resolve(entries));
            zip.on("error", reject);
        }),
    );
}

/** The machine an ELF binary is for: 62 is x86-64, 183 is AArch64. */
function elfMachine(bytes: Buffer): number {
    assert.deepEqual([...bytes.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], "not an ELF binary");
    return bytes.readUInt16LE(18);
}

describe("layer builds", () => {
    for (const [architecture, npmCpu, machine] of [
        ["x86_64", "x64", 62],
        ["arm64", "arm64", 183],
    ] as const) {
        it(`installs sharp for linux ${npmCpu} under nodejs/node_modules, zipped without symlinks`, async () => {
            const build = await buildNodeLayer({ sharp: SHARP_VERSION }, architecture, CACHE);
            const entries = await zipEntries(build.zipPath);
            assert.ok(
                entries.every((e) => e.name.startsWith("nodejs/node_modules/")),
                "everything sits under nodejs/node_modules",
            );
            assert.ok(entries.some((e) => e.name === "nodejs/node_modules/sharp/package.json"));
            assert.deepEqual(
                entries.filter((e) => (e.mode & 0o170000) === 0o120000),
                [],
                "symlinks in the zip",
            );
            assert.ok(
                build.skippedSymlinks.every((s) => s.startsWith("nodejs/node_modules/.bin/")),
                build.skippedSymlinks.join(),
            );
            const binary = entries.find((e) =>
                new RegExp(
                    `^nodejs/node_modules/@img/sharp-linux-${npmCpu}/lib/sharp-linux-${npmCpu}(-[\\d.]+)?\\.node$`,
                ).test(e.name),
            );
            assert.ok(
                binary,
                `no linux-${npmCpu} binary in ${entries
                    .filter((e) => e.name.endsWith(".node"))
                    .map((e) => e.name)
                    .join(", ")}`,
            );
            const other = npmCpu === "x64" ? "arm64" : "x64";
            assert.ok(!entries.some((e) => e.name.includes(`sharp-linux-${other}`)), `binaries for ${other} too`);
            // Read the binary out of the zip and check its machine type.
            const bytes = await new Promise<Buffer>((resolve, reject) =>
                yauzl.open(build.zipPath, { lazyEntries: true }, (error, zip) => {
                    if (error || !zip) return reject(error ?? new Error(`cannot open ${build.zipPath}`));
                    zip.readEntry();
                    zip.on("entry", (e: yauzl.Entry) =>
                        e.fileName === binary.name
                            ? zip.openReadStream(e, (err, stream) => {
                                  if (err || !stream) return reject(err ?? new Error(`cannot read ${e.fileName}`));
                                  const chunks: Buffer[] = [];
                                  stream
                                      .on("data", (c: Buffer) => chunks.push(c))
                                      .on("end", () => {
                                          zip.close();
                                          resolve(Buffer.concat(chunks));
                                      });
                              })
                            : zip.readEntry(),
                    );
                }),
            );
            assert.equal(elfMachine(bytes), machine);
            assert.match(build.sha256, /^[A-Za-z0-9+/]{43}=$/);
        });
    }

    describe("with a small package set (the same code path as sharp's, in a fraction of the time)", () => {
        const SMALL = { yazl: "3.3.1" }; // with its dependency, buffer-crc32; both in this project's lockfile
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "paas-layer-"));
        const [shared, afresh, bin] = ["shared", "afresh", "bin"].map((d) => path.join(work, d));
        const npmRuns = path.join(work, "npm-runs.log");
        let pair: LayerBuild[];
        let rebuilt: LayerBuild;
        let staleLock: string;

        // Two builds asked for at once in one cache, then one afresh in another cache over a lock a dead
        // process left; npm runs through a wrapper on PATH that counts them.
        before(async function () {
            this.timeout(120_000);
            fs.mkdirSync(bin);
            fs.writeFileSync(
                path.join(bin, "npm"),
                `#!/bin/sh\necho "$PWD" >> "${npmRuns}"\nexec "${execFileSync("which", ["npm"], { encoding: "utf8" }).trim()}" "$@"\n`,
                { mode: 0o755 },
            );
            const savedPath = process.env.PATH;
            process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
            try {
                pair = await Promise.all([
                    buildNodeLayer(SMALL, "x86_64", shared),
                    buildNodeLayer(SMALL, "x86_64", shared),
                ]);
                staleLock = path.join(afresh, `${path.basename(path.dirname(pair[0].zipPath))}.lock`);
                fs.mkdirSync(staleLock, { recursive: true });
                const longAgo = new Date(Date.now() - 11 * 60_000);
                fs.utimesSync(staleLock, longAgo, longAgo);
                rebuilt = await buildNodeLayer(SMALL, "x86_64", afresh);
            } finally {
                process.env.PATH = savedPath;
            }
        });
        after(() => fs.rmSync(work, { recursive: true, force: true }));

        it("builds once when asked twice at once, and leaves only the cached build behind", () => {
            assert.deepEqual(pair[0], pair[1]);
            assert.deepEqual(
                fs.readdirSync(shared),
                [path.basename(path.dirname(pair[0].zipPath))],
                "no lock or work folder left",
            );
            const runs = fs.readFileSync(npmRuns, "utf8").trim().split("\n");
            assert.equal(runs.filter((dir) => dir.startsWith(shared)).length, 1, runs.join("\n"));
        });

        it("goes ahead over a lock a dead process left", () => {
            assert.ok(!fs.existsSync(staleLock));
            assert.ok(fs.existsSync(rebuilt.zipPath));
        });

        it("is reproducible: the same inputs give the same zip and hash, built afresh", () => {
            assert.equal(rebuilt.sha256, pair[0].sha256);
            assert.deepEqual(fs.readFileSync(rebuilt.zipPath), fs.readFileSync(pair[0].zipPath));
        });
    });
});

describe("Layer, LayerFunction and PrivateBucket", () => {
    let code: string;
    before(() => {
        code = fs.mkdtempSync(path.join(os.tmpdir(), "paas-code-"));
        fs.writeFileSync(path.join(code, "index.js"), "exports.handler = async () => 'ok';");
    });
    after(() => fs.rmSync(code, { recursive: true, force: true }));

    const evaluatePipeline = (args: Partial<LayerFunctionArgs> = {}) =>
        evaluateProgram(() => {
            const layer = new Layer("img", { packages: { sharp: SHARP_VERSION }, cacheDir: CACHE });
            const source = new PrivateBucket("src", { tags: { team: "media" } });
            const fn = new LayerFunction("resize", {
                code: { directory: code },
                layers: [layer],
                environment: { TARGET: "x" },
                policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::src/*"] }],
                triggers: {
                    s3: [{ bucket: source.bucket, filterSuffix: ".jpg" }],
                    schedules: [{ expression: "rate(1 hour)", input: { sweep: true } }],
                },
                ...args,
            });
            return { dlq: fn.deadLetterQueueUrl };
        });

    it("publishes the layer from its zip, content-addressed, for its runtime and architecture", async () => {
        const e = await evaluatePipeline();
        const layer = named(e, "img-layer").inputs;
        const build = await buildNodeLayer({ sharp: SHARP_VERSION }, "x86_64", CACHE);
        assert.equal(layer.sourceCodeHash, build.sha256);
        assert.deepEqual(
            [layer.layerName, layer.compatibleRuntimes, layer.compatibleArchitectures],
            ["img", ["nodejs22.x"], ["x86_64"]],
        );
    });

    it("runs zip code on Node.js 22 with its layers, a DLQ for failed async events, and an alarm on it", async () => {
        const e = await evaluatePipeline();
        const fn = named(e, "resize-function");
        assert.deepEqual(
            [fn.inputs.packageType, fn.inputs.runtime, fn.inputs.handler],
            ["Zip", "nodejs22.x", "index.handler"],
        );
        assert.deepEqual(fn.inputs.layers, [named(e, "img-layer").outputs.arn]);
        const dlq = named(e, "resize-dlq");
        assert.equal(dlq.inputs.sqsManagedSseEnabled, true);
        const async = named(e, "resize-async").inputs;
        assert.deepEqual(
            [
                async.functionName,
                async.maximumRetryAttempts,
                async.maximumEventAgeInSeconds,
                async.destinationConfig.onFailure.destination,
            ],
            [fn.outputs.name, 2, 3600, dlq.outputs.arn],
        );
        const alarm = named(e, "resize-dlq-alarm").inputs;
        assert.deepEqual(
            [alarm.namespace, alarm.metricName, alarm.dimensions],
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: dlq.outputs.name }],
        );
        // The caller's statements in <name>-policy, which waits for the DLQ's own policy: moving the DLQ
        // statement out of it on an upgrade never leaves the role without it.
        const policy = named(e, "resize-policy");
        const dlqPolicy = named(e, "resize-dlq-send");
        assert.ok(policy.dependencies.includes(dlqPolicy.urn));
        assert.deepEqual(JSON.parse(dlqPolicy.inputs.policy).Statement, [
            { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlq.outputs.arn] },
        ]);
        assert.deepEqual(
            JSON.parse(policy.inputs.policy).Statement.map((s: { Action: string[] }) => s.Action),
            [["s3:GetObject"]],
        );
    });

    it("triggers on S3 object creation with a permission scoped to the bucket, and on a schedule", async () => {
        const e = await evaluatePipeline();
        const bucket = named(e, "src-bucket");
        const fn = named(e, "resize-function");
        const permission = named(e, "resize-s3-permission-1").inputs;
        assert.deepEqual(
            [permission.principal, permission.sourceArn, permission.sourceAccount],
            ["s3.amazonaws.com", bucket.outputs.arn, MOCK_ACCOUNT_ID],
        );
        const notification = named(e, "resize-s3-notification-1");
        assert.deepEqual(notification.inputs.lambdaFunctions, [
            { lambdaFunctionArn: fn.outputs.arn, events: ["s3:ObjectCreated:*"], filterSuffix: ".jpg" },
        ]);
        assert.ok(notification.dependencies.includes(named(e, "resize-s3-permission-1").urn));
        const rule = named(e, "resize-schedule-1");
        assert.equal(rule.inputs.scheduleExpression, "rate(1 hour)");
        assert.deepEqual(
            [named(e, "resize-schedule-1-target").inputs.arn, named(e, "resize-schedule-1-target").inputs.input],
            [fn.outputs.arn, '{"sweep":true}'],
        );
        assert.equal(named(e, "resize-schedule-1-permission").inputs.sourceArn, rule.outputs.arn);
    });

    it("keeps buckets private: public access blocked, encrypted, TLS only", async () => {
        const e = await evaluatePipeline();
        const bucket = named(e, "src-bucket");
        assert.deepEqual(named(e, "src-public-access").inputs, {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        assert.equal(
            named(e, "src-encryption").inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm,
            "AES256",
        );
        const tls = JSON.parse(named(e, "src-tls-only").inputs.policy).Statement[0];
        assert.deepEqual([tls.Effect, tls.Condition], ["Deny", { Bool: { "aws:SecureTransport": "false" } }]);
        assert.equal(ofType(e, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").length, 0);
        const expiring = await evaluateProgram(() => new PrivateBucket("tmp", { expireAfterDays: 30 }));
        assert.equal(named(expiring, "tmp-expiry").inputs.rules[0].expiration.days, 30);
    });

    const invalid: [string, Partial<LayerFunctionArgs>, RegExp][] = [
        [
            "a malformed schedule",
            { triggers: { schedules: [{ expression: "every hour" }] } },
            /- triggers\.schedules\[0\]\.expression: "every hour" is neither rate/,
        ],
        [
            "too many retries",
            { asyncInvocation: { maximumRetryAttempts: 5 } },
            /- asyncInvocation\.maximumRetryAttempts: got 5/,
        ],
        [
            "a wildcard permission",
            { policyStatements: [{ actions: ["s3:*"], resources: ["*"] }] },
            /- policyStatements\[0\]\.actions: has s3:\*/,
        ],
        ["an unsupported runtime", { runtime: "nodejs16.x" as never }, /- runtime: got "nodejs16\.x"/],
        ["six layers", { layers: ["a", "b", "c", "d", "e", "f"].map((arn) => ({ arn })) }, /- layers: lists 6/],
    ];
    for (const [label, args, message] of invalid) {
        it(`rejects ${label} before registering anything`, async () => {
            const { error, resources } = await evaluateInvalid(
                () => new LayerFunction("bad", { code: { directory: code }, ...args }),
            );
            assert.match(error.message, message);
            assert.deepEqual(
                resources.filter((r) => r.type !== T.stack),
                [],
            );
        });
    }

    it("rejects a layer built for another architecture, and unpinned packages", async () => {
        const mismatch = await evaluateInvalid(() => {
            const layer = new Layer("arm", {
                packages: { sharp: SHARP_VERSION },
                architecture: "arm64",
                cacheDir: CACHE,
            });
            return new LayerFunction("fn", { code: { directory: code }, layers: [layer] });
        });
        assert.match(mismatch.error.message, /- layers\[0\]: is built for arm64, the function runs on x86_64/);
        const unpinned = await evaluateInvalid(() => new Layer("loose", { packages: { sharp: "^0.35.0" } }));
        assert.match(unpinned.error.message, /- packages\.sharp: has version "\^0\.35\.0"\. Fix: pin an exact version/);
    });
});
