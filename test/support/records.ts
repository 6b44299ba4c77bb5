import type { RecordedResource } from "../../tools/offline/evaluate";

/**
 * A recorded resource as the offline evaluation hands it over, with only what a case sets: for tests of the
 * readers of a record (diff, diagram, local plan) that need no evaluation. Loads nothing at run time.
 */
export function recordedResource(type: string, name: string, fields: Partial<RecordedResource> = {}): RecordedResource {
    return {
        urn: `urn:pulumi:test::paas::${type}::${name}`,
        type,
        name,
        custom: true,
        inputs: {},
        secretInputs: [],
        dependencies: [],
        propertyDependencies: {},
        id: `${name}-id`,
        outputs: {},
        ...fields,
    };
}
