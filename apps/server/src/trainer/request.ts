import {
  checkFilterDepth,
  checkGridSize,
  type FeatureStep,
  type Filter,
  getFamily,
  getMetric,
  METRICS,
  TrainerInputError,
} from "@parzen/trainer";
import type { ServerContext } from "../context.js";
import type { ColumnSpec } from "../datasets/columns.js";
import { getDataset, getVersion } from "../datasets/repository.js";
import { fieldError, HttpError } from "../http/errors.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { getModel } from "../models/repository.js";
import { resolveTarget, UnsafeUrlError } from "../outbound/safe-fetch.js";
import { sealHeaders } from "../outbound/sealed-headers.js";

/** The body of `POST /v1/trainer/run` after spec validation (defaults applied). */
export interface TrainerRunRequest {
  dataset_id: string;
  dataset_version_id?: string | null;
  filter?: Filter | null;
  task: { label_column: string; task_kind?: "regression" | "binary" | "multiclass" };
  model_types?: string[] | null;
  metrics?: string[] | null;
  strategy: "optuna" | "tpe" | "random";
  n_trials: number;
  n_splits?: number | null;
  ensemble: boolean;
  grid_size?: number | null;
  teacher_model_id?: string | null;
  teacher_predict_url?: string | null;
  teacher_predict_headers?: Record<string, string> | null;
  random_state: number;
}

/**
 * What a `trainer.run` job stores: the request with the dataset version it was resolved to, and the teacher's
 * headers sealed (`outbound/sealed-headers.ts`) instead of in plain text.
 */
export interface TrainerJobRequest extends TrainerRunRequest {
  dataset_version_id: string;
  teacher_predict_headers_sealed?: string;
  /** Feature-engineering steps an agentic run accepted (not part of the public trainer request). */
  feature_steps?: FeatureStep[] | null;
}

function filterColumns(filter: Filter, path: string, out: [string, string][] = []): [string, string][] {
  if (filter.kind === "cmp") out.push([filter.col, `${path}.col`]);
  else if (filter.kind === "not") filterColumns(filter.filter, `${path}.filter`, out);
  else for (const [i, f] of filter.filters.entries()) filterColumns(f, `${path}.filters.${i}`, out);
  return out;
}

/** A comparison sent without `op` means equality (the seed example sends only `col`, `kind` and `value`). */
function defaultOps(filter: Filter): void {
  if (filter.kind === "cmp") filter.op ??= "==";
  else if (filter.kind === "not") defaultOps(filter.filter);
  else for (const f of filter.filters) defaultOps(f);
}

/**
 * Checks everything about a run request that the spec's schema cannot: the dataset and its version exist and
 * have the named columns, model families and metrics are known, teacher fields are exclusive and safe.
 * Fails fast with 400/404 naming the field, so a job is only stored when it can start.
 */
export async function checkRunRequest(
  ctx: ServerContext,
  teamId: string,
  body: TrainerRunRequest,
): Promise<TrainerJobRequest> {
  const dataset = await getDataset(ctx.db, teamId, body.dataset_id);
  if (!dataset) {
    throw new HttpError(404, "not_found", `No dataset ${body.dataset_id} in your team.`, [
      { path: "body.dataset_id", message: "not found" },
    ]);
  }
  const versionId = body.dataset_version_id ?? dataset.current_version_id;
  if (!versionId) throw fieldError("body.dataset_id", "the dataset has no data yet; upload a version first");
  const version = await getVersion(ctx.db, dataset.id, versionId);
  if (!version)
    throw new HttpError(404, "not_found", `Dataset ${dataset.id} has no version ${versionId}.`, [
      { path: "body.dataset_version_id", message: "not found" },
    ]);
  const columns = (version.columns as ColumnSpec[]).map((c) => c.name);
  const known = (name: string, path: string) => {
    if (!columns.includes(name))
      throw fieldError(path, `column "${name}" is not in the dataset (columns: ${columns.join(", ")})`);
  };
  known(body.task.label_column, "body.task.label_column");
  checkBounds(ctx, body);
  if (body.filter) defaultOps(body.filter);
  if (body.filter) for (const [col, path] of filterColumns(body.filter, "body.filter")) known(col, path);
  body.model_types?.forEach((name, i) => {
    try {
      getFamily(name);
    } catch (error) {
      throw fieldError(`body.model_types.${i}`, (error as Error).message);
    }
  });
  body.metrics?.forEach((name, i) => {
    const kind = body.task.task_kind;
    try {
      if (kind) getMetric(name, kind);
      else if (!Object.hasOwn(METRICS, name))
        throw new Error(`Unknown metric "${name}". Metrics: ${Object.keys(METRICS).join(", ")}.`);
    } catch (error) {
      throw fieldError(`body.metrics.${i}`, (error as Error).message);
    }
  });
  if (body.grid_size != null && (body.metrics?.length ?? 0) < 2)
    throw fieldError("body.grid_size", "needs two or more metrics");
  await checkTeacher(ctx, teamId, body);
  const { teacher_predict_headers: headers, ...rest } = body;
  const sealed =
    headers && Object.keys(headers).length > 0
      ? { teacher_predict_headers_sealed: await sealHeaders(ctx.db, headers) }
      : {};
  return { ...rest, ...sealed, dataset_version_id: version.id };
}

