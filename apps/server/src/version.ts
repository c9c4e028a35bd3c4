import { createRequire } from "node:module";

const pkg = createRequire(import.meta.url)("../package.json") as { version: string };

/** The version of `@parzen/server`, reported by `/v1/health`. */
export const serverVersion: string = pkg.version;
