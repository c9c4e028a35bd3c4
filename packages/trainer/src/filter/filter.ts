import { type Column, type Frame, isMissing } from "../data/frame.js";
import { toEpochMs } from "../data/infer.js";
import { TrainerInputError } from "../errors.js";

export const COMPARISON_OPS = [
  "==",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "in",
  "not_in",
  "is_null",
  "is_not_null",
] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/** `col <op> value`; `value` is unused for the null ops and a list for `in` / `not_in`. */
export interface Comparison {
  kind: "cmp";
  col: string;
  op: ComparisonOp;
  value?: unknown;
}

export type Filter = Comparison | { kind: "and" | "or"; filters: Filter[] } | { kind: "not"; filter: Filter };

const KINDS = ["cmp", "and", "or", "not"];

/** The deepest nesting of `and` / `or` / `not` a filter may have (evaluation recurses once per level). */
export const MAX_FILTER_DEPTH = 32;

/** How deeply a filter nests (a comparison is 1), measured without recursion so any input is safe to measure. */
export function filterDepth(filter: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[filter, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    deepest = Math.max(deepest, depth);
    const { filters, filter: inner } = node as { filters?: unknown; filter?: unknown };
    if (Array.isArray(filters)) for (const f of filters) stack.push([f, depth + 1]);
    if (inner !== undefined) stack.push([inner, depth + 1]);
  }
  return deepest;
}

/** Refuses a filter nested deeper than `max` levels, naming the bound (`max_filter_depth`). */
export function checkFilterDepth(filter: unknown, max = MAX_FILTER_DEPTH, path = "filter"): void {
  const depth = filterDepth(filter);
  if (depth > max)
    throw new TrainerInputError(
      `${path} nests ${depth} levels deep, more than the ${max} allowed (max_filter_depth).`,
      { path },
    );
}

/** The indices of the rows that pass the filter, in order. */
export function filterRows(frame: Frame, filter: Filter): Int32Array {
  checkFilterDepth(filter);
  const mask = evaluate(frame, filter, "filter");
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  const rows = new Int32Array(count);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i]) rows[j++] = i;
  return rows;
}

/** Applies a filter, returning a frame of the passing rows. */
export function applyFilter(frame: Frame, filter: Filter | null | undefined): Frame {
  return filter ? frame.take(filterRows(frame, filter)) : frame;
}

function evaluate(frame: Frame, filter: Filter, path: string): Uint8Array {
  if (typeof filter !== "object" || filter === null) {
    throw new TrainerInputError(`${path} must be an object.`, { path });
  }
  const kind = (filter as { kind?: unknown }).kind ?? "cmp";
  switch (kind) {
    case "cmp":
      return compare(frame, filter as Comparison, path);
    case "and":
    case "or": {
      const parts = (filter as { filters?: unknown }).filters;
      if (!Array.isArray(parts) || parts.length === 0) {
        throw new TrainerInputError(`${path}.filters must be a non-empty list for kind "${kind}".`, {
          path: `${path}.filters`,
        });
      }
      const masks = parts.map((f, i) => evaluate(frame, f as Filter, `${path}.filters[${i}]`));
      const out = new Uint8Array(frame.nRows).fill(kind === "and" ? 1 : 0);
      for (const m of masks)
        for (let r = 0; r < out.length; r++) out[r] = kind === "and" ? out[r] & m[r] : out[r] | m[r];
      return out;
    }
    case "not": {
      const inner = evaluate(frame, (filter as { filter: Filter }).filter, `${path}.filter`);
      for (let r = 0; r < inner.length; r++) inner[r] ^= 1;
      return inner;
    }
    default:
      throw new TrainerInputError(`${path}.kind "${String(kind)}" is not one of ${KINDS.join(", ")}.`, {
        path: `${path}.kind`,
      });
  }
}

