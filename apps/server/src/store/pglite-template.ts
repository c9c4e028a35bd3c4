import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

/**
 * A freshly initialised PGlite cluster, as a tarball to start new stores from.
 *
 * Why: `initdb` inside PGlite's WebAssembly costs several seconds of CPU, while loading the same cluster from a
 * tarball costs a fraction of that. A server starts once, but the test suites start hundreds of embedded stores,
 * so the cluster is built once per process, and once per machine when `PARZEN_PGLITE_TEMPLATE_DIR` names a cache
 * directory (the test configurations set it). The template holds no schema of ours: migrations still run as usual,
 * so a template can never be stale with respect to them.
 */
let inProcess: Promise<Blob | undefined> | undefined;

/** The fresh-cluster tarball, built on first use (and cached on disk when configured); undefined if it can't be. */
export function freshClusterTemplate(
  cacheDir = process.env.PARZEN_PGLITE_TEMPLATE_DIR,
): Promise<Blob | undefined> {
  inProcess ??= loadOrBuild(cacheDir).catch(() => undefined);
  return inProcess;
}

/** Reads the cached cluster from `cacheDir`, or builds it (and caches it there when a directory is given). */
export async function loadOrBuild(cacheDir: string | undefined): Promise<Blob> {
  const file = cacheDir ? join(cacheDir, `pglite-cluster-${pgliteBuildKey()}.tar`) : undefined;
  if (file) {
    const cached = await readFile(file).catch(() => undefined);
    if (cached && cached.length > 0) return new Blob([cached]);
  }
  const pg = await PGlite.create();
  try {
    const tarball = await pg.dumpDataDir("none");
    if (file && cacheDir) {
      // Written under a unique name, then renamed: concurrent test processes never read a half-written file.
      await mkdir(cacheDir, { recursive: true, mode: 0o700 });
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, Buffer.from(await tarball.arrayBuffer()));
      await rename(partial, file);
    }
    return tarball;
  } finally {
    await pg.close();
  }
}

/** Names the installed PGlite build, so that a cached cluster is never loaded by a different PostgreSQL build. */
function pgliteBuildKey(): string {
  return createHash("sha256")
    .update(createRequire(import.meta.url).resolve("@electric-sql/pglite"))
    .digest("hex")
    .slice(0, 16);
}
