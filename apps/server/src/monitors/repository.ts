import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso, isoOrNull } from "../store/rows.js";
import type { BatchPerformance, PerformanceRule } from "./performance.js";
import type { DriftRule, FeatureDrift, FeatureReference } from "./reference.js";

/** A monitor's resolved settings (what `createMonitor` decided from the request and the model). */
export interface MonitorSettings {
  features: DriftRule[];
  performance: PerformanceRule;
  capture_predictions: boolean;
  capture_batch_size: number;
  reference_rows: number;
}

export interface Alert {
  kind: "drift" | "performance";
  column?: string;
  message: string;
}

// Batch counts, alert counts and pending captured rows ride along with the monitor row.
const COLUMNS = `t.id, t.name, t.deployment_id, t.model_id, t.dataset_version_id, t.settings, t.created_at,
  (SELECT count(*) FROM monitor_batches b WHERE b.monitor_id = t.id) AS batch_count,
  (SELECT count(*) FROM monitor_batches b WHERE b.monitor_id = t.id AND jsonb_array_length(b.alerts) > 0) AS alert_count,
  (SELECT max(b.created_at) FROM monitor_batches b WHERE b.monitor_id = t.id) AS last_batch_at,
  (SELECT coalesce(sum(c.row_count), 0) FROM monitor_captures c WHERE c.monitor_id = t.id) AS captured_rows`;

function toMonitor(row: Row) {
  const settings = row.settings as MonitorSettings;
  return {
    id: String(row.id),
    name: String(row.name),
    deployment_id: String(row.deployment_id),
    model_id: String(row.model_id),
    dataset_version_id: (row.dataset_version_id as string | null) ?? null,
    reference_rows: settings.reference_rows,
    features: settings.features,
    performance: settings.performance,
    capture_predictions: settings.capture_predictions,
    capture_batch_size: settings.capture_batch_size,
    captured_rows: Number(row.captured_rows ?? 0),
    batch_count: Number(row.batch_count ?? 0),
    alert_count: Number(row.alert_count ?? 0),
    last_batch_at: isoOrNull(row.last_batch_at),
    created_at: iso(row.created_at),
  };
}

function toBatch(row: Row) {
  return {
    id: String(row.id),
    monitor_id: String(row.monitor_id),
    source: row.source as "request" | "captured",
    model_id: String(row.model_id),
    row_count: Number(row.row_count),
    labeled_rows: Number(row.labeled_rows),
    drift: row.drift as FeatureDrift[],
    performance: (row.performance as BatchPerformance | null) ?? null,
    alerts: row.alerts as Alert[],
    created_at: iso(row.created_at),
  };
}

export type MonitorRow = ReturnType<typeof toMonitor>;
export type MonitorBatch = ReturnType<typeof toBatch>;

export async function insertMonitor(
  db: Queryable,
  m: {
    id: string;
    teamId: string;
    deploymentId: string;
    name: string;
    modelId: string;
    datasetVersionId: string | null;
    settings: MonitorSettings;
    reference: FeatureReference[];
  },
): Promise<void> {
  await db.query(
    `INSERT INTO monitors (id, team_id, deployment_id, name, model_id, dataset_version_id, settings, reference)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      m.id,
      m.teamId,
      m.deploymentId,
      m.name,
      m.modelId,
      m.datasetVersionId,
      JSON.stringify(m.settings),
      JSON.stringify(m.reference),
    ],
  );
}

/** A team's monitor, or undefined. */
export async function findMonitor(
  db: Queryable,
  teamId: string,
  id: string,
): Promise<MonitorRow | undefined> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM monitors t WHERE t.id = $1 AND t.team_id = $2`, [
    id,
    teamId,
  ]);
  return row && toMonitor(row);
}

/** A monitor's reference distributions. */
export async function loadReference(db: Queryable, id: string): Promise<FeatureReference[]> {
  const [row] = await db.query<{ reference: FeatureReference[] }>(
    "SELECT reference FROM monitors WHERE id = $1",
    [id],
  );
  return row?.reference ?? [];
}