function compare(frame: Frame, cmp: Comparison, path: string): Uint8Array {
  if (typeof cmp.col !== "string" || !frame.has(cmp.col)) {
    throw new TrainerInputError(
      `${path}.col: unknown column "${String(cmp.col)}". Columns: ${frame.names.join(", ")}.`,
      { path: `${path}.col`, column: cmp.col },
    );
  }
  if (!COMPARISON_OPS.includes(cmp.op)) {
    throw new TrainerInputError(
      `${path}.op: unknown op "${String(cmp.op)}". Ops: ${COMPARISON_OPS.join(", ")}.`,
      {
        path: `${path}.op`,
      },
    );
  }
  const column = frame.column(cmp.col);
  const out = new Uint8Array(frame.nRows);
  if (cmp.op === "is_null" || cmp.op === "is_not_null") {
    const want = cmp.op === "is_null";
    for (let r = 0; r < out.length; r++) out[r] = isMissing(column, r) === want ? 1 : 0;
    return out;
  }
  const isList = cmp.op === "in" || cmp.op === "not_in";
  if (isList !== Array.isArray(cmp.value)) {
    throw new TrainerInputError(
      isList
        ? `${path}.value must be a list for op "${cmp.op}".`
        : `${path}.value must be a single value for op "${cmp.op}", not a list.`,
      { path: `${path}.value` },
    );
  }
  if (column.kind === "categorical") return compareCategorical(column, cmp, out);
  const values = (isList ? (cmp.value as unknown[]) : [cmp.value]).map((v, i) =>
    coerce(column, v, isList ? `${path}.value[${i}]` : `${path}.value`),
  );
  const x = column.values;
  const v = values[0];
  for (let r = 0; r < out.length; r++) {
    const a = x[r];
    // Missing values fail every comparison except "!=" and "not_in", as in SQL's three-valued logic read leniently.
    if (Number.isNaN(a)) {
      out[r] = cmp.op === "!=" || cmp.op === "not_in" ? 1 : 0;
      continue;
    }
    out[r] = test(cmp.op, a, v, values) ? 1 : 0;
  }
  return out;
}

function test(op: ComparisonOp, a: number, v: number, list: number[]): boolean {
  switch (op) {
    case "==":
      return a === v;
    case "!=":
      return a !== v;
    case "<":
      return a < v;
    case "<=":
      return a <= v;
    case ">":
      return a > v;
    case ">=":
      return a >= v;
    case "in":
      return list.includes(a);
    default:
      return !list.includes(a);
  }
}

function coerce(column: Column, value: unknown, path: string): number {
  let out = Number.NaN;
  if (column.kind === "datetime") out = toEpochMs(value);
  else if (column.kind === "boolean")
    out = value === true || value === "true" ? 1 : value === false || value === "false" ? 0 : Number(value);
  else if (typeof value === "number") out = value;
  else if (typeof value === "string" && value.trim() !== "") out = Number(value);
  if (Number.isNaN(out)) {
    const expected =
      column.kind === "datetime"
        ? "an ISO-8601 timestamp"
        : column.kind === "boolean"
          ? "a boolean"
          : "a number";
    throw new TrainerInputError(
      `${path}: ${JSON.stringify(value)} is not ${expected}, as column "${column.name}" (${column.kind}) needs.`,
      { path, column: column.name },
    );
  }
  return out;
}

function compareCategorical(
  column: Extract<Column, { kind: "categorical" }>,
  cmp: Comparison,
  out: Uint8Array,
): Uint8Array {
  const wanted = (Array.isArray(cmp.value) ? cmp.value : [cmp.value]).map(String);
  const order = ["<", "<=", ">", ">="].includes(cmp.op);
  if (order) {
    // Strings compare lexically: "<" on a categorical column compares the category text.
    const v = wanted[0];
    for (let r = 0; r < out.length; r++) {
      const code = column.codes[r];
      if (code < 0) continue;
      const a = column.categories[code];
      out[r] = (cmp.op === "<" ? a < v : cmp.op === "<=" ? a <= v : cmp.op === ">" ? a > v : a >= v) ? 1 : 0;
    }
    return out;
  }
  const hit = new Uint8Array(column.categories.length);
  column.categories.forEach((c, i) => {
    if (wanted.includes(c)) hit[i] = 1;
  });
  const positive = cmp.op === "==" || cmp.op === "in";
  for (let r = 0; r < out.length; r++) {
    const code = column.codes[r];
    out[r] = code < 0 ? (positive ? 0 : 1) : hit[code] === (positive ? 1 : 0) ? 1 : 0;
  }
  return out;
}
