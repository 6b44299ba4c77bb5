import * as pulumi from "@pulumi/pulumi";
import { ArgIssue } from "./errors";
import { show } from "./validation";

/**
 * How a caller changes one child of a component before it is registered, typed by that child's arguments:
 * - an object: its keys replace the component's values for those keys, whole (a shallow merge, as SST's
 *   `transform`: `{ tags: {...} }` replaces the tags, `Name` included; to add to a nested value, use a function);
 * - a function: called with a copy of the child's arguments and options, and its name, to change them in place.
 *   It may change any option (`protect`, `ignoreChanges`, `aliases`, ...: the escape hatch) but the parent,
 *   which stays the component. The name is the child's and cannot be changed, so neither can its URN.
 */
export type Transform<T> = Partial<T> | ((args: T, opts: pulumi.CustomResourceOptions, name: string) => void);

/** A component's `transform` option: an optional `Transform` per child role, typed by that child's arguments. */
export type Transforms<ChildArgs> = { [Role in keyof ChildArgs]?: Transform<ChildArgs[Role]> };

/**
 * A component's options: Pulumi's, plus `transform` (TypeScript only: functions and other packages' argument types
 * have no place in a Pulumi package schema; other languages use Pulumi's own `transforms` resource option).
 */
export interface ComponentOptions<ChildArgs> extends pulumi.ComponentResourceOptions {
    /**
     * Changes to the component's children before they are registered, by the child's role (the word its name
     * adds to the component's, as listed on the component's `...ChildArgs` type).
     * Default: no changes.
     * @default no changes
     */
    transform?: Transforms<ChildArgs>;
}

/** A child's name, arguments and options, as its constructor takes them. */
export type Child<T> = [name: string, args: T, opts: pulumi.CustomResourceOptions];

/** What a component passes each child's constructor: `new aws.ec2.Vpc(...child("vpc", name, args, opts))`. */
export type ChildFactory<ChildArgs> = <Role extends keyof ChildArgs>(
    role: Role,
    name: string,
    args: ChildArgs[Role],
    opts: pulumi.CustomResourceOptions,
) => Child<ChildArgs[Role]>;

/** Every role of a component, as a value: checked against its `...ChildArgs` type, so none is missing or extra. */
export type Roles<ChildArgs> = Record<keyof ChildArgs, true>;

/**
 * Splits a component's options into Pulumi's (for the component itself) and a factory that applies the caller's
 * transforms to each child, by role; `issues` are the problems of `transform` (from JavaScript callers, or typos
 * TypeScript lets through), to throw with the arguments' before anything registers.
 */
export function childFactory<ChildArgs>(
    opts: ComponentOptions<ChildArgs> | undefined,
    roles: Roles<ChildArgs>,
): { componentOpts: pulumi.ComponentResourceOptions | undefined; child: ChildFactory<ChildArgs>; issues: ArgIssue[] } {
    const { transform: transforms, ...componentOpts } = opts ?? {};
    return {
        componentOpts: opts && componentOpts,
        child: (role, name, args, childOpts) => applyTransform(transforms?.[role], name, args, childOpts),
        issues: checkTransforms(transforms, Object.keys(roles)),
    };
}

/** Unknown roles, and transforms that are neither an object nor a function. */
export function checkTransforms(transforms: unknown, roles: string[]): ArgIssue[] {
    if (transforms === undefined) return [];
    if (!isObject(transforms)) {
        return [
            { argument: "transform", problem: `got ${show(transforms)}`, fix: "give an object keyed by child role" },
        ];
    }
    return Object.entries(transforms).flatMap(([role, transform]): ArgIssue[] => {
        const argument = `transform.${role}`;
        if (!roles.includes(role)) {
            return [
                { argument, problem: "is no role of this component's children", fix: `use one of ${roles.join(", ")}` },
            ];
        }
        if (transform === undefined || typeof transform === "function" || isObject(transform)) return [];
        return [
            {
                argument,
                problem: `got ${show(transform)}`,
                fix: "give the arguments to merge as an object, or a function (args, opts, name) that changes them",
            },
        ];
    });
}

function isObject(value: unknown): value is object {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One child's name, arguments and options after `transform`: same name, same parent. */
export function applyTransform<T>(
    transform: Transform<T> | undefined,
    name: string,
    args: T,
    opts: pulumi.CustomResourceOptions,
): Child<T> {
    if (transform === undefined) return [name, args, opts];
    if (typeof transform !== "function") return [name, { ...args, ...transform }, opts];
    // Copies, so a function that changes a nested value (tags, environment) changes this child only.
    const changedArgs = copyPlain(args);
    const changedOpts = copyPlain(opts);
    transform(changedArgs, changedOpts, name);
    return [name, changedArgs, { ...changedOpts, parent: opts.parent }];
}

/** A copy of plain objects and arrays, all the way down; anything else (Outputs, resources, assets) as it is. */
function copyPlain<T>(value: T): T {
    if (Array.isArray(value)) return value.map(copyPlain) as T;
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyPlain(v)])) as T;
    }
    return value;
}

/**
 * The same factory, for a helper that creates only some of the roles (`Subset`, which `ChildArgs` extends, such as
 * the roles every function component has).
 */
export function forRoles<Subset, ChildArgs extends Subset = Subset>(
    child: ChildFactory<ChildArgs>,
): ChildFactory<Subset> {
    return child as unknown as ChildFactory<Subset>;
}
