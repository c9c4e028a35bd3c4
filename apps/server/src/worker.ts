import { BlobStore } from "./blobs/blob-store.js";
import { startQueueWorkers } from "./jobs/workers.js";
import type { StartOptions } from "./start.js";
import { openStore } from "./store/open.js";

export interface RunningWorker {
  workerId: string;
  close(): Promise<void>;
  /** Stops handing running jobs back to the queue (leases released) instead of waiting for them. */
  shutdown(): Promise<void>;
}

/**
 * A job worker without an HTTP server, for scaling out: it takes jobs from BullMQ and keeps their state in
 * PostgreSQL, so it needs both `databaseUrl` and `redisUrl`, and the artifact directory the servers use.
 */
export async function startWorker(options: StartOptions): Promise<RunningWorker> {
  if (!options.databaseUrl || !options.redisUrl) {
    throw new Error(
      "A separate worker needs DATABASE_URL (PostgreSQL) and REDIS_URL (BullMQ): the embedded store serves one process only.",
    );
  }
  if (!options.artifactsDir)
    throw new Error("A separate worker needs PARZEN_ARTIFACTS_DIR shared with the servers.");
  const db = await openStore(options);
  const workers = await startQueueWorkers({
    ...options,
    redisUrl: options.redisUrl,
    db,
    blobs: new BlobStore(options.artifactsDir),
    concurrency: Math.max(1, options.concurrency ?? 1),
  });
  return {
    workerId: workers.workerId,
    async close() {
      await workers.close();
      await db.close();
    },
    async shutdown() {
      await workers.handBack();
      await db.close();
    },
  };
}
