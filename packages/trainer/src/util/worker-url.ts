import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The URL of a worker script `file` beside the calling module. When the caller runs from TypeScript sources
 * (tests), the worker is taken from the build in dist/, since Node cannot start a worker from a .ts file.
 */
export function workerScript(callerUrl: string, file: string): URL {
  const here = new URL(`./${file}`, callerUrl);
  if (existsSync(fileURLToPath(here))) return here;
  const at = here.href.lastIndexOf("/src/");
  return new URL(`${here.href.slice(0, at)}/dist/${here.href.slice(at + 5)}`);
}
