import * as fs from "fs";
import type { ReplaceRuleTable } from "../diff";
import { DOCKER_REPLACE_RULES } from "./docker";
import { RULES_FILE, ReplaceRules } from "./generate";

/** Every provider's replace rules, by resource type: the generated AWS table and the Docker providers'. */
export function replaceRuleTable(): ReplaceRuleTable {
    const aws = JSON.parse(fs.readFileSync(RULES_FILE, "utf8")) as ReplaceRules;
    return {
        ...Object.fromEntries(Object.entries(aws.types).map(([type, t]) => [type, t.replaceOnChange])),
        ...DOCKER_REPLACE_RULES,
    };
}
