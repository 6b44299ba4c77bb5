import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { REPO_ROOT } from "../paths";
import { AwsMocks, StackReferenceOutputs } from "./mocks";
import { readProject, readStackConfig } from "./project";

/** One resource the program registered, as the engine would have received it. */
export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** The parent's URN; undefined for the root stack. */
    parent?: string;
    /** A provider resource (CustomResource) rather than a component. */
    custom: boolean;
    /**
     * The inputs as sent to the engine (what `pulumi preview` shows and policies see as `props`), secrets
     * unwrapped.
     */
    inputs: Record<string, any>;
    /** Paths of the inputs that were Pulumi secrets, e.g. `registry` or `environment.variables.TOKEN`. */
    secretInputs: string[];
    /** Declared `dependsOn` URNs. */
    dependencies: string[];
    /** For each input property, the URNs of the resources it was computed from. */
    propertyDependencies: Record<string, string[]>;
    /** The ID the mocks gave it (empty for components). */
    id: string;
    /** Its outputs as the mocks answered them. */
    outputs: Record<string, any>;
    /** The resource options the engine receives with the registration (policies see them as `args.opts`). */
    options?: RecordedOptions;
}

/** Resource options as the registration carries them to the engine. */
export interface RecordedOptions {
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    /** Set only when the program set it, as the engine passes it. */
    deleteBeforeReplace?: boolean;
    /** Go durations as given (`"10m"`), by operation. */
    customTimeouts: { create?: string; update?: string; delete?: string };
    additionalSecretOutputs: string[];
    /** Inputs whose changes force a replacement whatever the provider says (the change preview reads them). */
    replaceOnChanges?: string[];
    /** The explicit provider reference (`<urn>::<id>`); undefined when the default provider is used. */
    provider?: string;
    /** The version of the provider package that registered it (which default provider the engine picks). */
    version?: string;
}

export interface Evaluation {
    project: string;
    stack: string;
    resources: RecordedResource[];
    /** The stack outputs, fully resolved. */
    outputs: Record<string, unknown>;
    /** The flat runtime config the program ran with (`secure:` values as a placeholder). */
    config?: Record<string, string>;
}

export interface EvaluateOptions {
    project: string;
    stack: string;
    /** The flat runtime config (`namespace:key` → string). */
    config: Record<string, string>;
    secretKeys?: string[];
    /** The program: returns its stack outputs (or a promise of them). */
    program: () => unknown;
    /** Outputs of stacks the program references. */
    stackReferences?: StackReferenceOutputs;
}

/** A failed evaluation: the cause, and what had been registered before it. */
export class EvaluationError extends Error {
    constructor(
        readonly cause: unknown,
        readonly resources: RecordedResource[],
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.name = "EvaluationError";
    }
}

/**
 * Runs a Pulumi program under mocks, as `pulumi preview` would run it against a fresh stack but with no
 * CLI, engine or cloud: records every resource registration and resolves the stack outputs. Fails if the
 * program throws, if any registration or invoke fails (including invokes the mocks do not answer), or if
 * a promise is rejected with nobody listening.
 */
export async function evaluate(options: EvaluateOptions): Promise<Evaluation> {
    withoutPromiseStackTraces();
    const region = options.config["aws:region"] ?? "us-east-1";
    await pulumi.runtime.setMocks(
        new AwsMocks({ region, stackReferences: options.stackReferences }),
        options.project,
        options.stack,
        false,
    );
    pulumi.runtime.setAllConfig(options.config, options.secretKeys ?? []);
    const resources = recordRegistrations();

    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        const outputs = await pulumi.runtime.runInPulumiStack(() => Promise.resolve(options.program()));
        // Internal, but what the CLI's host awaits too.
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        const resolved = (await resolve(outputs ?? {})) as Record<string, unknown>;
        await settle();
        if (failures.length > 0) throw failures[0];
        return { project: options.project, stack: options.stack, resources, outputs: resolved, config: options.config };
    } catch (error) {
        await settle(); // a failure rejects several promises; let the others land here, not in the caller
        throw new EvaluationError(error, resources);
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}

/**
 * The Pulumi runtime captures a stack trace for every promise it tracks (`debuggablePromise`), kept only to
 * explain a leaked promise when `PULUMI_DEBUG_PROMISE_LEAKS` is set. With source maps on (tools/register.js,
 * ts-node) each capture is mapped frame by frame, which costs more than the rest of an evaluation. Unless
 * that variable asks for them, those captures are made empty; the program's own errors keep their stacks.
 */
function withoutPromiseStackTraces(): void {
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
        debuggablePromise: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
    };
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS || (debuggable.debuggablePromise as { traceless?: true }).traceless)
        return;
    const track = debuggable.debuggablePromise;
    debuggable.debuggablePromise = Object.assign(
        (p: Promise<unknown>, ctx: unknown) => {
            const limit = Error.stackTraceLimit;
            Error.stackTraceLimit = 0;
            try {
                return track(p, ctx);
            } finally {
                Error.stackTraceLimit = limit;
            }
        },
        { traceless: true as const },
    );
}

/** Lets pending rejections surface (unhandled ones are reported after the microtask queue drains). */
function settle(): Promise<void> {
    return new Promise((r) => setTimeout(r, 0));
}

