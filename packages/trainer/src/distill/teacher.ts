import { cellValue, type Frame } from "../data/frame.js";
import { TrainerInputError } from "../errors.js";
import type { Predictor } from "../model.js";
import type { OnnxModel } from "../onnx/runtime.js";
import type { ResolvedTask } from "../task.js";

/**
 * What a student learns from: raw predictions for any rows, in the student task's layout — values, P(class 1),
 * or row-major probabilities in `task.classes` order.
 */
export interface Teacher {
  readonly description: string;
  predictRaw(frame: Frame, task: ResolvedTask): Promise<Float64Array>;
}

/** Reorders a teacher's class probabilities (`from` classes, row-major) into the student task's classes. */
function reorder(
  raw: ArrayLike<number>,
  n: number,
  from: string[],
  task: ResolvedTask,
  who: string,
): Float64Array {
  const k = task.classes.length;
  const width = raw.length / Math.max(1, n);
  if (task.kind === "binary" && width === 1 && from.length <= 2) {
    // P(from[1]); flip when the teacher's positive class is the student's negative one.
    const flip = from.length === 2 && from[1] === task.classes[0];
    return Float64Array.from({ length: n }, (_, i) => (flip ? 1 - raw[i] : raw[i]));
  }
  const column = task.classes.map((c) => from.indexOf(c));
  const unknown = task.classes.filter((_, i) => column[i] < 0);
  if (unknown.length > 0)
    throw new TrainerInputError(
      `${who} does not predict class(es) ${unknown.join(", ")} (it knows ${from.join(", ")}).`,
    );
  const out = new Float64Array(n * (task.kind === "binary" ? 1 : k));
  for (let i = 0; i < n; i++) {
    if (task.kind === "binary") out[i] = raw[i * width + column[1]];
    else for (let c = 0; c < k; c++) out[i * k + c] = raw[i * width + column[c]];
  }
  return out;
}

function fromTaskOf(
  model: { task: ResolvedTask },
  raw: Float64Array,
  n: number,
  task: ResolvedTask,
  who: string,
) {
  if (task.kind === "regression") return raw;
  const expanded =
    model.task.kind === "binary" && task.kind === "multiclass"
      ? Float64Array.from({ length: n * 2 }, (_, j) => (j % 2 ? raw[j >> 1] : 1 - raw[j >> 1]))
      : raw;
  return reorder(expanded, n, model.task.classes, task, who);
}

/** A trained Parzen model (single or ensemble) as a teacher, called in-process. */
export function predictorTeacher(model: Predictor, description = "the teacher model"): Teacher {
  return {
    description,
    predictRaw: async (frame, task) =>
      fromTaskOf(model, model.predictRaw(frame), frame.nRows, task, description),
  };
}

/** An ONNX model (a Parzen export or a foreign one) as a teacher. */
export function onnxTeacher(model: OnnxModel, description = "the ONNX teacher"): Teacher {
  return {
    description,
    predictRaw: async (frame, task) =>
      fromTaskOf(model, await model.predictRaw(frame), frame.nRows, task, description),
  };
}

export interface HttpTeacherOptions {
  url: string;
  headers?: Record<string, string>;
  /** Rows per request. Default 500. */
  batchSize?: number;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** Attempts after the first for timeouts, connection errors, 429 and 5xx. Default 3. */
  retries?: number;
  /** Which input columns to send (default: every column of the frame). */
  featureNames?: string[];
  fetch?: typeof fetch;
}

interface TeacherAnswer {
  predictions?: unknown[];
  probabilities?: number[][];
  classes?: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A prediction service as a teacher: rows are POSTed in batches as `{"samples": [[...]], "feature_names": [...]}`
 * (Parzen's own `POST /v1/models/{id}/predict` takes exactly this), and the answer's `probabilities` (with
 * `classes` when given) or `predictions` are read back. Timeouts, connection errors, 429 and 5xx are retried with
 * backoff; anything else fails at once, naming the status and content type but never quoting the body.
 */
export function httpTeacher(options: HttpTeacherOptions): Teacher {
  const batchSize = options.batchSize ?? 500;
  const retries = options.retries ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? fetch;
  const who = `the teacher at ${options.url}`;

  async function call(body: string): Promise<TeacherAnswer> {
    let last = "";
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(Math.min(5000, 200 * 2 ** (attempt - 1)));
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json", ...options.headers },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const e = error as Error;
        last =
          e.name === "TimeoutError"
            ? `no answer within ${timeoutMs} ms`
            : `could not be reached (${e.message})`;
        continue;
      }
      // What the remote side said is never quoted: the URL may reach something that should not be read back.
      const type = response.headers.get("content-type") ?? "no content type";
      if (response.ok) {
        const text = await response.text();
        try {
          return JSON.parse(text) as TeacherAnswer;
        } catch {
          throw new TrainerInputError(
            `${who} answered ${response.status} (${type}) with a body that is not JSON.`,
          );
        }
      }
      await response.body?.cancel();
      last = `answered ${response.status} (${type})`;
      if (response.status !== 429 && response.status < 500) break;
    }
    throw new TrainerInputError(
      `${who} failed: ${last}${retries > 0 ? ` (after ${retries + 1} attempts)` : ""}.`,
    );
  }

  return {
    description: who,
    async predictRaw(frame, task) {
      const names = options.featureNames ?? frame.names;
      const columns = names.map((n) => frame.column(n));
      const width = task.kind === "multiclass" ? task.classes.length : 1;
      const out = new Float64Array(frame.nRows * width);
      for (let start = 0; start < frame.nRows; start += batchSize) {
        const end = Math.min(frame.nRows, start + batchSize);
        const samples = [];
        for (let i = start; i < end; i++) samples.push(columns.map((c) => json(cellValue(c, i))));
        const answer = await call(JSON.stringify({ samples, feature_names: names }));
        out.set(readAnswer(answer, end - start, task, who), start * width);
      }
      return out;
    },
  };
}

function json(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

/** An answer's rows in the task's layout; a label without probabilities counts as certain. */
function readAnswer(answer: TeacherAnswer, n: number, task: ResolvedTask, who: string): Float64Array {
  const size = answer.probabilities?.length ?? answer.predictions?.length;
  if (size !== n) throw new TrainerInputError(`${who} answered ${size ?? "no"} predictions for ${n} rows.`);
  if (task.kind === "regression") {
    return Float64Array.from(answer.predictions as unknown[], (v, i) => {
      const x = Number(v);
      if (!Number.isFinite(x))
        throw new TrainerInputError(
          `${who} answered a non-numeric prediction for row ${i}: ${JSON.stringify(v)}.`,
        );
      return x;
    });
  }
  if (answer.probabilities) {
    const classes = answer.classes ?? task.classes;
    return reorder(answer.probabilities.flat(), n, classes.map(String), task, who);
  }
  const k = task.classes.length;
  const hard = new Float64Array(n * k);
  (answer.predictions as unknown[]).forEach((label, i) => {
    const c = task.classes.indexOf(String(label));
    if (c < 0)
      throw new TrainerInputError(
        `${who} predicted class ${JSON.stringify(label)} for row ${i}, not one of ${task.classes.join(", ")}.`,
      );
    hard[i * k + c] = 1;
  });
  return task.kind === "binary" ? Float64Array.from({ length: n }, (_, i) => hard[i * k + 1]) : hard;
}
