/**
 * Lambda's asynchronous invocation, locally: an event (an `Event` invoke, an S3 notification, a schedule)
 * is accepted at once, run in the background, retried on error as the function's async config says
 * (default twice), with Lambda's backoff (1 then 2 minutes) scaled down, and, when the retries are spent or
 * the event grew older than its maximum age, delivered to the on-failure destination as the invocation
 * record Lambda sends. Records are kept per destination for the developer to read (GET /_local/destinations).
 */
import { randomUUID } from "crypto";
import { InvokeResult, LambdaError } from "./lambda";
import type { FunctionPlan } from "./program";

/** The record Lambda sends to an on-failure destination. */
export interface InvocationRecord {
    version: "1.0";
    timestamp: string;
    requestContext: {
        requestId: string;
        functionArn: string;
        condition: "RetriesExhausted" | "EventAgeExceeded";
        approximateInvokeCount: number;
    };
    requestPayload: unknown;
    responseContext: { statusCode: number; executedVersion: "$LATEST"; functionError?: "Unhandled" };
    responsePayload?: LambdaError;
}

export interface AsyncTarget {
    plan: FunctionPlan;
    invoke(event: unknown, requestId: string): Promise<InvokeResult>;
}

export interface AsyncOptions {
    /** Lambda waits about 1 minute, then 2, between attempts; locally each minute is this long. @default 1000 */
    minuteMs?: number;
    /** The clock an event's age is read on (tests). @default Date.now */
    now?: () => number;
    /** Called after each attempt (the terminal's line per invocation). */
    onAttempt?: (fn: string, trigger: string, result: InvokeResult, ms: number, attempt: number) => void;
    /** Called when a record is delivered to a destination. */
    onDelivered?: (destination: string, record: InvocationRecord) => void;
}

export class AsyncInvoker {
    /** Records delivered, by destination ARN. */
    readonly destinations = new Map<string, InvocationRecord[]>();
    private readonly running = new Set<Promise<void>>();
    private readonly timers = new Map<NodeJS.Timeout, () => void>();
    private stopped = false;

    constructor(private readonly options: AsyncOptions = {}) {}

    /** Accepts an event (as Lambda answers 202) and returns its request ID; the work goes on in the background. */
    submit(target: AsyncTarget, event: unknown, trigger: string): string {
        const requestId = randomUUID();
        const run = this.run(target, event, trigger, requestId).finally(() => this.running.delete(run));
        this.running.add(run);
        return requestId;
    }

    /** Waits for every accepted event to finish its attempts (tests, and a clean stop). */
    async idle(): Promise<void> {
        while (this.running.size > 0) await Promise.all([...this.running]);
    }

    /** Stops retrying: pending retries are dropped, as when the environment stops. */
    stop(): void {
        this.stopped = true;
        for (const [t, wake] of this.timers) {
            clearTimeout(t);
            wake();
        }
        this.timers.clear();
    }

    private async run(target: AsyncTarget, event: unknown, trigger: string, requestId: string): Promise<void> {
        const { async } = target.plan;
        const minuteMs = this.options.minuteMs ?? 1000;
        const now = this.options.now ?? Date.now;
        const received = now();
        const maxAgeMs = (async.maximumEventAgeInSeconds / 60) * minuteMs;
        let last: InvokeResult | undefined;
        let attempts = 0;
        for (let attempt = 1; attempt <= 1 + async.maximumRetryAttempts; attempt++) {
            if (attempt > 1) {
                await this.sleep((attempt - 1) * minuteMs);
                if (this.stopped) return;
                if (now() - received > maxAgeMs)
                    return this.deliver(target, event, requestId, "EventAgeExceeded", attempts, last);
            }
            const started = process.hrtime.bigint();
            last = await target.invoke(event, requestId);
            attempts = attempt;
            this.options.onAttempt?.(
                target.plan.name,
                trigger,
                last,
                Number(process.hrtime.bigint() - started) / 1e6,
                attempt,
            );
            if (last.ok) return;
        }
        this.deliver(target, event, requestId, "RetriesExhausted", attempts, last);
    }

    private deliver(
        target: AsyncTarget,
        event: unknown,
        requestId: string,
        condition: InvocationRecord["requestContext"]["condition"],
        attempts: number,
        last: InvokeResult | undefined,
    ): void {
        const destination = target.plan.async.onFailure;
        if (!destination) return; // Lambda discards the event
        const record: InvocationRecord = {
            version: "1.0",
            timestamp: new Date().toISOString(),
            requestContext: {
                requestId,
                functionArn: `${target.plan.arn}:$LATEST`,
                condition,
                approximateInvokeCount: attempts,
            },
            requestPayload: event,
            responseContext: {
                statusCode: 200,
                executedVersion: "$LATEST",
                ...(last && !last.ok ? { functionError: "Unhandled" as const } : {}),
            },
            ...(last && !last.ok ? { responsePayload: last.error } : {}),
        };
        const list = this.destinations.get(destination) ?? [];
        list.push(record);
        this.destinations.set(destination, list);
        this.options.onDelivered?.(destination, record);
    }

    private sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const t = setTimeout(() => {
                this.timers.delete(t);
                resolve();
            }, ms);
            this.timers.set(t, resolve);
        });
    }
}
