import * as assert from "assert/strict";
import { EMF_MAX_BYTES, EmfDocument, EmfError, emfProblems, serializeEmf } from "../../functions/shared/emf";

// The specification: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
const BASE: EmfDocument = {
    namespace: "paas/dev",
    timestamp: Date.UTC(2026, 10, 27, 7),
    dimensions: { Report: "accounts" },
    metrics: [{ name: "AccountsTotal", value: 20, unit: "Count" }],
};
const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("embedded metric format", () => {
    it("writes the _aws metadata with one directive, and the dimension and metric values as root members", () => {
        const line = serializeEmf({
            ...BASE,
            metrics: [
                { name: "AccountsTotal", value: 20, unit: "Count" },
                { name: "Latency", value: [1.5, 2], unit: "Milliseconds", storageResolution: 1 },
                { name: "Plain", value: 0 },
            ],
            properties: { requestId: "r-1" },
        });
        assert.doesNotMatch(line, /\n/);
        assert.deepEqual(JSON.parse(line), {
            _aws: {
                Timestamp: BASE.timestamp,
                CloudWatchMetrics: [
                    {
                        Namespace: "paas/dev",
                        Dimensions: [["Report"]],
                        Metrics: [
                            { Name: "AccountsTotal", Unit: "Count" },
                            { Name: "Latency", Unit: "Milliseconds", StorageResolution: 1 },
                            { Name: "Plain", Unit: "None" },
                        ],
                    },
                ],
            },
            requestId: "r-1",
            Report: "accounts",
            AccountsTotal: 20,
            Latency: [1.5, 2],
            Plain: 0,
        });
        // No dimensions: one empty dimension set, the metric without dimensions.
        const bare = JSON.parse(serializeEmf({ ...BASE, dimensions: undefined })) as {
            _aws: { CloudWatchMetrics: { Dimensions: string[][] }[] };
        };
        assert.deepEqual(bare._aws.CloudWatchMetrics[0].Dimensions, [[]]);
    });

    it("accepts the limits themselves: 100 metrics, 30 dimensions, 100 values, 255-character names", () => {
        const doc: EmfDocument = {
            ...BASE,
            namespace: `${"n".repeat(250)}/#: _`,
            dimensions: Object.fromEntries(many(30, "D").map((d) => [d, "v".repeat(1024)])),
            metrics: [
                ...many(99, "M").map((name) => ({ name, value: 1 })),
                { name: "m".repeat(255), value: Array.from({ length: 100 }, () => 1) },
            ],
        };
        assert.deepEqual(emfProblems(doc), []);
    });

    const invalid: [string, Partial<EmfDocument>, RegExp][] = [
        [
            "101 metrics",
            { metrics: many(101, "M").map((name) => ({ name, value: 1 })) },
            /101 metrics, more than a directive's 100/,
        ],
        [
            "31 dimensions",
            { dimensions: Object.fromEntries(many(31, "D").map((d) => [d, "v"])) },
            /31 dimensions, more than a dimension set's 30/,
        ],
        ["no metrics", { metrics: [] }, /no metrics/],
        ["an AWS namespace", { namespace: "AWS/Lambda" }, /reserved for AWS/],
        ["a namespace with other characters", { namespace: "paas|dev" }, /namespace "paas\|dev" must be/],
        ["an empty namespace", { namespace: "" }, /namespace "" must be/],
        ["a blank namespace", { namespace: "  " }, /namespace " {2}" must be/],
        ["a 256-character namespace", { namespace: "n".repeat(256) }, /namespace "n+" must be 1 to 255/],
        [
            "a 256-character metric name",
            { metrics: [{ name: "m".repeat(256), value: 1 }] },
            /metric name "m+" must be 1 to 255/,
        ],
        ["a non-ASCII metric name", { metrics: [{ name: "Größe", value: 1 }] }, /metric name "Größe" must be/],
        ["an empty metric name", { metrics: [{ name: "", value: 1 }] }, /metric name "" must be/],
        [
            "a dimension name starting with a colon",
            { dimensions: { ":x": "v" } },
            /dimension name :x must not start with a colon/,
        ],
        ["an empty dimension value", { dimensions: { Report: "" } }, /dimension Report's value "" must be 1 to 1024/],
        ["a 1025-character dimension value", { dimensions: { Report: "v".repeat(1025) } }, /must be 1 to 1024/],
        [
            "a dimension value that is not a string",
            { dimensions: { Report: 3 as unknown as string } },
            /dimension Report's value 3/,
        ],
        [
            "a metric listed twice",
            {
                metrics: [
                    { name: "A", value: 1 },
                    { name: "A", value: 2 },
                ],
            },
            /metric A is listed twice/,
        ],
        [
            "a metric named like a dimension",
            { metrics: [{ name: "Report", value: 1 }] },
            /metric Report is also a dimension/,
        ],
        ["a metric named _aws", { metrics: [{ name: "_aws", value: 1 }] }, /_aws is the metadata member/],
        ["NaN", { metrics: [{ name: "A", value: NaN }] }, /metric A has a value that is not a finite number/],
        ["Infinity in a list", { metrics: [{ name: "A", value: [1, Infinity] }] }, /not a finite number/],
        ["a string value", { metrics: [{ name: "A", value: "1" as unknown as number }] }, /not a finite number/],
        [
            "101 values",
            { metrics: [{ name: "A", value: Array.from({ length: 101 }, () => 1) }] },
            /has 101 values; give 1 to 100/,
        ],
        ["an empty list of values", { metrics: [{ name: "A", value: [] }] }, /has 0 values/],
        [
            "an unknown unit",
            { metrics: [{ name: "A", value: 1, unit: "Requests" as "Count" }] },
            /unit "Requests" is not a CloudWatch unit/,
        ],
        [
            "a storage resolution of 5",
            { metrics: [{ name: "A", value: 1, storageResolution: 5 as 1 }] },
            /storage resolution must be 1 or 60/,
        ],
        ["a fractional timestamp", { timestamp: 1.5 }, /timestamp 1.5 must be milliseconds/],
        ["a property named _aws", { properties: { _aws: 1 } }, /property _aws would overwrite/],
        [
            "a property named like a metric",
            { properties: { AccountsTotal: 1 } },
            /property AccountsTotal would overwrite/,
        ],
    ];
    for (const [what, change, problem] of invalid) {
        it(`refuses ${what}`, () => {
            const doc = { ...BASE, ...change };
            assert.match(emfProblems(doc).join("\n"), problem);
            assert.throws(
                () => serializeEmf(doc),
                (e: unknown) => e instanceof EmfError && problem.test(e.message),
            );
        });
    }

    it("refuses a document larger than a log event", () => {
        const doc = { ...BASE, properties: { note: "x".repeat(EMF_MAX_BYTES) } };
        assert.throws(() => serializeEmf(doc), /bytes, more than a log event's 1048576/);
    });
});
