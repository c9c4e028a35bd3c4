import { type Column, cellValue, isMissing } from "./frame.js";
import { toEpochMs } from "./infer.js";

/** A column's values as numbers (NaN for missing or unparseable), whatever its kind. */
export function asNumbers(column: Column): Float64Array {
  if (column.kind !== "categorical") return column.values;
  const parsed = column.categories.map((c) => (c.trim() === "" ? Number.NaN : Number(c)));
  const out = new Float64Array(column.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = column.codes[i] < 0 ? Number.NaN : parsed[column.codes[i]];
  return out;
}

/** A column's values as epoch ms, parsing text dates. */
export function asEpochMs(column: Column): Float64Array {
  if (column.kind !== "categorical") return column.values;
  const parsed = column.categories.map(toEpochMs);
  const out = new Float64Array(column.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = column.codes[i] < 0 ? Number.NaN : parsed[column.codes[i]];
  return out;
}

/** A column's values as category strings (null for missing), whatever its kind. */
export function asStrings(column: Column): (string | null)[] {
  if (column.kind === "categorical")
    return Array.from(column.codes, (c) => (c < 0 ? null : column.categories[c]));
  const out: (string | null)[] = new Array(column.values.length);
  for (let i = 0; i < out.length; i++) {
    if (isMissing(column, i)) out[i] = null;
    else {
      const v = cellValue(column, i);
      out[i] = v instanceof Date ? v.toISOString() : String(v);
    }
  }
  return out;
}
