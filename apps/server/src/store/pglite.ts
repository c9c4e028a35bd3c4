import { mkdir, readdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { Database, Queryable, Row } from "./database.js";
import { freshClusterTemplate } from "./pglite-template.js";

/** Embedded PostgreSQL (PGlite): in `dataDir` when given, else in memory. No service needed. */
export async function openPglite(dataDir?: string): Promise<Database> {
  // PGlite creates only the last directory of the path.
  if (dataDir) await mkdir(dataDir, { recursive: true });
  // A new store starts from a ready-made cluster instead of running initdb (see pglite-template.ts).
  const isNew = !dataDir || (await readdir(dataDir)).length === 0;
  const loadDataDir = isNew ? await freshClusterTemplate() : undefined;
  const options = loadDataDir ? { loadDataDir } : {};
  const pg = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  // PGlite serves one connection: transactions take turns with plain queries through this chain.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  // Without parameters, run through the simple protocol so that a migration may hold several statements.
  const runOn = async <T extends Row>(
    target: Pick<PGlite, "query" | "exec">,
    sql: string,
    params?: unknown[],
  ) => {
    if (params && params.length > 0) return (await target.query<T>(sql, params)).rows;
    const results = await target.exec(sql);
    return (results.at(-1)?.rows ?? []) as T[];
  };
  const run = <T extends Row>(sql: string, params?: unknown[]) => runOn<T>(pg, sql, params);
  return {
    kind: "embedded",
    query: (sql, params) => serial(() => run(sql, params)),
    transaction: (fn) =>
      serial(() =>
        pg.transaction(async (tx) => {
          const inner: Queryable = {
            query: (sql, params) => runOn(tx as unknown as PGlite, sql, params) as never,
          };
          return fn(inner);
        }),
      ),
    // One process holds the embedded store, so a notification is never missed and `onState` is never called.
    async listen(channel, onMessage) {
      const stop = await pg.listen(channel, onMessage);
      return () => stop();
    },
    close: () => serial(() => pg.close()),
  };
}
