/**
 * CloudWatch's Embedded Metric Format: one JSON log event from which CloudWatch Logs extracts metrics, with
 * no API call and no permission beyond writing logs. Pure: it builds and checks the document; the caller
 * writes it. The rules are those of the specification,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html,
 * and CloudWatch's own for names (namespaces, metric and dimension names, dimension values): a document that
 * breaks them is dropped by CloudWatch without a word, so it is refused here, loudly.
 */

/** The units CloudWatch accepts (MetricDefinition `Unit`). */
export const METRIC_UNITS = [
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** A MetricDirective's limit on MetricDefinitions. */
export const EMF_MAX_METRICS = 100;
/** A DimensionSet's limit on dimension keys. */
export const EMF_MAX_DIMENSIONS = 30;
/** A metric value may be an array of values (a distribution), of at most this many. */
export const EMF_MAX_VALUES = 100;
/** The size of a CloudWatch Logs event, the limit of one EMF document. */
export const EMF_MAX_BYTES = 1024 * 1024;

export interface MetricDatum {
    name: string;
    value: number | number[];
    /** @default "None" */
    unit?: MetricUnit;
    /** 1 for a high-resolution metric (per second). @default 60 */
    storageResolution?: 1 | 60;
}

export interface EmfDocument {
    /** The metrics' namespace, e.g. `paas/dev`. */
    namespace: string;
    /** The one dimension set of every metric, name to value. @default none: the metrics have no dimensions */
    dimensions?: Record<string, string>;
    metrics: MetricDatum[];
    /** Milliseconds since the epoch. */
    timestamp: number;
    /** Other members of the log event, for the logs alone (not dimensions). @default none */
    properties?: Record<string, unknown>;
}

export class EmfError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid embedded metric format document: ${problems.join("; ")}`);
        this.name = "EmfError";
    }
}

const ASCII_PRINTABLE = /^[\x20-\x7e]+$/;
const NAMESPACE = /^[0-9A-Za-z._\-/#: ]{1,255}$/;

/** What is wrong with a custom metrics namespace, by CloudWatch's rules, or undefined when it is valid. */
export function namespaceProblem(namespace: unknown): string | undefined {
    if (typeof namespace !== "string" || !NAMESPACE.test(namespace) || !/\S/.test(namespace))
        return `namespace ${JSON.stringify(namespace)} must be 1 to 255 of A-Z a-z 0-9 . - _ / # : and space`;
    if (namespace.startsWith("AWS/")) return `namespace ${namespace} is reserved for AWS`;
    return undefined;
}

/** What is wrong with a document, by CloudWatch's rules (empty when it is valid). */
export function emfProblems(doc: EmfDocument): string[] {
    const problems: string[] = [];
    const namespace = namespaceProblem(doc.namespace);
    if (namespace) problems.push(namespace);
    if (!Number.isSafeInteger(doc.timestamp) || doc.timestamp < 0)
        problems.push(`timestamp ${String(doc.timestamp)} must be milliseconds since the epoch`);

    const dimensions = Object.entries(doc.dimensions ?? {});
    if (dimensions.length > EMF_MAX_DIMENSIONS)
        problems.push(`${dimensions.length} dimensions, more than a dimension set's ${EMF_MAX_DIMENSIONS}`);
    for (const [name, value] of dimensions) {
        problems.push(...nameProblems("dimension name", name, 255));
        if (typeof value !== "string" || value.length > 1024 || !ASCII_PRINTABLE.test(value) || !/\S/.test(value))
            problems.push(`dimension ${name}'s value ${JSON.stringify(value)} must be 1 to 1024 printable ASCII`);
    }

    if (doc.metrics.length === 0) problems.push("no metrics");
    if (doc.metrics.length > EMF_MAX_METRICS)
        problems.push(`${doc.metrics.length} metrics, more than a directive's ${EMF_MAX_METRICS}`);
    const seen = new Set<string>();
    for (const metric of doc.metrics) {
        problems.push(...nameProblems("metric name", metric.name, 255));
        if (seen.has(metric.name)) problems.push(`metric ${metric.name} is listed twice`);
        seen.add(metric.name);
        if (metric.name in (doc.dimensions ?? {})) problems.push(`metric ${metric.name} is also a dimension`);
        const values = Array.isArray(metric.value) ? metric.value : [metric.value];
        if (values.length === 0 || values.length > EMF_MAX_VALUES)
            problems.push(`metric ${metric.name} has ${values.length} values; give 1 to ${EMF_MAX_VALUES}`);
        if (values.some((v) => typeof v !== "number" || !Number.isFinite(v)))
            problems.push(`metric ${metric.name} has a value that is not a finite number`);
        if (metric.unit !== undefined && !METRIC_UNITS.includes(metric.unit))
            problems.push(`metric ${metric.name}'s unit ${JSON.stringify(metric.unit)} is not a CloudWatch unit`);
        if (metric.storageResolution !== undefined && metric.storageResolution !== 1 && metric.storageResolution !== 60)
            problems.push(`metric ${metric.name}'s storage resolution must be 1 or 60`);
    }
    for (const key of Object.keys(doc.properties ?? {}))
        if (key === "_aws" || seen.has(key) || key in (doc.dimensions ?? {}))
            problems.push(`property ${key} would overwrite the metadata, a metric or a dimension`);
    return problems;
}

function nameProblems(what: string, name: unknown, max: number): string[] {
    if (typeof name !== "string" || name.length > max || !ASCII_PRINTABLE.test(name) || !/\S/.test(name))
        return [`${what} ${JSON.stringify(name)} must be 1 to ${max} printable ASCII characters`];
    if (name.startsWith(":")) return [`${what} ${name} must not start with a colon`];
    if (name === "_aws") return [`${what} _aws is the metadata member`];
    return [];
}

/**
 * The document as one log line (JSON, no newline): the `_aws` metadata with one metric directive, the
 * dimension values and metric values as members of the root. Throws an {@link EmfError} listing every problem.
 */
export function serializeEmf(doc: EmfDocument): string {
    const problems = emfProblems(doc);
    if (problems.length > 0) throw new EmfError(problems);
    const dimensions = doc.dimensions ?? {};
    const line = JSON.stringify({
        _aws: {
            Timestamp: doc.timestamp,
            CloudWatchMetrics: [
                {
                    Namespace: doc.namespace,
                    Dimensions: [Object.keys(dimensions)],
                    Metrics: doc.metrics.map((m) => ({
                        Name: m.name,
                        Unit: m.unit ?? "None",
                        ...(m.storageResolution === 1 ? { StorageResolution: 1 } : {}),
                    })),
                },
            ],
        },
        ...doc.properties,
        ...dimensions,
        ...Object.fromEntries(doc.metrics.map((m) => [m.name, m.value])),
    });
    if (Buffer.byteLength(line) > EMF_MAX_BYTES)
        throw new EmfError([`${Buffer.byteLength(line)} bytes, more than a log event's ${EMF_MAX_BYTES}`]);
    return line;
}