/** Evaluates a stack of the Pulumi project in `dir` from its own `Pulumi.<stack>.yaml`. */
export async function evaluateStack(
    stack: string,
    opts: {
        dir?: string;
        /** Config values to set over the stack's file, as the CLI's `--config` would. */
        configOverrides?: Record<string, unknown>;
        stackReferences?: StackReferenceOutputs;
    } = {},
): Promise<Evaluation> {
    const project = readProject(opts.dir ?? REPO_ROOT);
    const { values, secretKeys } = readStackConfig(project, stack);
    for (const [key, value] of Object.entries(opts.configOverrides ?? {})) {
        if (value === undefined) delete values[key];
        else values[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return evaluate({
        project: project.name,
        stack,
        config: values,
        secretKeys,
        stackReferences: opts.stackReferences,
        program: () => runProgramModule(project.main),
    });
}

/**
 * Loads a program as the Pulumi Node.js runtime does: a module whose export is the outputs, or a function
 * returning them.
 */
function runProgramModule(main: string): unknown {
    // Programs with top-level resource code register on load, so load afresh for every evaluation.
    const dir = path.dirname(require.resolve(main));
    for (const cached of Object.keys(require.cache)) {
        if (cached.startsWith(dir) && !cached.includes(`${path.sep}node_modules${path.sep}`))
            delete require.cache[cached];
    }
    const exported = require(main);
    const program = exported?.__esModule && "default" in exported ? exported.default : exported;
    return typeof program === "function" ? program() : program;
}

/**
 * Wraps the mock monitor to record each registration (and each read, such as a StackReference) with its
 * parent, which the mocks alone do not see.
 */
function recordRegistrations(): RecordedResource[] {
    const recorded: RecordedResource[] = [];
    type Method = (req: MonitorRequest, callback: (err: unknown, resp?: MonitorResponse) => void) => Promise<void>;
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: Method; readResource: Method };
    for (const method of ["registerResource", "readResource"] as const) {
        const original = monitor[method].bind(monitor);
        monitor[method] = (req, callback) =>
            original(req, (err, resp) => {
                if (resp) {
                    const read = method === "readResource";
                    const secretInputs: string[] = [];
                    recorded.push({
                        urn: resp.getUrn(),
                        type: req.getType(),
                        name: req.getName(),
                        parent: req.getParent() || undefined,
                        custom: read || req.getCustom!(),
                        inputs: unwrapSecrets(
                            pulumi.runtime.deserializeProperties(read ? req.getProperties!() : req.getObject!()),
                            "",
                            secretInputs,
                        ),
                        secretInputs,
                        dependencies: req.getDependenciesList(),
                        propertyDependencies: propertyDependencies(req),
                        id: read ? req.getId!() : resp.getId!(),
                        outputs: pulumi.runtime.deserializeProperties(read ? resp.getProperties!() : resp.getObject!()),
                        options: read ? undefined : recordedOptions(req),
                    });
                }
                callback(err, resp);
            });
    }
    return recorded;
}

function recordedOptions(req: MonitorRequest): RecordedOptions {
    const timeouts = req.getCustomtimeouts?.();
    return {
        protect: req.getProtect?.() === true,
        retainOnDelete: req.getRetainondelete?.() === true,
        ignoreChanges: req.getIgnorechangesList?.() ?? [],
        deleteBeforeReplace: req.getDeletebeforereplacedefined?.() ? req.getDeletebeforereplace?.() : undefined,
        customTimeouts: {
            create: timeouts?.getCreate() || undefined,
            update: timeouts?.getUpdate() || undefined,
            delete: timeouts?.getDelete() || undefined,
        },
        additionalSecretOutputs: req.getAdditionalsecretoutputsList?.() ?? [],
        replaceOnChanges: req.getReplaceonchangesList?.() ?? [],
        provider: req.getProvider?.() || undefined,
        version: req.getVersion?.() || undefined,
    };
}

function propertyDependencies(req: MonitorRequest): Record<string, string[]> {
    const map: Record<string, string[]> = {};
    req.getPropertydependenciesMap?.().forEach((deps, key) => {
        map[key] = deps.getUrnsList();
    });
    return map;
}

interface MonitorResponse {
    getUrn(): string;
    getId?(): string;
    getObject?(): any;
    getProperties?(): any;
}

interface MonitorRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom?(): boolean;
    getObject?(): any;
    getProperties?(): any;
    getId?(): string;
    getDependenciesList(): string[];
    getProtect?(): boolean | undefined;
    getRetainondelete?(): boolean | undefined;
    getIgnorechangesList?(): string[];
    getDeletebeforereplace?(): boolean;
    getDeletebeforereplacedefined?(): boolean;
    getCustomtimeouts?(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getAdditionalsecretoutputsList?(): string[];
    getReplaceonchangesList?(): string[];
    getProvider?(): string;
    getVersion?(): string;
    getPropertydependenciesMap?(): { forEach(fn: (deps: { getUrnsList(): string[] }, key: string) => void): void };
}
/** Replaces the engine's secret envelopes by their values, noting where they were. */
function unwrapSecrets(value: any, path: string, found: string[]): any {
    if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, `${path}[${i}]`, found));
    if (value === null || typeof value !== "object") return value;
    // Assets and archives keep their shape (their paths and texts are promises, read by whoever needs them).
    if (pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value)) return value;
    if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) {
        found.push(path);
        return unwrapSecrets(value.value, path, found);
    }
    return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, path ? `${path}.${k}` : k, found)]),
    );
}

/** Resolves every Output inside a value. */
export function resolve<T>(value: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
    return new Promise((ok, fail) => {
        const out = pulumi.output(value) as unknown as { promise(): Promise<pulumi.Unwrap<T>> };
        out.promise().then(ok, fail);
    });
}