/** Families trained when `model_types` is omitted: the trainer picks at most this many. */
const DEFAULT_FAMILY_COUNT = 3;

/** The request's work against the server's bounds: filter depth, Pareto grid points, trials per job. */
function checkBounds(ctx: ServerContext, body: TrainerRunRequest): void {
  // Domain callers may hand a partial context (an agentic phase); they get the default bounds.
  const limits = ctx.limits ?? DEFAULT_LIMITS;
  const asField = (path: string, check: () => void) => {
    try {
      check();
    } catch (error) {
      if (error instanceof TrainerInputError) throw fieldError(path, error.message);
      throw error;
    }
  };
  if (body.filter)
    asField("body.filter", () => checkFilterDepth(body.filter, limits.maxFilterDepth, "filter"));
  if (body.grid_size != null && (body.metrics?.length ?? 0) >= 2)
    asField("body.grid_size", () =>
      checkGridSize(body.metrics?.length ?? 0, body.grid_size as number, limits.maxGridPoints),
    );
  const teacher = Boolean(body.teacher_model_id || body.teacher_predict_url);
  const families = teacher ? 1 : body.model_types?.length || DEFAULT_FAMILY_COUNT;
  if (body.n_trials * families > limits.maxTrialsPerJob)
    throw fieldError(
      "body.n_trials",
      `${body.n_trials} trials × ${families} model families is ${body.n_trials * families} trials, more than the ${limits.maxTrialsPerJob} a job may run (max_trials_per_job)`,
    );
}

async function checkTeacher(ctx: ServerContext, teamId: string, body: TrainerRunRequest): Promise<void> {
  if (body.teacher_model_id && body.teacher_predict_url) {
    throw fieldError(
      "body.teacher_predict_url",
      "teacher_model_id and teacher_predict_url are mutually exclusive; give one teacher",
    );
  }
  if ((body.teacher_model_id || body.teacher_predict_url) && (body.model_types?.length ?? 0) > 1) {
    throw fieldError(
      "body.model_types",
      "with a teacher, give at most one model type: the student's family (default gbdt)",
    );
  }
  if (Object.keys(body.teacher_predict_headers ?? {}).length > 0 && !body.teacher_predict_url) {
    throw fieldError("body.teacher_predict_headers", "only applies with teacher_predict_url");
  }
  if (body.teacher_model_id && !(await getModel(ctx.db, teamId, body.teacher_model_id))) {
    throw new HttpError(404, "not_found", `No model ${body.teacher_model_id} in your team.`, [
      { path: "body.teacher_model_id", message: "not found" },
    ]);
  }
  if (body.teacher_predict_url) {
    const policy = {
      allowPrivate: ctx.allowPrivateTeacherUrls,
      allowedOrigins: ctx.allowedPrivateOrigins ?? [],
    };
    await resolveTarget(body.teacher_predict_url, policy).catch((error: unknown) => {
      if (error instanceof UnsafeUrlError)
        throw fieldError("body.teacher_predict_url", error.message, "unsafe_url");
      throw error;
    });
  }
}
