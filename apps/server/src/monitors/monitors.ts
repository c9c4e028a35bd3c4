import { randomUUID } from "node:crypto";
import { type Frame, frameFromRecords, TrainerInputError } from "@parzen/trainer";
import type { ServerContext } from "../context.js";
import { deploymentInput, getDeployment, servedModel } from "../deployments/served.js";
import { fieldError, HttpError } from "../http/errors.js";
import { checkSchema } from "../http/schema-check.js";
import { checkInputColumns, predictFrame } from "../models/predict.js";
import type { StoredModel } from "../models/repository.js";
import type { Queryable } from "../store/database.js";
import type { PageOf } from "../store/paging.js";
import { performanceRule, scoreBatch } from "./performance.js";
import {
  buildReference,
  DEFAULT_THRESHOLDS,
  type DriftRule,
  featureDrift,
  watchedKind,
} from "./reference.js";
import { REFERENCE_ROWS, trainingSample } from "./reference-data.js";
import {
  type Alert,
  findMonitor,
  insertBatch,
  insertMonitor,
  loadReference,
  type MonitorBatch,
  type MonitorRow,
  queryBatches,
  queryMonitors,
  removeMonitor,
  takeCaptured,
} from "./repository.js";

export type { MonitorBatch };
export type Monitor = MonitorRow & { recent_batches: MonitorBatch[] };

/** The body of `POST /v1/monitors` (the spec's `MonitorCreate`): an agentic run's `monitoring_config` plus the deployment. */
export interface MonitorCreateBody {
  deployment_id: string;
  name?: string;
  features?: string[];
  numeric_statistic?: "psi" | "ks";
  categorical_statistic?: "psi" | "chi_squared";
  thresholds?: Partial<Record<DriftRule["statistic"], number>>;
  bins?: number;
  performance_metric?: string;
  performance_threshold?: number;
  capture_predictions?: boolean;
  capture_batch_size?: number;
}

const notFound = (id: string) => new HttpError(404, "not_found", `No monitor ${id} in your team.`);

/**
 * Creates a monitor on a deployment: the reference distribution of each watched feature comes from a sample of
 * the data the deployment's current model was trained on. Validates `body` against the spec first, so an agentic
 * run can pass a user's `monitoring_config` as it came (400s name `body.<field>`).
 * @example await createMonitor(ctx, teamId, { deployment_id: d.id, numeric_statistic: "ks" });
 */
export async function createMonitor(
  ctx: ServerContext,
  teamId: string,
  input: MonitorCreateBody,
): Promise<Monitor> {
  const body = checkSchema<MonitorCreateBody>("MonitorCreate", structuredClone(input));
  const deployment = await deploymentInput(ctx.db, teamId, body.deployment_id, "body.deployment_id");
  const model = await servedModel(ctx.db, teamId, deployment);
  const columns = body.features ?? model.input_columns.filter((c) => c !== model.task.label_column);
  body.features?.forEach((c, i) => {
    if (!model.input_columns.includes(c))
      throw fieldError(
        `body.features.${i}`,
        `"${c}" is not an input column of model ${model.id} (${model.input_columns.join(", ")})`,
      );
  });
  let rule: ReturnType<typeof performanceRule>;
  try {
    rule = performanceRule(model, body.performance_metric, body.performance_threshold);
  } catch (error) {
    if (error instanceof TrainerInputError) throw fieldError("body.performance_metric", error.message);
    throw error;
  }
  const sample = await trainingSample(ctx, model);
  if (!sample)
    throw fieldError(
      "body.deployment_id",
      `model ${model.id} has no training data to take a reference distribution from`,
    );
  const thresholds = { ...DEFAULT_THRESHOLDS, ...body.thresholds };
  const watched = columns
    .filter((c) => sample.has(c))
    // Dates always move forward: unless named, they are not watched.
    .filter((c) => body.features !== undefined || sample.column(c).kind !== "datetime");
  const features: DriftRule[] = watched.map((column) => {
    const kind = watchedKind(sample.column(column));
    const statistic =
      kind === "numeric" ? (body.numeric_statistic ?? "psi") : (body.categorical_statistic ?? "psi");
    return { column, kind, statistic, threshold: thresholds[statistic] };
  });
  const id = randomUUID();
  await insertMonitor(ctx.db, {
    id,
    teamId,
    deploymentId: deployment.id,
    name: body.name ?? `${deployment.name} monitor`,
    modelId: model.id,
    datasetVersionId: model.dataset_version_id,
    settings: {
      features,
      performance: rule,
      capture_predictions: body.capture_predictions ?? false,
      capture_batch_size: body.capture_batch_size ?? 500,
      reference_rows: Math.min(sample.nRows, REFERENCE_ROWS),
    },
    reference: features.map((f) => buildReference(sample.column(f.column), f.kind, body.bins ?? 10)),
  });
  return getMonitor(ctx.db, teamId, id);
}

/** A team's monitor with its 10 latest batches, or a 404. */
export async function getMonitor(db: Queryable, teamId: string, id: string): Promise<Monitor> {
  const monitor = await findMonitor(db, teamId, id);
  if (!monitor) throw notFound(id);
  const recent = await queryBatches(db, id, { page: 1, pageSize: 10, orderDirection: "desc" });
  return { ...monitor, recent_batches: recent.items };
}

