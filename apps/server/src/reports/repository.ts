import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso } from "../store/rows.js";
import { Where } from "../store/where.js";
import type { SectionName } from "./sections.js";

/** What a report's row keeps besides its ids: the section list and every chart's Vega-Lite spec. */
export interface ReportMetadata {
  description: string | null;
  sections: { section: SectionName; title: string; available: boolean; note: string | null }[];
  charts: { id: string; section: SectionName; title: string; vega_lite: Record<string, unknown> }[];
}

function toReport(row: Row) {
  const metadata = row.metadata as ReportMetadata;
  return {
    id: String(row.id),
    title: String(row.title),
    model_id: (row.model_id as string | null) ?? null,
    deployment_id: (row.deployment_id as string | null) ?? null,
    run_id: (row.run_id as string | null) ?? null,
    description: metadata.description,
    sections: metadata.sections,
    charts: metadata.charts,
    size_bytes: Number(row.size_bytes),
    created_at: iso(row.created_at),
  };
}

export type Report = ReturnType<typeof toReport>;

/** The blob key of a report's page. */
export const reportKey = (id: string) => `reports/${id}.html`;

export async function insertReport(
  db: Queryable,
  r: {
    id: string;
    teamId: string;
    modelId: string;
    deploymentId: string | null;
    runId: string | null;
    title: string;
    metadata: ReportMetadata;
    sizeBytes: number;
  },
): Promise<Report> {
  const [row] = await db.query(
    `INSERT INTO reports (id, team_id, model_id, deployment_id, run_id, title, metadata, size_bytes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [r.id, r.teamId, r.modelId, r.deploymentId, r.runId, r.title, JSON.stringify(r.metadata), r.sizeBytes],
  );
  return toReport(row);
}

export async function findReport(db: Queryable, teamId: string, id: string): Promise<Report | undefined> {
  const [row] = await db.query("SELECT * FROM reports WHERE id = $1 AND team_id = $2", [id, teamId]);
  return row && toReport(row);
}

export function queryReports(
  db: Queryable,
  teamId: string,
  q: {
    modelId?: string;
    deploymentId?: string;
    page: number;
    pageSize: number;
    orderDirection: "asc" | "desc";
  },
): Promise<PageOf<Report>> {
  const where = new Where().add("t.team_id = ?", teamId);
  if (q.modelId) where.add("t.model_id = ?", q.modelId);
  if (q.deploymentId) where.add("t.deployment_id = ?", q.deploymentId);
  return pagedQuery(
    db,
    {
      from: `reports t WHERE ${where.sql}`,
      params: where.params,
      order: `t.created_at ${q.orderDirection === "asc" ? "ASC" : "DESC"}, t.id`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toReport,
  );
}

export async function removeReport(db: Queryable, teamId: string, id: string): Promise<boolean> {
  const rows = await db.query("DELETE FROM reports WHERE id = $1 AND team_id = $2 RETURNING id", [
    id,
    teamId,
  ]);
  return rows.length > 0;
}
