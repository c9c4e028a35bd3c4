import type { ColumnProfile } from "../../datasets/profile-types.js";
import { fieldError } from "../../http/errors.js";
import type { Answer, DecisionBody, PhaseDefinition, PhaseEnv, Proposal, RunRecord } from "../types.js";
import { chosen, liveColumns, numbered, runProfile } from "./common.js";

type TaskKind = "regression" | "binary" | "multiclass";

const LABEL_NAME =
  /^(label|target|class|y|outcome|species|churn(ed)?|price|survived|default|response|result|grade|quality|weather|diagnosis|malignant)$/i;

/** How likely a column is the thing to predict, with the reasons (the best candidates first). */
function score(
  column: ColumnProfile,
  position: number,
  count: number,
  query: string,
): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let s = 0;
  const name = column.name.toLowerCase();
  if (
    query &&
    new RegExp(`(^|[^a-z0-9])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^a-z0-9]|$)`).test(query)
  ) {
    s += 10;
    reasons.push("your request names it");
  }
  if (LABEL_NAME.test(name.replace(/[^a-z]/g, "")) || /target|label/.test(name)) {
    s += 4;
    reasons.push("its name is typical of a label");
  }
  const categorical = ["string", "category", "bool"].includes(column.type);
  if (categorical && column.distinct_count >= 2 && column.distinct_count <= 20) {
    s += 2;
    reasons.push(`${column.distinct_count} classes`);
  } else if (column.numeric && column.distinct_count > 20) {
    s += 1;
    reasons.push("a continuous number");
  } else if (column.numeric && column.distinct_count === 2) {
    s += 2;
    reasons.push("two values");
  }
  if (position === count - 1 || position === 0) {
    s += 0.5;
    reasons.push(position === 0 ? "the first column" : "the last column");
  }
  if (column.missing_rate > 0) {
    s -= 3 * column.missing_rate;
    reasons.push(`${(100 * column.missing_rate).toFixed(1)}% missing`);
  }
  return { score: s, reasons };
}

/** Whether the column's values can be a label of `kind` (numbers for regression, 2 values for binary...). */
function fits(column: ColumnProfile, kind: TaskKind): string | undefined {
  if (kind === "regression" && !column.numeric)
    return `"${column.name}" holds text; regression needs numbers`;
  if (kind === "binary" && column.distinct_count !== 2)
    return `"${column.name}" has ${column.distinct_count} distinct values; binary needs exactly 2`;
  if (kind === "multiclass" && column.distinct_count < 3)
    return `"${column.name}" has ${column.distinct_count} distinct values; multiclass needs 3 or more`;
  return undefined;
}

function answerFor(column: string, kind: TaskKind | null, why: string): Answer {
  return {
    summary: `Predict "${column}"${kind ? ` (${kind})` : ""}${why}.`,
    label_column: column,
    task_kind: kind,
  };
}

/** `label_selection`: candidate label columns ranked with reasons and the task each implies. */
export const labelSelection: PhaseDefinition = {
  phase: "label_selection",
  async propose(env: PhaseEnv, run: RunRecord): Promise<Proposal> {
    const profile = await runProfile(env, run);
    const columns = liveColumns(profile, run).filter((c) => !c.constant && !c.id_like);
    const query = (run.config.user_query ?? "").toLowerCase();
    const ranked = columns
      .map((c) => ({ column: c, ...score(c, profile.columns.indexOf(c), profile.columns.length, query) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    const described = [];
    for (const [i, r] of ranked.entries()) {
      // The label profile reads the data again; only the leading candidates get one.
      const label = i < 3 ? (await runProfile(env, run, r.column.name)).label : null;
      described.push({ ...r, task: label?.task_kind ?? null, taskReason: label?.reason ?? null, label });
    }
    const options = numbered(
      described.map((d, i) => ({
        label: `${d.column.name}${d.task ? ` (${d.task})` : ""}`,
        description: `Train a model that predicts "${d.column.name}"${d.task ? ` as a ${d.task} task` : ""}.`,
        reason: [d.reasons.join(", "), d.taskReason].filter(Boolean).join(". ") || "a usable column",
        recommended: i === 0,
        kind: "label",
        value: {
          column: d.column.name,
          task_kind: d.task,
          classes: d.label?.classes?.slice(0, 10) ?? null,
          leakage_suspects: d.label?.leakage_suspects ?? [],
          score: Math.round(d.score * 100) / 100,
        },
      })),
    );
    return {
      prompt: "Which column should the model predict?",
      options,
      recommended_index: options.length ? 0 : null,
      multi_select: false,
      answer_with: ["choice_index", "custom_value", "label_type"],
      context: {
        rows: profile.row_count,
        candidates: options.length,
        columns: liveColumns(profile, run).map((c) => c.name),
        custom_value: "a column name",
        label_type: ["regression", "binary", "multiclass"],
      },
    };
  },
  recommended(_run, proposal) {
    const top = proposal.options[0]?.value as { column: string; task_kind: TaskKind | null } | undefined;
    if (!top) throw new Error("The data has no column that could be a label.");
    return answerFor(top.column, top.task_kind, " (the top-ranked candidate)");
  },
  async check(env, run, proposal, body: DecisionBody) {
    const profile = await runProfile(env, run);
    const live = liveColumns(profile, run);
    let column: ColumnProfile | undefined;
    let kind: TaskKind | null = null;
    if (body.custom_value !== undefined && body.custom_value !== null) {
      column = live.find((c) => c.name === body.custom_value);
      if (!column)
        throw fieldError(
          "body.custom_value",
          `${JSON.stringify(body.custom_value)} is not a column (columns: ${live.map((c) => c.name).join(", ")})`,
        );
      kind = (await runProfile(env, run, column.name)).label?.task_kind ?? null;
    } else {
      const option = chosen(proposal, body, ["custom_value with a column name"]);
      const value = option.value as { column: string; task_kind: TaskKind | null };
      column = live.find((c) => c.name === value.column)!;
      kind = value.task_kind;
    }
    if (body.label_type) {
      const problem = fits(column, body.label_type);
      if (problem) throw fieldError("body.label_type", problem);
      kind = body.label_type;
    }
    if (!kind)
      throw fieldError("body.label_type", `the task of "${column.name}" cannot be inferred; name it`);
    return answerFor(column.name, kind, "");
  },
  async apply(env, run, answer) {
    const label = (await runProfile(env, run, answer.label_column as string)).label;
    run.state.label_column = answer.label_column as string;
    run.state.task_kind = (answer.task_kind as TaskKind | null) ?? label?.task_kind ?? undefined;
    if (!run.state.task_kind)
      throw new Error(`"${run.state.label_column}" holds a single value: nothing to predict.`);
    return {
      label_column: run.state.label_column,
      task_kind: run.state.task_kind,
      classes: label?.classes ?? null,
      imbalance_ratio: label?.imbalance_ratio ?? null,
      leakage_suspects: label?.leakage_suspects ?? [],
    };
  },
};
