import type { TrialJob } from "@parzen/trainer";
import { Queue, QueueEvents, Worker } from "bullmq";
import type { BlobStore } from "../blobs/blob-store.js";
import { versionKey } from "../datasets/repository.js";
import type { Database } from "../store/database.js";
import type { TrainerJobRequest } from "../trainer/request.js";
import type { EncodedOutcome } from "../trainer/trial-codec.js";
import { TrialThreads } from "../trainer/trial-threads.js";
import type { BullOptions } from "./bullmq.js";

const QUEUE_NAME = "parzen-trials";

const connection = (o: BullOptions) => ({
  connection: { url: o.redisUrl, maxRetriesPerRequest: null },
  prefix: o.prefix ?? "parzen",
});

/** One trial of a job, as queued: the job id (to find its request and data) and the trial to evaluate. */
interface TrialMessage {
  jobId: string;
  trial: TrialJob;
}

/**
 * The coordinator's side of fanning a job's trials out: each trial becomes a BullMQ job any worker process may take,
 * and `run` resolves with its outcome. A worker that dies mid-trial is noticed by BullMQ, which hands the trial to
 * another.
 */
export class TrialQueue {
  private readonly queue: Queue;
  private readonly events: QueueEvents;

  constructor(options: BullOptions) {
    this.queue = new Queue(QUEUE_NAME, {
      ...connection(options),
      defaultJobOptions: { removeOnComplete: { age: 600 }, removeOnFail: { age: 600 }, attempts: 3 },
    });
    this.events = new QueueEvents(QUEUE_NAME, connection(options));
  }

  /** Queues one trial and resolves with its outcome, still encoded (the training thread decodes it). */
  async run(jobId: string, trial: TrialJob): Promise<EncodedOutcome> {
    await this.events.waitUntilReady();
    const job = await this.queue.add("trial", { jobId, trial } satisfies TrialMessage);
    return (await job.waitUntilFinished(this.events)) as EncodedOutcome;
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}

/** Evaluates queued trials in this process, on per-job threads (the event loop keeps renewing BullMQ's locks). */
export class TrialWorker {
  private readonly worker: Worker;
  private readonly threads: TrialThreads;

  constructor(
    options: BullOptions & {
      db: Database;
      blobs: BlobStore;
      concurrency: number;
      lockMs?: number;
      onTrial?: (m: TrialMessage) => void;
    },
  ) {
    this.threads = new TrialThreads(options.concurrency);
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        const message = job.data as TrialMessage;
        const [row] = await options.db.query<{ request: TrainerJobRequest }>(
          "SELECT request FROM jobs WHERE id = $1",
          [message.jobId],
        );
        if (!row) throw new Error(`Job ${message.jobId} no longer exists.`);
        const { request } = row;
        options.onTrial?.(message);
        const dataPath = options.blobs.path(versionKey(request.dataset_id, request.dataset_version_id));
        return this.threads.run(message.jobId, { request, dataPath }, message.trial);
      },
      { ...connection(options), concurrency: options.concurrency, lockDuration: options.lockMs ?? 30_000 },
    );
    this.worker.on("error", () => undefined);
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.threads.close();
  }
}
