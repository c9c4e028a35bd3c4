import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import { type ProgressEvent, workerScript } from "@parzen/trainer";
import type { BlobStore } from "../blobs/blob-store.js";
import { getVersion, versionKey } from "../datasets/repository.js";
import { type JobContext, JobError, type JobHandler } from "../jobs/runner.js";
import type { TrialQueue } from "../jobs/trial-queue.js";
import { saveEvaluation } from "../models/evaluations.js";
import { onnxOptions } from "../models/predictor-cache.js";
import { getModel, insertModel, modelKey } from "../models/repository.js";
import type { OutboundPolicy } from "../outbound/address-policy.js";
import { resolveTarget, UnsafeUrlError } from "../outbound/safe-fetch.js";
import { openHeaders } from "../outbound/sealed-headers.js";
import type { Database } from "../store/database.js";
import type { TrainerJobRequest } from "./request.js";
import { appendTrial, loadTrials } from "./trials.js";
import type { TrainingInput, TrainingMessage } from "./worker.js";

export interface TrainerHandlerOptions {
  db: Database;
  blobs: BlobStore;
  /** Threads for the trials of one job. Default: one per core. */
  trialWorkers?: number;
  /** Who `teacher_predict_url` may point at (the SSRF guard's allow list). */
  outbound?: OutboundPolicy;
  /** With BullMQ: fan trials out to every worker process, up to `fanout` at once. */
  trials?: { queue: TrialQueue; fanout: number };
}

/** A model id derived from the job, so a retried job that already stored its model overwrites it, never duplicates. */
function modelIdFor(jobId: string): string {
  const h = createHash("sha256").update(`model:${jobId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The job's progress fields from a training event. */
function jobProgress(event: ProgressEvent, resumed: number): Record<string, unknown> {
  const total = Math.max(0, event.totalSteps - 1);
  return {
    phase: event.phase,
    fraction:
      event.phase === "done" ? 1 : event.totalSteps > 0 ? Math.min(1, event.step / event.totalSteps) : 0,
    trials_done: event.phase === "prepare" ? 0 : Math.min(event.step, total),
    trials_total: total,
    current_model: event.model ?? null,
    best_score: event.bestScore ?? null,
    resumed_trials: resumed,
    message: event.message,
  };
}

/** Sends only the latest progress while a write is in flight, so a burst of events is one database round trip. */
function progressWriter(ctx: JobContext) {
  let pending: Record<string, unknown> | undefined;
  let busy = false;
  const flush = async () => {
    while (pending) {
      const next = pending;
      pending = undefined;
      await ctx.progress(next).catch(() => undefined);
    }
    busy = false;
  };
  return (progress: Record<string, unknown>) => {
    pending = progress;
    if (!busy) {
      busy = true;
      void flush();
    }
  };
}

/**
 * Runs a `trainer.run` job: the whole training (reading the Parquet version, the model matrix, selection) on a
 * worker thread so the event loop stays free; finished trials are journaled in the store, so a job picked up
 * again after a crash resumes from them; the final model is stored as a file plus a `models` row.
 */
export function trainerHandler(options: TrainerHandlerOptions): JobHandler {
  const { db, blobs } = options;
  return async (job, ctx) => {
    const request = job.request as unknown as TrainerJobRequest;
    const version = await getVersion(db, request.dataset_id, request.dataset_version_id);
    if (!version)
      throw new JobError(
        "dataset_missing",
        `Dataset version ${request.dataset_version_id} no longer exists.`,
      );
    const trials = await loadTrials(db, job.id);
    let teacherModel: TrainingInput["teacherModel"];
    if (request.teacher_model_id) {
      const teacher = await getModel(db, job.teamId, request.teacher_model_id);
      if (!teacher) {
        throw new JobError(
          "teacher_missing",
          `The teacher model ${request.teacher_model_id} no longer exists.`,
        );
      }
      teacherModel = {
        path: blobs.path(modelKey(teacher.id, teacher.kind)),
        onnx: teacher.kind === "onnx" ? onnxOptions(teacher) : undefined,
      };
    }
    if (request.teacher_predict_url) {
      // Checked again here (the name may resolve elsewhere now), and on every call the training thread makes.
      await resolveTarget(request.teacher_predict_url, options.outbound ?? {}).catch((error: unknown) => {
        if (error instanceof UnsafeUrlError)
          throw new JobError("unsafe_url", `teacher_predict_url ${error.message}.`);
        throw error;
      });
    }
    // The teacher's headers travel to the training thread in memory only; the job row keeps them sealed.
    const headers = request.teacher_predict_headers_sealed
      ? await openHeaders(db, request.teacher_predict_headers_sealed)
      : request.teacher_predict_headers;
    const input: TrainingInput = {
      request: { ...request, teacher_predict_headers: headers ?? null },
      dataPath: blobs.path(versionKey(request.dataset_id, version.id)),
      trials,
      workers: options.trialWorkers ?? availableParallelism(),
      teacherModel,
      outbound: options.outbound ?? {},
      remoteTrials: options.trials?.fanout,
    };
    const worker = new Worker(workerScript(import.meta.url, "worker.js"), { workerData: input });
    const progress = progressWriter(ctx);
    let journal = Promise.resolve();
    try {
      const done = await new Promise<Extract<TrainingMessage, { type: "done" }>>((resolve, reject) => {
        worker.on("message", (message: TrainingMessage) => {
          if (message.type === "progress") progress(jobProgress(message.event, trials.length));
          else if (message.type === "trial")
            journal = journal.then(() => appendTrial(db, job.id, message.record));
          else if (message.type === "trial-run") {
            const reply = (answer: object) =>
              worker.postMessage({ type: "trial-result", id: message.id, ...answer });
            options.trials!.queue.run(job.id, message.job).then(
              (outcome) => reply({ outcome }),
              (error: Error) => reply({ error: error.message }),
            );
          } else if (message.type === "done") resolve(message);
          else reject(new JobError(message.code, message.message));
        });
        worker.on("error", (error) => reject(new JobError("training_failed", error.message)));
        worker.on("exit", (code) =>
          reject(new JobError("training_failed", `The training thread exited (${code}).`)),
        );
        ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true });
      });
      await journal;
      const modelId = modelIdFor(job.id);
      await blobs.write(modelKey(modelId), Readable.from([Buffer.from(JSON.stringify(done.model))]));
      await insertModel(db, {
        id: modelId,
        teamId: job.teamId,
        jobId: job.id,
        datasetId: request.dataset_id,
        datasetVersionId: version.id,
        name: `${done.summary.model_types.join("+")} on ${request.task.label_column}`,
        summary: done.summary,
      });
      if (done.evaluation) await saveEvaluation(db, modelId, done.evaluation);
      return {
        ...done.result,
        model_id: modelId,
        selected_model_ids: [modelId],
        dataset_id: request.dataset_id,
        dataset_version_id: version.id,
      };
    } finally {
      await worker.terminate();
      await journal.catch(() => undefined);
    }
  };
}
