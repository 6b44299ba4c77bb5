import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..");

/** The preload that runs this project's TypeScript: `node -r <TS_REGISTER> file.ts` (see tools/register.js). */
export const TS_REGISTER = path.join(REPO_ROOT, "tools", "register.js");
