import type { BlobStore } from "../blobs/blob-store.js";
import type { Database } from "../store/database.js";
import { trainerHandler } from "../trainer/handler.js";
import { BullQueue, BullWorker } from "./bullmq.js";
import { type JobQueue, LocalQueue } from "./queue.js";
import { JobRunner } from "./runner.js";

export interface JobWorkersOptions {
  db: Database;
  blobs: BlobStore;
  /** With a Redis URL jobs go through BullMQ; without, this process polls the store. */
  redisUrl?: string;
  redisPrefix?: string;
  /** Jobs this process runs at once; 0 runs none here (BullMQ mode with separate `parzen worker` processes). */
  concurrency?: number;
  /** Threads for the trials of one job. */
  trialWorkers?: number;
  /** Lease of a running job, and BullMQ's lock: how soon a dead worker's job moves on. */
  leaseMs?: number;
  reconcileMs?: number;
  /** Let `teacher_predict_url` reach loopback and private addresses (off: the SSRF guard). */
  allowPrivateTeacherUrls?: boolean;
}

/** The runner with every job kind this server knows. */
export function jobRunner(options: JobWorkersOptions): JobRunner {
  return new JobRunner({
    db: options.db,
    leaseMs: options.leaseMs,
    concurrency: Math.max(1, options.concurrency ?? 1),
    handlers: {
      "trainer.run": trainerHandler({
        db: options.db,
        blobs: options.blobs,
        trialWorkers: options.trialWorkers,
        allowPrivateTeacherUrls: options.allowPrivateTeacherUrls,
      }),
    },
  });
}

/** Where submitted jobs go, plus the workers this process runs (if any); `close` stops both. */
export async function startJobs(options: JobWorkersOptions): Promise<JobQueue> {
  const concurrency = options.concurrency ?? 1;
  if (!options.redisUrl) {
    const runner = jobRunner(options);
    if (concurrency > 0) runner.start();
    return new LocalQueue(runner);
  }
  const bull = { redisUrl: options.redisUrl, prefix: options.redisPrefix };
  const queue = new BullQueue(bull);
  const worker =
    concurrency > 0
      ? await new BullWorker({
          ...bull,
          db: options.db,
          runner: jobRunner(options),
          concurrency,
          lockMs: options.leaseMs,
          reconcileMs: options.reconcileMs,
        }).start()
      : undefined;
  return {
    enqueue: (job) => queue.enqueue(job),
    async close() {
      await worker?.close();
      await queue.close();
    },
  };
}