/** One page of the team's monitors (each with its latest batches). */
export async function listMonitors(
  db: Queryable,
  teamId: string,
  q: { deploymentId?: string; page: number; pageSize: number; orderDirection: "asc" | "desc" },
): Promise<PageOf<Monitor>> {
  const page = await queryMonitors(db, teamId, q);
  const items = await Promise.all(
    page.items.map(async (m) => ({
      ...m,
      recent_batches: (await queryBatches(db, m.id, { page: 1, pageSize: 10, orderDirection: "desc" })).items,
    })),
  );
  return { ...page, items };
}

/** One page of a monitor's batches (its history). */
export async function monitorBatches(
  db: Queryable,
  teamId: string,
  id: string,
  q: { page: number; pageSize: number; orderDirection: "asc" | "desc" },
): Promise<PageOf<MonitorBatch>> {
  if (!(await findMonitor(db, teamId, id))) throw notFound(id);
  return queryBatches(db, id, q);
}

export async function deleteMonitor(db: Queryable, teamId: string, id: string): Promise<void> {
  if (!(await removeMonitor(db, teamId, id))) throw notFound(id);
}

/** Rows of a batch as a frame; unreadable records are a 400. */
function batchFrame(records: Record<string, unknown>[]): Frame {
  try {
    return frameFromRecords(records);
  } catch (error) {
    if (error instanceof TrainerInputError) throw fieldError("body.records", error.message);
    throw error;
  }
}

/** Drift of every watched feature, performance when labels came, and the alerts they raise. */
async function evaluate(
  ctx: ServerContext,
  monitor: MonitorRow,
  model: StoredModel,
  frame: Frame,
  source: "request" | "captured",
): Promise<MonitorBatch> {
  const missing = monitor.features.map((f) => f.column).filter((c) => !frame.has(c));
  if (missing.length > 0)
    throw new HttpError(
      400,
      "validation_error",
      `The batch lacks watched column(s): ${missing.join(", ")}.`,
      missing.map((c) => ({ path: "body.records", message: `column "${c}" is missing` })),
    );
  const reference = new Map((await loadReference(ctx.db, monitor.id)).map((r) => [r.column, r]));
  const drift = monitor.features.map((rule) =>
    featureDrift(reference.get(rule.column)!, frame.column(rule.column), rule),
  );
  const alerts: Alert[] = drift
    .filter((d) => d.drifted)
    .map((d) => ({
      kind: "drift",
      column: d.column,
      message:
        d.statistic === "psi"
          ? `${d.column}: PSI ${d.value?.toFixed(3)} above ${d.threshold}`
          : `${d.column}: ${d.statistic} p-value ${d.p_value?.toExponential(2)} below ${d.threshold}`,
    }));
  let performance = null;
  let labeledRows = 0;
  const label = model.task.label_column;
  if (label && frame.has(label)) {
    checkInputColumns(model, frame, "body.records");
    const out = await predictFrame(ctx, model, frame);
    let scored: ReturnType<typeof scoreBatch>;
    try {
      scored = scoreBatch(model, out, frame.column(label), monitor.performance);
    } catch (error) {
      if (error instanceof TrainerInputError) throw fieldError("body.records", error.message);
      throw error;
    }
    if (scored) {
      performance = scored.performance;
      labeledRows = scored.labeledRows;
      if (performance.degraded)
        alerts.push({
          kind: "performance",
          message: `${performance.metric} ${performance.value?.toFixed(4)} is worse than ${performance.threshold?.toFixed(4)}`,
        });
    }
  }
  return insertBatch(ctx.db, {
    id: randomUUID(),
    monitor_id: monitor.id,
    source,
    model_id: model.id,
    row_count: frame.nRows,
    labeled_rows: labeledRows,
    drift,
    performance,
    alerts,
  });
}

/**
 * Evaluates a batch of a monitor: `records` as sent (labels optional), or `captured` — the rows the deployment's
 * predictions fed the monitor (409 when there are none).
 */
export async function submitBatch(
  ctx: ServerContext,
  teamId: string,
  monitorId: string,
  body: { records?: Record<string, unknown>[]; captured?: boolean },
): Promise<MonitorBatch> {
  if (body.records && body.captured) throw fieldError("body", "send either records or captured, not both");
  if (!body.records && !body.captured) throw fieldError("body", "send records, or captured: true");
  const monitor = await findMonitor(ctx.db, teamId, monitorId);
  if (!monitor) throw notFound(monitorId);
  const model = await servedModel(ctx.db, teamId, await getDeployment(ctx.db, teamId, monitor.deployment_id));
  if (body.records) return evaluate(ctx, monitor, model, batchFrame(body.records), "request");
  const rows = await takeCaptured(ctx.db, monitor.id);
  if (rows.length === 0)
    throw new HttpError(409, "conflict", `Monitor ${monitor.id} has no captured rows to evaluate.`);
  return evaluate(ctx, monitor, model, frameFromRecords(rows), "captured");
}

/** Evaluates a monitor's captured rows as one batch (called when enough have arrived). */
export async function evaluateCaptured(ctx: ServerContext, teamId: string, monitorId: string): Promise<void> {
  await submitBatch(ctx, teamId, monitorId, { captured: true }).catch((error: unknown) => {
    // Another request took the rows first: nothing left to do.
    if (!(error instanceof HttpError && error.statusCode === 409)) throw error;
  });
}
