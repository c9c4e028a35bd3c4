import type { ChatModel } from "../llm/index.js";
import type { Change, Plan } from "./plan.js";
import type { KnownDataset } from "./understand.js";

const INSTRUCTIONS = `You turn a user's request into changes of a tabular-ML pipeline plan.
Answer with JSON only: {"changes": [ ... ]}, each change one of:
{"op":"set_dataset","dataset_id":"<id>"} {"op":"set_label","column":"<name>"}
{"op":"add_filter","column":"<name>","cmp":"==|!=|<|<=|>|>=","value":<string or number>} {"op":"clear_filters"}
{"op":"drop_column","column":"<name>"} {"op":"keep_column","column":"<name>"}
{"op":"set_trials","n_trials":<int>} {"op":"set_ensemble","ensemble":<bool>}
{"op":"set_model_types","model_types":["gbdt","linear","random_forest","extra_trees"]}
{"op":"add_batch_predict"} or {"op":"add_batch_predict","dataset_id":"<id>"}
{"op":"evaluate_last_month","column":"<date column>"}
Use only dataset ids and column names from the context. Dates are YYYY-MM-DD.`;

const CMPS = new Set(["==", "!=", "<", "<=", ">", ">="]);

/** A change from the model, checked field by field; undefined when it is not one we know. */
function checked(raw: unknown, datasets: KnownDataset[], plan: Plan): Change | undefined {
  const c = raw as Record<string, unknown>;
  const ids = new Set(datasets.map((d) => d.id));
  const columns = new Set(
    datasets.find((d) => d.id === (plan.dataset_id ?? datasets[0]?.id))?.columns.map((x) => x.name) ?? [],
  );
  const column = typeof c?.column === "string" && columns.has(c.column) ? c.column : undefined;
  switch (c?.op) {
    case "set_dataset":
      return typeof c.dataset_id === "string" && ids.has(c.dataset_id)
        ? { op: "set_dataset", dataset_id: c.dataset_id }
        : undefined;
    case "set_label":
    case "drop_column":
    case "keep_column":
      return column ? { op: c.op, column } : undefined;
    case "add_filter":
      return column && CMPS.has(String(c.cmp)) && ["string", "number"].includes(typeof c.value)
        ? { op: "add_filter", column, cmp: c.cmp as "==", value: c.value as string | number }
        : undefined;
    case "clear_filters":
      return { op: "clear_filters" };
    case "set_trials":
      return Number.isInteger(c.n_trials) ? { op: "set_trials", n_trials: c.n_trials as number } : undefined;
    case "set_ensemble":
      return typeof c.ensemble === "boolean" ? { op: "set_ensemble", ensemble: c.ensemble } : undefined;
    case "set_model_types":
      return Array.isArray(c.model_types) && c.model_types.every((t) => typeof t === "string")
        ? { op: "set_model_types", model_types: c.model_types as string[] }
        : undefined;
    case "add_batch_predict":
      return typeof c.dataset_id === "string" && ids.has(c.dataset_id)
        ? { op: "add_batch_predict", dataset_id: c.dataset_id }
        : { op: "add_batch_predict" };
    case "evaluate_last_month":
      return column ? { op: "evaluate_last_month", column, cutoff: "" } : undefined;
    default:
      return undefined;
  }
}

/**
 * Asks the configured language model for the changes a message asks for. Its answer is only a proposal: every
 * change is checked against the team's datasets and columns here, and the resulting configuration is validated
 * like any other before it is kept. Throws when the model fails or answers something unreadable.
 */
export async function proposeChanges(
  llm: ChatModel,
  context: { goal: string; message: string; plan: Plan; datasets: KnownDataset[] },
): Promise<{ changes: Change[]; ignored: number }> {
  const facts = {
    goal: context.goal,
    plan: context.plan,
    datasets: context.datasets.map((d) => ({
      id: d.id,
      name: d.name,
      columns: d.columns.map((c) => ({ name: c.name, type: c.type })),
    })),
  };
  const text = await llm.complete(
    [
      { role: "system", content: INSTRUCTIONS },
      { role: "user", content: `Context: ${JSON.stringify(facts)}\nRequest: ${context.message}` },
    ],
    { maxTokens: 600 },
  );
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) throw new Error("the model's answer holds no JSON object");
  const parsed = JSON.parse(text.slice(start, end + 1)) as { changes?: unknown };
  if (!Array.isArray(parsed.changes)) throw new Error('the model\'s answer has no "changes" list');
  // Columns are checked against the dataset the answer switches to, if it does.
  const switched = parsed.changes.find(
    (c) =>
      (c as Change)?.op === "set_dataset" &&
      context.datasets.some((d) => d.id === (c as { dataset_id?: string }).dataset_id),
  ) as { dataset_id: string } | undefined;
  const plan = switched ? { ...context.plan, dataset_id: switched.dataset_id } : context.plan;
  const changes = parsed.changes.map((c) => checked(c, context.datasets, plan));
  return {
    changes: changes.filter((c): c is Change => c !== undefined),
    ignored: changes.filter((c) => !c).length,
  };
}
