import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import type { ServerContext } from "../context.js";
import { versionProfile } from "../datasets/profile-store.js";
import type { DatasetProfile } from "../datasets/profile-types.js";
import { deploymentInput, servedModel } from "../deployments/served.js";
import { fieldError, HttpError } from "../http/errors.js";
import { checkSchema } from "../http/schema-check.js";
import { loadEvaluation } from "../models/evaluations.js";
import { getModel, type StoredModel } from "../models/repository.js";
import type { Queryable } from "../store/database.js";
import { esc, figure, num, page } from "./html.js";
import { renderCharts } from "./renderer.js";
import {
  findReport,
  insertReport,
  queryReports,
  type Report,
  removeReport,
  reportKey,
} from "./repository.js";
import {
  draftSections,
  type ReportDecision,
  type ReportSources,
  SECTIONS,
  type SectionName,
} from "./sections.js";

export type { Report };

/** The body of `POST /v1/reports` (the spec's `ReportCreate`): an agentic run's `report_config` plus the model. */
export interface ReportCreateBody {
  model_id?: string;
  deployment_id?: string;
  title?: string;
  description?: string;
  sections?: SectionName[];
  decisions?: ReportDecision[];
  run_id?: string;
}

const notFound = (id: string) => new HttpError(404, "not_found", `No report ${id} in your team.`);

/** The model a report is about: given directly, or the one a deployment serves now. */
async function subject(db: Queryable, teamId: string, body: ReportCreateBody): Promise<StoredModel> {
  if (Boolean(body.model_id) === Boolean(body.deployment_id))
    throw fieldError("body", "send exactly one of model_id or deployment_id");
  if (body.deployment_id) {
    const deployment = await deploymentInput(db, teamId, body.deployment_id, "body.deployment_id");
    return servedModel(db, teamId, deployment);
  }
  const model = await getModel(db, teamId, body.model_id as string);
  if (!model) throw fieldError("body.model_id", `no model ${body.model_id} in your team`);
  return model;
}

/** Everything the sections draw from; what cannot be found is left out and its section says so. */
async function gather(
  ctx: ServerContext,
  teamId: string,
  model: StoredModel,
  decisions?: ReportDecision[],
): Promise<ReportSources> {
  const [job] = model.job_id
    ? await ctx.db.query<{ result: Record<string, unknown> | null }>(
        "SELECT result FROM jobs WHERE id = $1 AND team_id = $2",
        [model.job_id, teamId],
      )
    : [];
  let profile: DatasetProfile | undefined;
  if (model.dataset_id && model.dataset_version_id)
    profile = await versionProfile(ctx, model.dataset_id, model.dataset_version_id).catch(() => undefined);
  return {
    model,
    job: job?.result ?? undefined,
    evaluation: await loadEvaluation(ctx.db, model.id),
    profile,
    decisions,
  };
}

/**
 * Renders a report on a model (or on the model a deployment serves) as one self-contained HTML page, stored as an
 * artifact, and records its metadata with every chart's Vega-Lite spec. Validates `body` against the spec first,
 * so an agentic run can pass a user's `report_config` as it came.
 * @example const report = await createReport(ctx, teamId, { deployment_id, title: "Churn model", decisions });
 */
export async function createReport(
  ctx: ServerContext,
  teamId: string,
  input: ReportCreateBody,
): Promise<Report> {
  const body = checkSchema<ReportCreateBody>("ReportCreate", structuredClone(input));
  const model = await subject(ctx.db, teamId, body);
  const sources = await gather(ctx, teamId, model, body.decisions);
  const drafts = draftSections(body.sections ?? SECTIONS, sources);
  const svgs = await renderCharts(drafts.flatMap((d) => d.charts.map((c) => c.spec)));
  const charts: Report["charts"] = [];
  const sections = [];
  for (const draft of drafts) {
    let html = draft.body;
    for (const chart of draft.charts) {
      html = html.replace(`{{chart:${chart.id}}}`, figure(chart.id, svgs[charts.length], chart.caption));
      charts.push({ id: chart.id, section: draft.section, title: chart.title, vega_lite: chart.spec });
    }
    if (draft.note && draft.available) html = `<p class="warn">${esc(draft.note)}</p>${html}`;
    sections.push({ id: draft.section, title: draft.title, body: html });
  }
  const title = body.title ?? `Model report: ${model.name}`;
  const score = model.scores[model.metric];
  const created = new Date().toISOString();
  const nRows = sources.job?.n_rows;
  const html = page({
    title,
    subtitle: body.description ?? `${model.name} — ${model.task.kind} on "${model.task.label_column}"`,
    facts: [
      { label: "task", value: model.task.kind },
      { label: "label", value: model.task.label_column },
      { label: `CV ${model.metric}`, value: num(score) },
      {
        label: "model",
        value:
          model.kind === "ensemble"
            ? `ensemble of ${model.model_types.join(", ")}`
            : model.model_types.join(", "),
      },
      ...(typeof nRows === "number" ? [{ label: "training rows", value: num(nRows) }] : []),
    ],
    sections,
    footer: `Parzen report ${created} · model ${model.id}${body.run_id ? ` · run ${body.run_id}` : ""}`,
  });
  const id = randomUUID();
  const bytes = Buffer.from(html);
  await ctx.blobs.write(reportKey(id), Readable.from([bytes]));
  return insertReport(ctx.db, {
    id,
    teamId,
    modelId: model.id,
    deploymentId: body.deployment_id ?? null,
    runId: body.run_id ?? null,
    title,
    sizeBytes: bytes.length,
    metadata: {
      description: body.description ?? null,
      sections: drafts.map((d) => ({
        section: d.section,
        title: d.title,
        available: d.available,
        note: d.note,
      })),
      charts,
    },
  });
}

/** A team's report metadata, or a 404. */
export async function getReport(db: Queryable, teamId: string, id: string): Promise<Report> {
  const report = await findReport(db, teamId, id);
  if (!report) throw notFound(id);
  return report;
}

/** A team's report page (HTML), or a 404. */
export async function reportHtml(ctx: ServerContext, teamId: string, id: string): Promise<string> {
  await getReport(ctx.db, teamId, id);
  return readFile(ctx.blobs.path(reportKey(id)), "utf8");
}

/** One page of the team's reports (metadata only). */
export const listReports = queryReports;

/** Deletes a report and its page. */
export async function deleteReport(ctx: ServerContext, teamId: string, id: string): Promise<void> {
  if (!(await removeReport(ctx.db, teamId, id))) throw notFound(id);
  await ctx.blobs.remove(reportKey(id));
}
