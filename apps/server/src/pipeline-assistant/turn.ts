import { applyFilter, readFrame } from "@parzen/trainer";
import type { ServerContext } from "../context.js";
import type { ColumnSpec } from "../datasets/columns.js";
import { getVersion, versionKey } from "../datasets/repository.js";
import { registerDataset, transformFrame } from "../pipelines/tables.js";
import { validateConfiguration } from "../pipelines/validate.js";
import { allOf, buildConfiguration, trainingFilters } from "./build.js";
import { proposeChanges } from "./llm.js";
import { applyChange, type Change, type Plan } from "./plan.js";
import type { Session } from "./sessions.js";
import { type KnownDataset, understand } from "./understand.js";

/** The team's datasets with the columns of their current versions (what messages may name). */
async function knownDatasets(ctx: ServerContext, teamId: string): Promise<KnownDataset[]> {
  const rows = await ctx.db.query<{ id: string; name: string; columns: ColumnSpec[] | null }>(
    `SELECT d.id, d.name, v.columns FROM datasets d JOIN dataset_versions v ON v.id = d.current_version_id
     WHERE d.team_id = $1 ORDER BY d.created_at`,
    [teamId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, columns: r.columns ?? [] }));
}

/** The current version of a dataset as a frame. */
async function currentFrame(ctx: ServerContext, teamId: string, datasetId: string) {
  const [row] = await ctx.db.query<{ current_version_id: string }>(
    "SELECT current_version_id FROM datasets WHERE id = $1 AND team_id = $2",
    [datasetId, teamId],
  );
  const version = row && (await getVersion(ctx.db, datasetId, row.current_version_id));
  if (!version) throw new Error(`dataset ${datasetId} has no data`);
  return readFrame(ctx.blobs.path(versionKey(datasetId, version.id)));
}

/** The first day of the latest month in a date column (`YYYY-MM-01`): where "last month" starts. */
async function lastMonthStart(
  ctx: ServerContext,
  teamId: string,
  datasetId: string,
  column: string,
): Promise<string> {
  const frame = await currentFrame(ctx, teamId, datasetId);
  let latest = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < frame.nRows; r++) {
    const v = frame.value(column, r);
    if (v instanceof Date && v.getTime() > latest) latest = v.getTime();
  }
  if (!Number.isFinite(latest)) throw new Error(`column "${column}" has no dates`);
  const d = new Date(latest);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

/** What the configuration still needs, one line each. */
export function needsOf(
  plan: Plan,
  datasets: { name: string; columns: ColumnSpec[]; id: string }[],
): string[] {
  if (!plan.dataset_id)
    return [
      `which dataset to use (yours: ${datasets.map((d) => d.name).join(", ") || "none yet — upload one"})`,
    ];
  const columns = datasets.find((d) => d.id === plan.dataset_id)?.columns ?? [];
  return plan.label ? [] : [`which column to predict (columns: ${columns.map((c) => c.name).join(", ")})`];
}

/** The part of a plan that decides the training rows and columns (a derived dataset is made when it changes). */
const dataShape = (plan: Plan) =>
  JSON.stringify({ d: plan.dataset_id, f: trainingFilters(plan), drop: plan.drop });

export interface TurnResult {
  session: Session;
  reply: string;
  changed: boolean;
  changes: string[];
  needs: string[];
}

/**
 * One turn: reads the message as plan changes (the language model proposes them when one is configured, else the
 * built-in parser), keeps each change only if the configuration it leads to passes `validate`, registers the
 * prepared training rows as a derived dataset when they changed, and says what changed and what is still needed.
 */
export async function takeTurn(ctx: ServerContext, session: Session, text: string): Promise<TurnResult> {
  const datasets = await knownDatasets(ctx, session.team_id);
  const notes: string[] = [];
  let proposed: { changes: Change[]; unclear: string[] };
  if (ctx.llm) {
    try {
      const answer = await proposeChanges(ctx.llm, {
        goal: session.goal,
        message: text,
        plan: session.plan,
        datasets,
      });
      proposed = { changes: answer.changes, unclear: [] };
      notes.push(
        `(Changes proposed by ${ctx.llm.model}${answer.ignored ? `; ${answer.ignored} unusable proposal(s) ignored` : ""}.)`,
      );
    } catch (error) {
      proposed = understand(text, session.plan, datasets);
      notes.push(`(The language model failed — ${(error as Error).message}; I read the message myself.)`);
    }
  } else proposed = understand(text, session.plan, datasets);

  let plan = session.plan;
  let config = session.current_config;
  const said: string[] = [];
  const refused: string[] = [];
  for (const change of proposed.changes) {
    try {
      if (change.op === "evaluate_last_month" && !change.cutoff) {
        const datasetId = plan.dataset_id;
        if (!datasetId) throw new Error("choose a dataset first");
        change.cutoff = await lastMonthStart(ctx, session.team_id, datasetId, change.column);
      }
      const next = applyChange(plan, change);
      const candidate = buildConfiguration(next.plan, session.goal.slice(0, 200));
      if (candidate) {
        const validation = await validateConfiguration(ctx.db, session.team_id, candidate);
        if (!validation.valid) {
          refused.push(`${next.said}: ${validation.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
          continue;
        }
      }
      plan = next.plan;
      config = candidate ?? null;
      said.push(next.said);
    } catch (error) {
      refused.push(`${change.op}: ${(error as Error).message}`);
    }
  }

  const datasetIds = [...session.dataset_ids];
  if (
    plan.dataset_id &&
    dataShape(plan) !== dataShape(session.plan) &&
    (trainingFilters(plan).length > 0 || plan.drop.length > 0)
  ) {
    const frame = await currentFrame(ctx, session.team_id, plan.dataset_id);
    const filter = allOf(trainingFilters(plan));
    const prepared = transformFrame(filter ? applyFilter(frame, structuredClone(filter)) : frame, {
      drop: plan.drop,
    });
    const derived = await registerDataset(
      ctx,
      session.team_id,
      prepared,
      `assistant ${session.id.slice(0, 8)} · rows ${datasetIds.length + 1}`,
      `Training rows the pipeline assistant prepared for: ${session.goal.slice(0, 500)}`,
    );
    datasetIds.push(derived.datasetId);
    said.push(
      `registered the prepared rows as dataset ${derived.datasetId} (${prepared.nRows} rows, ${prepared.names.length} columns)`,
    );
  }

  const needs = needsOf(plan, datasets);
  const parts = [
    said.length > 0 ? `Changed: ${said.join("; ")}.` : "Nothing changed.",
    refused.length > 0 ? `Not applied (the configuration would not validate): ${refused.join(" | ")}.` : "",
    proposed.unclear.length > 0 ? `I could not find ${proposed.unclear.join("; ")}.` : "",
    needs.length > 0
      ? `Still needed: ${needs.join("; ")}.`
      : config
        ? "The configuration is complete and validates; save it to a pipeline to run it."
        : "",
    ...notes,
  ].filter(Boolean);
  const reply = parts.join(" ");
  const changed = JSON.stringify(config) !== JSON.stringify(session.current_config);
  const now = new Date().toISOString();
  const updated: Session = {
    ...session,
    plan,
    current_config: config,
    dataset_ids: datasetIds,
    messages: [
      ...session.messages,
      { role: "user", content: text, created_at: now },
      { role: "assistant", content: reply, created_at: now },
    ],
  };
  return { session: updated, reply, changed, changes: said, needs };
}
