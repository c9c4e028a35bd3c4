import { parentPort, workerData } from "node:worker_threads";
import {
  distill,
  explainTraining,
  httpTeacher,
  loadModel,
  OnnxModel,
  type OnnxModelOptions,
  onnxTeacher,
  predictorTeacher,
  readFrame,
  serializeModel,
  TrainerInputError,
  TrainingCancelledError,
  type TrainOptions,
  type TrainResult,
  type TrialExecutor,
  type TrialJob,
  type TrialOutcome,
  type TrialRecord,
  train,
} from "@parzen/trainer";
import { runInBackground } from "../jobs/thread-priority.js";
import type { ModelEvaluation } from "../models/evaluations.js";
import type { OutboundPolicy } from "../outbound/address-policy.js";
import { safeFetch } from "../outbound/safe-fetch.js";
import { describeModel, snakeKeys } from "./describe.js";
import { trainOptions } from "./options.js";
import type { TrainerJobRequest } from "./request.js";
import { decodeOutcome, type EncodedOutcome } from "./trial-codec.js";

/** What the job handler sends the training thread. */
export interface TrainingInput {
  request: TrainerJobRequest;
  /** The dataset version's Parquet file. */
  dataPath: string;
  /** Trials finished by earlier attempts of this job: they are not run again. */
  trials: TrialRecord[];
  /** Threads for trials. */
  workers: number;
  /** Fan trials out through the coordinator (BullMQ), this many at once, instead of local threads. */
  remoteTrials?: number;
  /** Who the teacher URL may reach: every call goes through the SSRF-safe fetch. */
  outbound: OutboundPolicy;
  /** The teacher model's file (and, for a registered ONNX model, how to read it), with `teacher_model_id`. */
  teacherModel?: { path: string; onnx?: OnnxModelOptions };
}

/** What the training thread reports back. */
export type TrainingMessage =
  | { type: "progress"; event: import("@parzen/trainer").ProgressEvent }
  | { type: "trial"; record: TrialRecord }
  | {
      type: "done";
      result: Record<string, unknown>;
      model: unknown;
      summary: ReturnType<typeof describeModel>;
      /** Figures for reports (fold scores, out-of-fold sample, importance), when they could be computed. */
      evaluation?: ModelEvaluation;
    }
  | { type: "trial-run"; id: number; job: TrialJob }
  | { type: "failed"; code: string; message: string };

// Training, and the trial threads it starts (they inherit this), yields the CPU to the event loop's thread.
runInBackground();
const input = workerData as TrainingInput;
const post = (message: TrainingMessage) => parentPort?.postMessage(message);

/** A run with a teacher: distil it into one student (the first model type, default gbdt). */
async function runDistillation(): Promise<void> {
  const { request } = input;
  const description = `model ${request.teacher_model_id}`;
  const source = input.teacherModel;
  const teacher = !source
    ? httpTeacher({
        url: request.teacher_predict_url as string,
        headers: request.teacher_predict_headers ?? {},
        fetch: safeFetch(input.outbound),
      })
    : source.onnx
      ? onnxTeacher(await OnnxModel.load(source.path, source.onnx), description)
      : predictorTeacher(await loadModel(source.path), description);
  const result = await distill({
    data: await readFrame(input.dataPath),
    task: { labelColumn: request.task.label_column, taskKind: request.task.task_kind },
    filter: request.filter ?? null,
    teacher,
    student: request.model_types?.[0],
    nSplits: request.n_splits ?? null,
    randomState: request.random_state,
    onProgress: (message) =>
      post({ type: "progress", event: { phase: "cv", step: 0, totalSteps: 0, elapsedMs: 0, message } }),
  });
  const { model, task, foldScores, ...rest } = result;
  const trialId = `${result.student}#distilled`;
  const scores = { [result.metric]: result.cvScore };
  const leaderboard = [{ modelType: result.student, trialId, cvScore: result.cvScore, foldScores, scores }];
  const trial = {
    id: trialId,
    modelType: result.student,
    number: 0,
    params: model.model.params,
    state: "complete" as const,
    scores,
    seconds: result.seconds,
  };
  post({
    type: "done",
    result: snakeKeys({
      task,
      metric: result.metric,
      leaderboard,
      distillation: { ...rest, teacher: teacher.description },
    }) as Record<string, unknown>,
    model: serializeModel(model),
    summary: describeModel({ model, task, metric: result.metric, bestTrial: trialId, trials: [trial] }),
  });
}

/** Trials sent to the coordinating thread, which queues them for any worker process (BullMQ mode). */
function remoteExecutor(concurrency: number): TrialExecutor {
  const waiting = new Map<number, { resolve: (o: TrialOutcome) => void; reject: (e: Error) => void }>();
  let next = 0;
  parentPort?.on("message", (m: { type: string; id: number; outcome?: EncodedOutcome; error?: string }) => {
    if (m.type !== "trial-result") return;
    const pending = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.outcome) pending?.resolve(decodeOutcome(m.outcome));
    else pending?.reject(new Error(m.error ?? "The trial failed."));
  });
  return {
    concurrency,
    run: (job) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        post({ type: "trial-run", id, job });
      }),
  };
}

async function main(): Promise<void> {
  const { request } = input;
  if (request.teacher_model_id || request.teacher_predict_url) return runDistillation();
  const data = await readFrame(input.dataPath);
  const options = trainOptions(request, data);
  const result = await train({
    ...options,
    workers: input.workers,
    executor: input.remoteTrials ? remoteExecutor(input.remoteTrials) : undefined,
    journal: { load: () => input.trials, append: (record) => post({ type: "trial", record }) },
    onProgress: (event) => post({ type: "progress", event }),
  });
  const { model, oof: _oof, ...rest } = result;
  post({
    type: "done",
    result: snakeKeys({ ...rest, resumedTrials: input.trials.length }) as Record<string, unknown>,
    model: serializeModel(model),
    summary: describeModel(result),
    evaluation: explain(options, result),
  });
}

/** The figures reports need; a model is worth storing even when they cannot be computed. */
function explain(options: TrainOptions, result: TrainResult): ModelEvaluation | undefined {
  try {
    return snakeKeys(explainTraining(options, result)) as ModelEvaluation;
  } catch {
    return undefined;
  }
}

main().catch((error: unknown) => {
  if (error instanceof TrainerInputError)
    post({ type: "failed", code: "invalid_input", message: error.message });
  else if (error instanceof TrainingCancelledError)
    post({ type: "failed", code: "cancelled", message: error.message });
  else
    post({
      type: "failed",
      code: "training_failed",
      message: error instanceof Error ? error.message : String(error),
    });
});
