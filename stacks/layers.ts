import * as fs from "fs";
import * as path from "path";

/** The image library the thumbnail function's layer provides, at the version the code is tested with. */
export const SHARP_VERSION = (
    JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve("sharp")), "..", "package.json"), "utf8")) as {
        version: string;
    }
).version;

/** The packages of the thumbnail function's layer. */
export const THUMBNAIL_LAYER_PACKAGES: Record<string, string> = { sharp: SHARP_VERSION };
