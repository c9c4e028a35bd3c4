import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso } from "../store/rows.js";
import { Where } from "../store/where.js";

// The deployment row joined with the served model's task, so a deployment reads in one query.
const FROM = "deployments t JOIN models m ON m.id = t.model_id";
const COLUMNS = "t.*, m.summary->'task' AS task";

function toDeployment(row: Row) {
  const task = row.task as { kind: "regression" | "binary" | "multiclass"; label_column: string };
  return {
    id: String(row.id),
    name: String(row.name),
    description: (row.description as string | null) ?? null,
    model_id: String(row.model_id),
    previous_model_id: (row.previous_model_id as string | null) ?? null,
    task: { kind: task.kind, label_column: task.label_column },
    version: Number(row.version),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

function toHistory(row: Row) {
  return {
    version: Number(row.version),
    model_id: String(row.model_id),
    previous_model_id: (row.previous_model_id as string | null) ?? null,
    action: row.action as HistoryAction,
    reason: (row.reason as string | null) ?? null,
    created_at: iso(row.created_at),
  };
}

export type Deployment = ReturnType<typeof toDeployment>;
export type DeploymentHistoryEntry = ReturnType<typeof toHistory>;
export type HistoryAction = "create" | "switch" | "rollback";

/** Inserts a deployment and its first history entry; undefined when the team already has one by that name. */
export async function insertDeployment(
  tx: Queryable,
  d: { id: string; teamId: string; name: string; description: string | null; modelId: string },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO deployments (id, team_id, name, description, model_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (team_id, name) DO NOTHING RETURNING id`,
    [d.id, d.teamId, d.name, d.description, d.modelId],
  );
  if (rows.length === 0) return false;
  await tx.query(
    "INSERT INTO deployment_history (deployment_id, version, model_id, action) VALUES ($1, 1, $2, 'create')",
    [d.id, d.modelId],
  );
  return true;
}

/** A team's deployment, or undefined; `lock` holds its row until the transaction ends. */
export async function findDeployment(
  db: Queryable,
  teamId: string,
  id: string,
  lock = false,
): Promise<Deployment | undefined> {
  const [row] = await db.query(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $1 AND t.team_id = $2${lock ? " FOR UPDATE OF t" : ""}`,
    [id, teamId],
  );
  return row && toDeployment(row);
}

/** Points the deployment at another model and records why; returns the new version. */
export async function setServedModel(
  tx: Queryable,
  deployment: Deployment,
  change: { modelId: string; action: HistoryAction; reason: string | null },
): Promise<void> {
  const version = deployment.version + 1;
  await tx.query(
    `UPDATE deployments SET model_id = $2, previous_model_id = $3, version = $4, updated_at = now() WHERE id = $1`,
    [deployment.id, change.modelId, deployment.model_id, version],
  );
  await tx.query(
    `INSERT INTO deployment_history (deployment_id, version, model_id, previous_model_id, action, reason)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [deployment.id, version, change.modelId, deployment.model_id, change.action, change.reason],
  );
}

/** Whether the model was ever served by the deployment. */
export async function servedBefore(db: Queryable, deploymentId: string, modelId: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM deployment_history WHERE deployment_id = $1 AND model_id = $2", [
    deploymentId,
    modelId,
  ]);
  return rows.length > 0;
}

export interface DeploymentListQuery {
  modelId?: string;
  name?: string;
  page: number;
  pageSize: number;
  orderBy: "created_at" | "updated_at" | "name";
  orderDirection: "asc" | "desc";
}

export function queryDeployments(
  db: Queryable,
  teamId: string,
  q: DeploymentListQuery,
): Promise<PageOf<Deployment>> {
  const where = new Where().add("t.team_id = ?", teamId);
  if (q.modelId) where.add("t.model_id = ?", q.modelId);
  if (q.name) where.add("t.name = ?", q.name);
  const dir = q.orderDirection === "asc" ? "ASC" : "DESC";
  return pagedQuery(
    db,
    {
      select: COLUMNS,
      from: `${FROM} WHERE ${where.sql}`,
      params: where.params,
      order: `t.${q.orderBy} ${dir}, t.id`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toDeployment,
  );
}

export function queryHistory(
  db: Queryable,
  deploymentId: string,
  q: { page: number; pageSize: number; orderDirection: "asc" | "desc" },
): Promise<PageOf<DeploymentHistoryEntry>> {
  return pagedQuery(
    db,
    {
      from: "deployment_history t WHERE t.deployment_id = $1",
      params: [deploymentId],
      order: `t.version ${q.orderDirection === "asc" ? "ASC" : "DESC"}`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toHistory,
  );
}

/** Deletes a team's deployment (history and monitors go with it); false when there was none. */
export async function removeDeployment(db: Queryable, teamId: string, id: string): Promise<boolean> {
  const rows = await db.query("DELETE FROM deployments WHERE id = $1 AND team_id = $2 RETURNING id", [
    id,
    teamId,
  ]);
  return rows.length > 0;
}
