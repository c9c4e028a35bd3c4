import type { Filter } from "@parzen/trainer";
import type { ColumnSpec } from "../datasets/columns.js";
import { getDataset, getVersion } from "../datasets/repository.js";
import type { Queryable } from "../store/database.js";
import { ExpressionError, expressionColumns, parseExpression } from "./expression.js";
import { blockPath, type ConfigError, type Configuration, feeding, key } from "./graph.js";

/** What is known of a table at a block's output: its column names, or undefined when they cannot be known. */
type Columns = string[] | undefined;

function filterColumns(filter: Filter, path: string, out: [string, string][] = []): [string, string][] {
  if (filter.kind === "cmp" || filter.kind === undefined)
    out.push([(filter as { col: string }).col, `${path}.col`]);
  else if (filter.kind === "not") filterColumns(filter.filter, `${path}.filter`, out);
  else for (const [i, f] of filter.filters.entries()) filterColumns(f, `${path}.filters[${i}]`, out);
  return out;
}

/** The transform's output columns, with an error for each column it names that is not there. */
function transformColumns(
  input: string[],
  config: Record<string, unknown>,
  at: (rest: string) => string,
  errors: ConfigError[],
): string[] {
  let columns = [...input];
  const missing = (name: string, path: string) => {
    if (columns.includes(name)) return false;
    errors.push({
      path,
      code: "unknown_column",
      message: `column "${name}" is not in the table here (columns: ${columns.join(", ")})`,
    });
    return true;
  };
  for (const [i, d] of ((config.derive as { name: string; expression: string }[]) ?? []).entries()) {
    try {
      for (const name of expressionColumns(parseExpression(d.expression)))
        missing(name, at(`.derive[${i}].expression`));
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      errors.push({
        path: at(`.derive[${i}].expression`),
        code: "invalid_expression",
        message: error.message,
      });
    }
    if (!columns.includes(d.name)) columns.push(d.name);
  }
  for (const name of Object.keys((config.cast as object) ?? {})) missing(name, at(`.cast${key(name)}`));
  for (const [from, to] of Object.entries((config.rename as Record<string, string>) ?? {})) {
    if (!missing(from, at(`.rename${key(from)}`))) columns = columns.map((c) => (c === from ? to : c));
  }
  for (const [i, name] of ((config.drop as string[]) ?? []).entries())
    if (!missing(name, at(`.drop[${i}]`))) columns = columns.filter((c) => c !== name);
  const select = config.select as string[] | undefined;
  if (select) {
    for (const [i, name] of select.entries()) missing(name, at(`.select[${i}]`));
    columns = select.filter((c) => columns.includes(c));
  }
  return columns;
}

/**
 * Follows the columns from each dataset through filters, transforms and predictions, in run order, and reports
 * every column a block names that its input table will not have (`unknown_column`, or `invalid_expression`).
 */
export async function propagateColumns(
  db: Queryable,
  teamId: string,
  config: Configuration,
  order: string[],
): Promise<ConfigError[]> {
  const errors: ConfigError[] = [];
  const tables = new Map<string, Columns>();
  const labels = new Map<string, string | undefined>();
  const input = (block: string, port = "table"): Columns => {
    const c = feeding(config, block, port);
    return c ? tables.get(c.from.block) : undefined;
  };
  const need = (columns: Columns, name: string | undefined, path: string) => {
    if (columns && name !== undefined && !columns.includes(name))
      errors.push({
        path,
        code: "unknown_column",
        message: `column "${name}" is not in the table here (columns: ${columns.join(", ")})`,
      });
  };
  for (const name of order) {
    const block = config.blocks[name];
    const c = (block.config ?? {}) as Record<string, unknown>;
    const at = (rest: string) => blockPath(name, `.config${rest}`);
    if (block.type === "dataset") {
      const dataset = await getDataset(db, teamId, c.dataset_id as string);
      const versionId = (c.dataset_version_id as string | null) ?? dataset?.current_version_id;
      const version = dataset && versionId ? await getVersion(db, dataset.id, versionId) : undefined;
      tables.set(name, version ? (version.columns as ColumnSpec[]).map((col) => col.name) : undefined);
    } else if (block.type === "filter") {
      const columns = input(name);
      for (const [col, path] of filterColumns(c.filter as Filter, at(".filter"))) need(columns, col, path);
      tables.set(name, columns);
    } else if (block.type === "transform") {
      const columns = input(name);
      tables.set(name, columns && transformColumns(columns, c, at, errors));
    } else if (block.type === "train") {
      const label = (c.task as { label_column?: string } | undefined)?.label_column;
      need(input(name), label, at(".task.label_column"));
      labels.set(name, label);
    } else if (block.type === "predict") {
      const columns = input(name);
      const model = feeding(config, name, "model");
      // The label is not needed to predict: it stays if present, for evaluation downstream.
      const kept = c.include_input === false ? [] : columns;
      tables.set(name, kept && ["prediction", ...kept.filter((x) => x !== "prediction")]);
      if (model) labels.set(name, labels.get(model.from.block));
    } else if (block.type === "evaluate") {
      const columns = input(name);
      const model = feeding(config, name, "model");
      const label =
        (c.label_column as string | undefined) ?? (model ? labels.get(model.from.block) : undefined);
      need(columns, label, c.label_column ? at(".label_column") : blockPath(name));
      need(columns, "prediction", blockPath(name));
    }
  }
  return errors;
}