export function queryMonitors(
  db: Queryable,
  teamId: string,
  q: { deploymentId?: string; page: number; pageSize: number; orderDirection: "asc" | "desc" },
): Promise<PageOf<MonitorRow>> {
  const params: unknown[] = [teamId];
  const where = ["t.team_id = $1"];
  if (q.deploymentId) where.push(`t.deployment_id = $${params.push(q.deploymentId)}`);
  return pagedQuery(
    db,
    {
      select: COLUMNS,
      from: `monitors t WHERE ${where.join(" AND ")}`,
      params,
      order: `t.created_at ${q.orderDirection === "asc" ? "ASC" : "DESC"}, t.id`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toMonitor,
  );
}

/** The monitors of a deployment that capture its predictions, with their batch sizes. */
export async function capturingMonitors(
  db: Queryable,
  deploymentId: string,
): Promise<{ id: string; batchSize: number; columns: string[] }[]> {
  const rows = await db.query<{ id: string; settings: MonitorSettings }>(
    "SELECT id, settings FROM monitors WHERE deployment_id = $1 AND (settings->>'capture_predictions')::boolean",
    [deploymentId],
  );
  return rows.map((r) => ({
    id: r.id,
    batchSize: r.settings.capture_batch_size,
    columns: r.settings.features.map((f) => f.column),
  }));
}

export async function removeMonitor(db: Queryable, teamId: string, id: string): Promise<boolean> {
  const rows = await db.query("DELETE FROM monitors WHERE id = $1 AND team_id = $2 RETURNING id", [
    id,
    teamId,
  ]);
  return rows.length > 0;
}

export async function insertBatch(db: Queryable, b: Omit<MonitorBatch, "created_at">): Promise<MonitorBatch> {
  const [row] = await db.query(
    `INSERT INTO monitor_batches (id, monitor_id, source, model_id, row_count, labeled_rows, drift, performance, alerts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      b.id,
      b.monitor_id,
      b.source,
      b.model_id,
      b.row_count,
      b.labeled_rows,
      JSON.stringify(b.drift),
      b.performance && JSON.stringify(b.performance),
      JSON.stringify(b.alerts),
    ],
  );
  return toBatch(row);
}

export function queryBatches(
  db: Queryable,
  monitorId: string,
  q: { page: number; pageSize: number; orderDirection: "asc" | "desc" },
): Promise<PageOf<MonitorBatch>> {
  return pagedQuery(
    db,
    {
      from: "monitor_batches t WHERE t.monitor_id = $1",
      params: [monitorId],
      order: `t.seq ${q.orderDirection === "asc" ? "ASC" : "DESC"}`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toBatch,
  );
}

/** Stores rows captured from a deployment's predictions; returns how many are now waiting. */
export async function addCapture(
  db: Queryable,
  monitorId: string,
  rows: Record<string, unknown>[],
): Promise<number> {
  await db.query("INSERT INTO monitor_captures (monitor_id, rows, row_count) VALUES ($1, $2, $3)", [
    monitorId,
    JSON.stringify(rows),
    rows.length,
  ]);
  const [{ n }] = await db.query<{ n: string | number }>(
    "SELECT coalesce(sum(row_count), 0) AS n FROM monitor_captures WHERE monitor_id = $1",
    [monitorId],
  );
  return Number(n);
}

/** Takes every captured row of a monitor (they are deleted in the same statement, so no row is taken twice). */
export async function takeCaptured(db: Queryable, monitorId: string): Promise<Record<string, unknown>[]> {
  const rows = await db.query<{ seq: string | number; rows: Record<string, unknown>[] }>(
    "DELETE FROM monitor_captures WHERE monitor_id = $1 RETURNING seq, rows",
    [monitorId],
  );
  return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).flatMap((r) => r.rows);
}
