/**
 * A function as Lambda runs it, on this machine: its code in a worker thread of its own (its module scope
 * and `process.env` apart from every other function's), its timeout enforced by stopping that worker, as
 * Lambda stops a sandbox, and hot reload: a change to its code, or to any source a bundle was built from,
 * takes effect on the next invocation (the bundle rebuilt first), without a restart.
 */
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import { TS_REGISTER } from "../tools/paths";
import { InvokeResult, LambdaError, succeededWith } from "./lambda";
import type { FunctionPlan } from "./program";
import { bundleRecipe, rebuildBundle, watchedSources } from "./rebuild";
import type { WorkerData, WorkerReply, WorkerRequest } from "./worker";

const WORKER = path.join(__dirname, "worker.ts");
const TYPECHECK = path.join(__dirname, "typecheck.ts");
/** Saves arrive as several events (truncate, write, rename): one reload per burst. */
const RELOAD_DEBOUNCE_MS = 15;

export interface FunctionHostOptions {
    /** The function's environment, local stand-ins applied. */
    environment: Record<string, string>;
    /** Reload on changes to its code. @default true */
    watch?: boolean;
    /** Told of reloads and failed rebuilds (the terminal). */
    report?: (message: string) => void;
}

export class FunctionHost {
    readonly name: string;
    readonly timeout: number;
    /** Reloads so far (0 until the code first changes). */
    generation = 0;
    /** When the code last changed (ms since the epoch), for measuring the reload delay. */
    changedAt = 0;
    private worker?: Worker;
    /** Resolves when the current worker has loaded the code (its init phase, not timed against invocations). */
    private ready?: Promise<void>;
    private pending = new Map<number, (reply: WorkerReply) => void>();
    private nextId = 1;
    private stale = false;
    private buildError?: LambdaError;
    private typeError?: LambdaError;
    private typecheck?: Worker;
    private watchers: fs.FSWatcher[] = [];
    private debounce?: NodeJS.Timeout;

    constructor(
        readonly plan: FunctionPlan,
        private readonly options: FunctionHostOptions,
    ) {
        this.name = plan.name;
        this.timeout = plan.timeout;
        if (options.watch ?? true) this.watch();
    }

    /** Invokes like `lambda:Invoke` (RequestResponse). */
    async invoke(event: unknown, requestId: string = randomUUID()): Promise<InvokeResult> {
        if (this.stale) this.reload();
        const refused = this.buildError ?? this.typeError;
        if (refused) return { ok: false, error: refused };
        const worker = this.current();
        await this.ready;
        const id = this.nextId++;
        const deadline = Date.now() + this.timeout * 1000;
        let timer: NodeJS.Timeout | undefined;
        const reply = await new Promise<WorkerReply | "timeout">((resolve) => {
            this.pending.set(id, resolve);
            timer = setTimeout(() => resolve("timeout"), this.timeout * 1000);
            const request: WorkerRequest = { id, requestId, event: event ?? null, deadline };
            worker.postMessage(request);
        }).finally(() => {
            clearTimeout(timer);
            this.pending.delete(id);
        });
        if (reply === "timeout") {
            this.retire(worker); // Lambda stops the sandbox: the next invocation starts a fresh one
            return {
                ok: false,
                error: {
                    errorMessage: `${new Date().toISOString()} ${requestId} Task timed out after ${this.timeout.toFixed(2)} seconds`,
                    errorType: "Sandbox.Timedout",
                },
            };
        }
        return reply.ok ? succeededWith(reply.value) : reply;
    }

    async close(): Promise<void> {
        clearTimeout(this.debounce);
        await this.typecheck?.terminate();
        for (const w of this.watchers) w.close();
        this.watchers = [];
        const worker = this.worker;
        this.worker = undefined;
        await worker?.terminate();
    }

    private current(): Worker {
        if (this.worker) return this.worker;
        const data: WorkerData = {
            directory: this.plan.code.directory,
            handler: this.plan.code.handler,
            functionName: this.name,
            memorySize: this.plan.memorySize,
        };
        // The worker's own process.env: the function's environment over this process's (PATH, HOME, ...).
        const worker = new Worker(`require(${JSON.stringify(TS_REGISTER)}); require(${JSON.stringify(WORKER)});`, {
            eval: true,
            workerData: data,
            env: {
                ...process.env,
                AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
                ...this.options.environment,
            },
            stdout: false,
            stderr: false,
        });
        this.ready = new Promise((resolve) => {
            worker.once("message", () => resolve());
            worker.once("exit", () => resolve());
        });
        worker.on("message", (reply: WorkerReply) => this.pending.get(reply.id)?.(reply));
        worker.on("error", (error) => this.fail(worker, error));
        worker.on("exit", () => this.fail(worker, new Error("the function's runtime exited")));
        worker.unref();
        this.worker = worker;
        return worker;
    }

