import { availableParallelism } from "node:os";
import type { TrialJob } from "@parzen/trainer";
import { AGENTIC_STEP_JOB, agenticStepHandler } from "../agentic/engine.js";
import { AGENTIC_RETRAIN_JOB, agenticRetrainHandler } from "../agentic/retrain.js";
import { AGENT_EXECUTION_JOB } from "../agents/executions.js";
import { agentExecutionHandler } from "../agents/executor.js";
import type { BlobStore } from "../blobs/blob-store.js";
import { datasetProcessHandler } from "../datasets/process.js";
import { PIPELINE_EXECUTION_JOB } from "../pipelines/execution-store.js";
import { pipelineExecutionHandler } from "../pipelines/executor.js";
import type { Database } from "../store/database.js";
import { trainerHandler } from "../trainer/handler.js";
import { BullQueue, BullWorker } from "./bullmq.js";
import { type JobQueue, LocalQueue } from "./queue.js";
import { JobRunner } from "./runner.js";
import { TrialQueue, TrialWorker } from "./trial-queue.js";

export interface JobWorkersOptions {
  db: Database;
  blobs: BlobStore;
  /** With a Redis URL jobs go through BullMQ; without, this process polls the store. */
  redisUrl?: string;
  redisPrefix?: string;
  /** Jobs this process runs at once; 0 runs none here (BullMQ mode with separate `parzen worker` processes). */
  concurrency?: number;
  /** Threads for trials: of one job (embedded), or taken from the shared trial queue (BullMQ). */
  trialWorkers?: number;
  /** BullMQ mode: trials of one job spread over every worker process, up to this many at once. 0: local threads. Default 4. */
  trialFanout?: number;
  /** Lease of a running job, and BullMQ's lock: how soon a dead worker's job moves on. */
  leaseMs?: number;
  reconcileMs?: number;
  /** Let `teacher_predict_url` reach loopback and private addresses (off: the SSRF guard). */
  allowPrivateTeacherUrls?: boolean;
  /** Origins exempt from the SSRF guard's address check (`PARZEN_ALLOWED_PRIVATE_ORIGINS`). */
  allowedPrivateOrigins?: string[];
  /** Called when this process starts a trial from the shared queue (logging). */
  onTrial?: (jobId: string, trial: TrialJob) => void;
}

/** How often a runner on the embedded store looks for work it was not told about. */
const EMBEDDED_POLL_MS = 2_000;

/** The runner with every job kind this server knows. */
export function jobRunner(
  options: JobWorkersOptions,
  trials?: { queue: TrialQueue; fanout: number },
): JobRunner {
  return new JobRunner({
    db: options.db,
    leaseMs: options.leaseMs,
    // The embedded store has one process, whose submissions wake the runner at once: polling only finds leases that
    // lapsed. Every poll is a query on the event loop (3–25 ms on a busy disk), so it polls rarely there.
    pollMs: options.db.kind === "embedded" ? EMBEDDED_POLL_MS : undefined,
    concurrency: Math.max(1, options.concurrency ?? 1),
    handlers: {
      "trainer.run": trainerHandler({
        db: options.db,
        blobs: options.blobs,
        trialWorkers: options.trialWorkers,
        outbound: {
          allowPrivate: options.allowPrivateTeacherUrls,
          allowedOrigins: options.allowedPrivateOrigins,
        },
        trials,
      }),
      [AGENT_EXECUTION_JOB]: agentExecutionHandler({ db: options.db, blobs: options.blobs }),
      "dataset.process": datasetProcessHandler({ db: options.db, blobs: options.blobs }),
      [AGENTIC_STEP_JOB]: agenticStepHandler({ db: options.db, blobs: options.blobs }),
      [AGENTIC_RETRAIN_JOB]: agenticRetrainHandler({ db: options.db, blobs: options.blobs }),
      [PIPELINE_EXECUTION_JOB]: pipelineExecutionHandler({ db: options.db, blobs: options.blobs }),
    },
  });
}

/**
 * This process's share of the BullMQ workforce: a worker for jobs, and one for the trials any job fans out (so a job
 * coordinated here may have its trials run by every worker process, this one included).
 */
export async function startQueueWorkers(
  options: JobWorkersOptions & { redisUrl: string },
): Promise<{ workerId: string; close(): Promise<void>; handBack(): Promise<void> }> {
  const bull = { redisUrl: options.redisUrl, prefix: options.redisPrefix };
  const fanout = options.trialFanout ?? 4;
  const queue = fanout > 0 ? new TrialQueue(bull) : undefined;
  const trialWorker =
    fanout > 0
      ? new TrialWorker({
          ...bull,
          db: options.db,
          blobs: options.blobs,
          concurrency: options.trialWorkers ?? availableParallelism(),
          lockMs: options.leaseMs,
          onTrial: (m) => options.onTrial?.(m.jobId, m.trial),
        })
      : undefined;
  const runner = jobRunner(options, queue && { queue, fanout });
  const worker = await new BullWorker({
    ...bull,
    db: options.db,
    runner,
    concurrency: Math.max(1, options.concurrency ?? 1),
    lockMs: options.leaseMs,
    reconcileMs: options.reconcileMs,
  }).start();
  const close = async () => {
    await worker.close();
    await trialWorker?.close();
    await queue?.close();
  };
  return {
    workerId: runner.workerId,
    close,
    async handBack() {
      await runner.handBack();
      await close();
    },
  };
}

/** Where submitted jobs go, plus the workers this process runs (if any); `close` stops both. */
export async function startJobs(options: JobWorkersOptions): Promise<JobQueue> {
  const concurrency = options.concurrency ?? 1;
  if (!options.redisUrl) {
    const runner = jobRunner(options);
    if (concurrency > 0) runner.start();
    return new LocalQueue(runner);
  }
  const queue = new BullQueue({ redisUrl: options.redisUrl, prefix: options.redisPrefix });
  const workers =
    concurrency > 0 ? await startQueueWorkers({ ...options, redisUrl: options.redisUrl }) : undefined;
  return {
    enqueue: (job) => queue.enqueue(job),
    async close() {
      await workers?.close();
      await queue.close();
    },
    async handBack() {
      await workers?.handBack();
      await queue.close();
    },
  };
}
