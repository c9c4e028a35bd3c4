import { availableFamilies } from "@parzen/trainer";
import type { ColumnSpec } from "../datasets/columns.js";
import type { Change, Plan } from "./plan.js";

/** A dataset the assistant may use: its id, name and the columns of its current version. */
export interface KnownDataset {
  id: string;
  name: string;
  columns: ColumnSpec[];
}

const norm = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The column a phrase names: exactly (ignoring case, spaces, underscores), or as the start of a column name. */
export function matchColumn(columns: ColumnSpec[], phrase: string): ColumnSpec | undefined {
  const words = phrase
    .trim()
    .toLowerCase()
    .replace(/^(the|a|an)\s+/, "");
  const wanted = norm(words);
  if (!wanted) return undefined;
  return (
    columns.find((c) => norm(c.name) === wanted) ??
    columns.find((c) => norm(c.name).startsWith(wanted) && wanted.length >= 3) ??
    columns.find((c) => wanted.startsWith(norm(c.name)) && norm(c.name).length >= 3)
  );
}

/** The dataset a message names (by id, or by the longest name it contains). */
function namedDataset(text: string, datasets: KnownDataset[]): KnownDataset | undefined {
  const lower = text.toLowerCase();
  const byId = datasets.find((d) => lower.includes(d.id.toLowerCase()));
  if (byId) return byId;
  return datasets
    .filter((d) =>
      new RegExp(`(^|[^\\w-])${d.name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\w-])`).test(
        lower,
      ),
    )
    .sort((a, b) => b.name.length - a.name.length)[0];
}

const FILTER_WORDS: Record<string, ">" | ">=" | "<" | "<="> = {
  after: ">",
  since: ">=",
  from: ">=",
  before: "<",
  until: "<",
};

/** A filter value typed as its column is: numbers for numeric columns, text otherwise. */
function typed(column: ColumnSpec, value: string): string | number {
  return (column.type === "int" || column.type === "float") && Number.isFinite(Number(value))
    ? Number(value)
    : value;
}

/**
 * Reads one message as plan changes, deterministically: datasets and columns are matched against what the team
 * has. Returns the changes and what could not be understood (for the reply).
 */
export function understand(
  text: string,
  plan: Plan,
  datasets: KnownDataset[],
): { changes: Change[]; unclear: string[] } {
  const changes: Change[] = [];
  const unclear: string[] = [];
  const named = namedDataset(text, datasets);
  const batch = /\bbatch\b|\bscore (?:the )?(?:whole|entire|all)\b/i.test(text);
  if (
    named &&
    !(
      batch &&
      plan.dataset_id &&
      /\b(?:on|over|for)\s+(?:the\s+)?(?:dataset\s+)?/i.test(text) &&
      named.id !== plan.dataset_id
    )
  )
    changes.push({ op: "set_dataset", dataset_id: named.id });
  const dataset = datasets.find(
    (d) => d.id === (changes[0]?.op === "set_dataset" ? named?.id : plan.dataset_id),
  );
  const columns = dataset?.columns ?? [];
  const column = (phrase: string, what: string) => {
    const found = matchColumn(columns, phrase);
    if (!found)
      unclear.push(
        `${what} "${phrase.trim()}" (columns: ${columns.map((c) => c.name).join(", ") || "none yet"})`,
      );
    return found;
  };

  const label =
    /\b(?:label|target)(?:\s+column)?\s+(?:is|should be|=|:)\s*["']?([\w ]+?)["']?\s*(?:$|[.,;!])/i.exec(
      text,
    ) ??
    /\bpredict(?:ing|s)?\s+(?:the\s+)?["']?([\w ]+?)["']?\s*(?:$|[.,;!]|\b(?:from|on|using|in|with|of|for)\b)/i.exec(
      text,
    );
  if (label && !/^(?:step|a|batch)/i.test(label[1].trim())) {
    const found = column(label[1], "the column to predict");
    if (found) changes.push({ op: "set_label", column: found.name });
  }

  for (const m of text.matchAll(
    /(?:(?:where|with)\s+(?:the\s+)?([\w ]+?)\s+)?\b(after|since|from|before|until)\s+(\d{4}-\d{2}-\d{2})/gi,
  )) {
    const found = m[1] ? column(m[1], "the date column") : columns.find((c) => c.type === "datetime");
    if (!m[1] && !found) unclear.push("which date column to filter on");
    if (found)
      changes.push({
        op: "add_filter",
        column: found.name,
        cmp: FILTER_WORDS[m[2].toLowerCase()],
        value: m[3],
      });
  }
  for (const m of text.matchAll(
    /\bwhere\s+(?:the\s+)?([\w ]+?)\s+(?:is|equals|==|=)\s+["']?([\w.-]+)["']?/gi,
  )) {
    const found = column(m[1], "the column");
    if (found) changes.push({ op: "add_filter", column: found.name, cmp: "==", value: typed(found, m[2]) });
  }
  for (const m of text.matchAll(/\bwhere\s+(?:the\s+)?([\w ]+?)\s*(>=|<=|>|<)\s*(-?[\d.]+)/gi)) {
    const found = column(m[1], "the column");
    if (found) changes.push({ op: "add_filter", column: found.name, cmp: m[2] as ">", value: Number(m[3]) });
  }
  if (/\b(?:remove|undo|drop|clear|no)\s+(?:the\s+|any\s+)?filters?\b|\ball (?:the )?rows\b/i.test(text))
    changes.push({ op: "clear_filters" });

  for (const m of text.matchAll(
    /\b(drop|remove|exclude|ignore|keep|include|restore)\s+(?:the\s+)?(?:column\s+["']?([\w ]+?)["']?|([\w ]+?)\s+column)\b/gi,
  )) {
    const found = column(m[2] ?? m[3], "the column");
    if (!found) continue;
    const keep = /keep|include|restore/i.test(m[1]);
    changes.push({ op: keep ? "keep_column" : "drop_column", column: found.name });
  }

  const trials = /\b(\d{1,4})\s+trials?\b/i.exec(text);
  if (trials) changes.push({ op: "set_trials", n_trials: Number(trials[1]) });
  if (/\b(?:no|without(?: an?)?|skip(?: the)?)\s+ensemble\b/i.test(text))
    changes.push({ op: "set_ensemble", ensemble: false });
  else if (/\bensemble\b/i.test(text)) changes.push({ op: "set_ensemble", ensemble: true });
  const families = availableFamilies();
  const mentioned = [
    ...text.toLowerCase().matchAll(/\b(gbdt|xgboost|random[ _]forest|extra[ _]trees|linear|mlp|tabm)\b/g),
  ]
    .map((m) => m[1].replace(" ", "_"))
    .filter((f) => families.includes(f) || f === "xgboost");
  if (mentioned.length > 0) changes.push({ op: "set_model_types", model_types: [...new Set(mentioned)] });

  if (batch) {
    const other = named && plan.dataset_id && named.id !== plan.dataset_id ? named.id : undefined;
    changes.push({ op: "add_batch_predict", ...(other && { dataset_id: other }) });
  }
  if (/\b(?:evaluate|test|validate|hold(?:ing)? out)\b[^.]*\blast month\b/i.test(text)) {
    const date = columns.find((c) => c.type === "datetime");
    if (date) changes.push({ op: "evaluate_last_month", column: date.name, cutoff: "" });
    else unclear.push("a date column to find last month's rows");
  }
  return { changes, unclear };
}