    /** A worker that died answers its pending invocations with the error, as Lambda's Runtime.ExitError. */
    private fail(worker: Worker, error: Error): void {
        if (this.worker !== worker) return;
        this.worker = undefined;
        for (const resolve of this.pending.values())
            resolve({
                id: 0,
                ok: false,
                error: { errorType: "Runtime.ExitError", errorMessage: error.message, stackTrace: [] },
            });
        this.pending.clear();
    }

    /** Stops a worker; invocations still running in it finish first (their results are awaited by no one new). */
    private retire(worker: Worker): void {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
    }

    private watch(): void {
        const recipe = bundleRecipe(this.plan.code.directory);
        const files = recipe ? watchedSources(recipe) : undefined;
        const onChange = () => {
            this.changedAt = Date.now();
            clearTimeout(this.debounce);
            this.debounce = setTimeout(() => (this.stale = true), RELOAD_DEBOUNCE_MS);
        };
        if (files) {
            // A bundle: watch the folders of the sources it was built from, for those files only (editors
            // that save by renaming replace the file, which a watch on the file itself would lose).
            const byDir = new Map<string, Set<string>>();
            for (const f of files)
                byDir.set(path.dirname(f), (byDir.get(path.dirname(f)) ?? new Set()).add(path.basename(f)));
            for (const [dir, names] of byDir)
                this.watchers.push(
                    fs.watch(dir, { persistent: false }, (_event, file) => {
                        if (file && names.has(file.toString())) onChange();
                    }),
                );
        } else {
            this.watchers.push(
                fs.watch(this.plan.code.directory, { persistent: false, recursive: true }, (_event, file) => {
                    if (!file?.toString().split(path.sep).includes("node_modules")) onChange();
                }),
            );
        }
    }

    /** The code changed: rebuild a bundle, then the next invocation starts a fresh worker. */
    private reload(): void {
        this.stale = false;
        this.generation++;
        const recipe = bundleRecipe(this.plan.code.directory);
        try {
            if (recipe) rebuildBundle(recipe);
            this.buildError = undefined;
        } catch (error) {
            const message = (error as Error).message;
            this.buildError = { errorType: "Runtime.UserCodeSyntaxError", errorMessage: message, stackTrace: [] };
            this.options.report?.(`${this.name}: the edit does not build, invocations fail until it does:\n${message}`);
            return;
        }
        this.typeError = undefined;
        if (recipe?.manifest.rebuild.entry.endsWith(".ts")) this.checkTypes(recipe.manifest.rebuild.entry);
        // Each module is loaded anew in a new worker; the old one finishes what it runs, then goes.
        if (this.worker) this.retireWhenIdle(this.worker);
        this.worker = undefined;
        this.options.report?.(`${this.name}: reloaded`);
    }

    /**
     * Type-checks the edit in a worker thread (seconds, so the new code serves meanwhile); type errors are
     * printed and returned by invocations until an edit fixes them. A newer edit's check replaces this one.
     */
    private checkTypes(entry: string): void {
        void this.typecheck?.terminate();
        const generation = this.generation;
        const checker = new Worker(`require(${JSON.stringify(TS_REGISTER)}); require(${JSON.stringify(TYPECHECK)});`, {
            eval: true,
            workerData: { typecheck: entry },
        });
        this.typecheck = checker;
        checker.once("message", (errors: string[]) => {
            if (generation !== this.generation) return;
            this.typeError =
                errors.length === 0
                    ? undefined
                    : {
                          errorType: "Runtime.UserCodeSyntaxError",
                          errorMessage: `type errors:\n${errors.join("\n")}`,
                          stackTrace: [],
                      };
            if (errors.length > 0)
                this.options.report?.(
                    `${this.name}: the edit has type errors, invocations fail until it does not:\n${errors.join("\n")}`,
                );
            void checker.terminate();
        });
        checker.unref();
    }

    private retireWhenIdle(worker: Worker): void {
        const busy = [...this.pending.keys()].length > 0;
        if (!busy) void worker.terminate();
        else setTimeout(() => this.retireWhenIdle(worker), 50).unref();
    }
}
