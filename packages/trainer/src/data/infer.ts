import type { Column, ColumnKind } from "./frame.js";
import { Frame } from "./frame.js";

type Cell = unknown;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const MISSING_STRINGS = new Set(["", "na", "nan", "null", "none", "n/a"]);

/** Whether a raw value means "missing": null, undefined, NaN, or an empty / NA-like string. */
export function isMissingCell(value: Cell): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "number") return Number.isNaN(value);
  if (typeof value === "string") return MISSING_STRINGS.has(value.trim().toLowerCase());
  return false;
}

/** Picks a column kind from raw values: booleans, numbers, ISO dates, or else categorical strings. */
export function inferKind(values: ArrayLike<Cell>): ColumnKind {
  let sawBool = false;
  let sawNumber = false;
  let sawDate = false;
  let sawText = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissingCell(v)) continue;
    if (typeof v === "boolean") sawBool = true;
    else if (typeof v === "number" || typeof v === "bigint") sawNumber = true;
    else if (v instanceof Date) sawDate = true;
    else if (typeof v === "string") {
      const s = v.trim();
      if (Number.isFinite(Number(s))) sawNumber = true;
      else if (ISO_DATE.test(s) && !Number.isNaN(Date.parse(s))) sawDate = true;
      else if (s === "true" || s === "false") sawBool = true;
      else sawText = true;
    } else sawText = true;
  }
  const kinds = Number(sawBool) + Number(sawNumber) + Number(sawDate) + Number(sawText);
  if (sawText || kinds > 1) return "categorical";
  if (sawDate) return "datetime";
  if (sawBool) return "boolean";
  return "numeric";
}

/** Parses a date-like value to epoch ms (NaN when it is not a date). */
export function toEpochMs(value: Cell): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const s = value.trim();
    // A bare date is midnight UTC, not local time.
    return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  }
  return Number.NaN;
}

/** Builds a typed column of the given kind from raw values. */
export function buildColumn(
  name: string,
  values: ArrayLike<Cell>,
  kind: ColumnKind = inferKind(values),
): Column {
  const n = values.length;
  if (kind === "categorical") {
    const index = new Map<string, number>();
    const categories: string[] = [];
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (isMissingCell(v)) {
        codes[i] = -1;
        continue;
      }
      const key = v instanceof Date ? v.toISOString() : String(v);
      let code = index.get(key);
      if (code === undefined) {
        code = categories.length;
        categories.push(key);
        index.set(key, code);
      }
      codes[i] = code;
    }
    return { kind, name, codes, categories };
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (isMissingCell(v)) out[i] = Number.NaN;
    else if (kind === "datetime") out[i] = toEpochMs(v);
    else if (kind === "boolean") out[i] = v === true || v === "true" || v === 1 || v === "1" ? 1 : 0;
    else out[i] = Number(v);
  }
  return { kind, name, values: out };
}

/** A frame from named arrays of raw values, inferring each column's kind unless given. */
export function frameFromColumns(
  columns: Record<string, ArrayLike<Cell>>,
  kinds: Record<string, ColumnKind> = {},
): Frame {
  return new Frame(Object.entries(columns).map(([name, values]) => buildColumn(name, values, kinds[name])));
}

/** A frame from an array of records; the columns are the union of the records' keys in first-seen order. */
export function frameFromRecords(
  records: Record<string, Cell>[],
  kinds: Record<string, ColumnKind> = {},
): Frame {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  const columns: Record<string, Cell[]> = {};
  for (const name of names) columns[name] = records.map((r) => r[name]);
  return frameFromColumns(columns, kinds);
}
