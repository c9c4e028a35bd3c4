import { Worker as ThreadWorker } from "node:worker_threads";
import { type TrialJob, type TrialOutcome, workerScript } from "@parzen/trainer";
import { Queue, QueueEvents, Worker } from "bullmq";
import type { BlobStore } from "../blobs/blob-store.js";
import { versionKey } from "../datasets/repository.js";
import type { Database } from "../store/database.js";
import type { TrainerJobRequest } from "../trainer/request.js";
import { decodeOutcome, type EncodedOutcome } from "../trainer/trial-codec.js";
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

  async run(jobId: string, trial: TrialJob): Promise<TrialOutcome> {
    await this.events.waitUntilReady();
    const job = await this.queue.add("trial", { jobId, trial } satisfies TrialMessage);
    return decodeOutcome((await job.waitUntilFinished(this.events)) as EncodedOutcome);
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}

/** Evaluates queued trials in this process, each on its own thread (the event loop keeps renewing BullMQ's locks). */
export class TrialWorker {
  private readonly worker: Worker;

  constructor(
    options: BullOptions & {
      db: Database;
      blobs: BlobStore;
      concurrency: number;
      lockMs?: number;
      onTrial?: (m: TrialMessage) => void;
    },
  ) {
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        const message = job.data as TrialMessage;
        const [row] = await options.db.query<{ request: TrainerJobRequest }>(
          "SELECT request FROM jobs WHERE id = $1",
          [message.jobId],
        );
        if (!row) throw new Error(`Job ${message.jobId} no longer exists.`);
        const request = row.request;
        options.onTrial?.(message);
        return runOnThread({
          request,
          dataPath: options.blobs.path(versionKey(request.dataset_id, request.dataset_version_id)),
          trial: message.trial,
        });
      },
      { ...connection(options), concurrency: options.concurrency, lockDuration: options.lockMs ?? 30_000 },
    );
    this.worker.on("error", () => undefined);
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}

function runOnThread(data: {
  request: TrainerJobRequest;
  dataPath: string;
  trial: TrialJob;
}): Promise<EncodedOutcome> {
  return new Promise((resolve, reject) => {
    const thread = new ThreadWorker(workerScript(import.meta.url, "../trainer/trial-thread.js"), {
      workerData: data,
    });
    thread.once("message", (m: { outcome?: EncodedOutcome; error?: string }) => {
      void thread.terminate();
      if (m.outcome) resolve(m.outcome);
      else reject(new Error(m.error));
    });
    thread.once("error", reject);
  });
}
