import { getModel } from "../models/repository.js";
import type { Queryable } from "../store/database.js";
import { listDecisions } from "./repository.js";
import type { RunRecord } from "./types.js";

const r3 = (v: unknown) => (typeof v === "number" ? Math.round(v * 1000) / 1000 : v);

/** The best model's figures, or a sentence saying there is none yet. */
export async function modelFacts(db: Queryable, run: RunRecord): Promise<string> {
  const id = run.state.model_id;
  const model = id ? await getModel(db, run.teamId, id) : undefined;
  if (!model) return "No model has been trained yet.";
  const board = (run.state.results?.model_training?.leaderboard ?? []) as {
    model_type: string;
    cv_score: number;
  }[];
  const ranking = board.length
    ? ` Leaderboard (cross-validated ${model.metric}): ${board.map((e) => `${e.model_type} ${r3(e.cv_score)}`).join(", ")}.`
    : "";
  return `The best model is ${model.model_types.join(" + ")} (model ${model.id}), predicting "${model.task.label_column}" (${model.task.kind}) with cross-validated ${model.metric} ${r3(model.scores[model.metric])}.${ranking}`;
}

/** The pending decision's options, the recommended one and why. */
export function optionFacts(run: RunRecord): string {
  const pending = run.pendingDecision;
  if (run.status !== "waiting_for_decision" || !pending)
    return `No decision is pending (the run is ${run.status.replaceAll("_", " ")}).`;
  const lines = pending.options.map(
    (o) =>
      `${o.index}. ${o.label}${o.recommended ? " [recommended]" : ""}${o.safe === undefined || o.safe === null ? "" : o.safe ? " (safe)" : " (not safe)"}: ${o.description} Why: ${o.reason}`,
  );
  const best = pending.recommended_index === null ? undefined : pending.options[pending.recommended_index];
  return `${pending.prompt} (${pending.decision_type})\n${lines.join("\n")}${best ? `\nRecommended: ${best.label}, because ${best.reason}` : ""}`;
}

/** Why each feature suggestion was made (pending, or as decided). */
export function featureFacts(run: RunRecord, about?: string): string {
  const pending =
    run.pendingDecision?.decision_type === "feature_engineering" ? run.pendingDecision : undefined;
  const options =
    pending?.options ??
    (run.state.proposal?.phase === "feature_engineering" ? run.state.proposal.options : []);
  const result = run.state.results?.feature_engineering as
    | { applied?: string[]; skipped?: string[] }
    | undefined;
  const relevant = about
    ? options.filter((o) => o.label.toLowerCase().includes(about.toLowerCase()))
    : options;
  if (relevant.length > 0)
    return relevant
      .map((o) => `${o.label}: ${o.reason}${o.safe ? " It is marked safe." : " It is not marked safe."}`)
      .join("\n");
  if (result)
    return `Applied feature steps: ${result.applied?.join("; ") || "none"}. Skipped: ${result.skipped?.join("; ") || "none"}.`;
  return "Feature engineering has not been proposed yet.";
}

/** What the run's monitor saw in its latest batch. */
export async function driftFacts(db: Queryable, run: RunRecord): Promise<string> {
  if (!run.state.monitor_id) return "The run has no monitor yet.";
  const [batch] = await db.query<{
    drift: { column: string; statistic: string; value: number; drifted: boolean }[];
    created_at: unknown;
    row_count: number;
  }>(
    "SELECT drift, created_at, row_count FROM monitor_batches WHERE monitor_id = $1 ORDER BY seq DESC LIMIT 1",
    [run.state.monitor_id],
  );
  if (!batch) return `Monitor ${run.state.monitor_id} has received no batch yet.`;
  const drift = typeof batch.drift === "string" ? JSON.parse(batch.drift) : batch.drift;
  const drifted = (drift as { column: string; statistic: string; value: number; drifted: boolean }[]).filter(
    (d) => d.drifted,
  );
  return drifted.length
    ? `In the latest batch (${batch.row_count} rows) these features drifted: ${drifted.map((d) => `${d.column} (${d.statistic} ${r3(d.value)})`).join(", ")}.`
    : `The latest batch (${batch.row_count} rows) shows no drift.`;
}

/** Status, phase and progress in a sentence or two. */
export async function statusFacts(db: Queryable, run: RunRecord): Promise<string> {
  const decisions = await listDecisions(db, run.id);
  const done = Object.keys(run.state.results ?? {});
  const phase = run.currentPhase ? ` Current phase: ${run.currentPhase}.` : "";
  const waiting =
    run.status === "waiting_for_decision" ? ` It waits for your ${run.currentPhase} decision.` : "";
  const last = decisions.at(-1);
  return `Run "${run.modelName}" is ${run.status.replaceAll("_", " ")}.${phase}${waiting} Phases finished: ${done.join(", ") || "none"}.${last ? ` Last decision: ${last.summary}` : ""}`;
}
