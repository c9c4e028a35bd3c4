import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso } from "../store/rows.js";

/** What the API shows of a model besides its ids (computed once, when the model is stored). */
export interface ModelSummary {
  kind: "single" | "ensemble" | "onnx";
  task: { kind: "regression" | "binary" | "multiclass"; label_column: string };
  metric: string;
  scores: Record<string, number>;
  model_types: string[];
  params: Record<string, unknown>;
  feature_names: string[];
  input_columns: string[];
  classes: string[];
  lineage: Record<string, unknown>;
}

function toModel(row: Row) {
  const summary = row.summary as ModelSummary;
  return {
    id: String(row.id),
    job_id: (row.job_id as string | null) ?? null,
    dataset_id: (row.dataset_id as string | null) ?? null,
    dataset_version_id: (row.dataset_version_id as string | null) ?? null,
    name: String(row.name),
    ...summary,
    created_at: iso(row.created_at),
  };
}

export type StoredModel = ReturnType<typeof toModel>;

/** The blob key of a model's file: a Parzen model file, or the bytes of a registered ONNX model. */
export const modelKey = (id: string, kind: ModelSummary["kind"] = "single") =>
  kind === "onnx" ? `models/${id}.onnx` : `models/${id}.json`;

export async function insertModel(
  db: Queryable,
  m: {
    id: string;
    teamId: string;
    jobId: string | null;
    datasetId: string | null;
    datasetVersionId: string | null;
    name: string;
    summary: ModelSummary;
  },
): Promise<StoredModel> {
  const [row] = await db.query(
    `INSERT INTO models (id, team_id, job_id, dataset_id, dataset_version_id, name, summary)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET summary = EXCLUDED.summary RETURNING *`,
    [m.id, m.teamId, m.jobId, m.datasetId, m.datasetVersionId, m.name, JSON.stringify(m.summary)],
  );
  return toModel(row);
}

/** A team's model, or undefined. */
export async function getModel(db: Queryable, teamId: string, id: string): Promise<StoredModel | undefined> {
  const [row] = await db.query("SELECT * FROM models WHERE id = $1 AND team_id = $2", [id, teamId]);
  return row && toModel(row);
}

export function listModels(
  db: Queryable,
  teamId: string,
  q: { jobId?: string; datasetId?: string; page: number; pageSize: number; orderDirection: "asc" | "desc" },
): Promise<PageOf<StoredModel>> {
  const where = ["t.team_id = $1"];
  const params: unknown[] = [teamId];
  if (q.jobId) where.push(`t.job_id = $${params.push(q.jobId)}`);
  if (q.datasetId) where.push(`t.dataset_id = $${params.push(q.datasetId)}`);
  const dir = q.orderDirection === "asc" ? "ASC" : "DESC";
  return pagedQuery(
    db,
    {
      from: `models t WHERE ${where.join(" AND ")}`,
      params,
      order: `t.created_at ${dir}, t.id`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toModel,
  );
}
