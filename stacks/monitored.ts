/**
 * What the environment's dashboard and alarms watch, as plain data read from what the stack registered: its
 * API, functions, database, dead-letter queues and custom metrics. `V` is how a physical name is held: a
 * string (in the pure builders' tests, and once resolved), or a Pulumi output while the program runs.
 */
export interface MonitoredStack<V = string> {
    region: string;
    /** The REST API: CloudWatch names its metrics by the API's name and the stage. */
    api?: { name: V; stage: string };
    /** Every function, by its key in the manifest. */
    functions: { key: string; name: V }[];
    database?: { identifier: V; instanceClass: string; allocatedStorageGib: number };
    /** The dead-letter queues of the asynchronous functions, by the function's key. */
    queues: { function: string; name: V }[];
    /** The custom metrics the functions publish (Embedded Metric Format), by function. */
    metrics: CustomMetrics[];
    /** The ARNs of the environment's alarms, whose states the dashboard shows. @default none */
    alarms?: V[];
}

/** Metrics a function publishes in a namespace, all with the same dimensions. */
export interface CustomMetrics {
    function: string;
    namespace: string;
    dimensions: Record<string, string>;
    names: string[];
}

/** A queue's name from its URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
export function queueNameOfUrl(url: string): string {
    const name = url.split("/").pop();
    if (!name) throw new Error(`not an SQS queue URL: ${url}`);
    return name;
}
