import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The URL of a worker script `file` (named `.js`) beside the calling module. When the caller runs from
 * TypeScript sources (tests, benchmarks under tsx), the worker is taken from the build in dist/: Node 20 cannot
 * start a `.ts` worker, and tsx's hooks do not reach worker threads there. Throws, naming the file, when that
 * build is missing, since a worker that never starts would leave a blocking caller waiting.
 */
export function workerScript(callerUrl: string, file: string): URL {
  const here = new URL(`./${file}`, callerUrl);
  if (existsSync(fileURLToPath(here))) return here;
  const at = here.href.lastIndexOf("/src/");
  const built = at < 0 ? here : new URL(`${here.href.slice(0, at)}/dist/${here.href.slice(at + 5)}`);
  if (!existsSync(fileURLToPath(built))) {
    throw new Error(
      `Worker script ${fileURLToPath(built)} does not exist: build the package first (pnpm build).`,
    );
  }
  return built;
}
