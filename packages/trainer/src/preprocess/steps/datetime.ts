import { distinctCount, type WorkingFeature } from "../feature.js";

export const DATE_PARTS = ["year", "month", "day", "dayofyear", "weekday", "hour"] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** Datetime columns expanded into calendar parts (UTC); parts constant on the training rows are left out. */
export interface DatetimeState {
  type: "datetime";
  expanded: { column: string; parts: DatePart[] }[];
}

function part(ms: number, which: DatePart): number {
  if (Number.isNaN(ms)) return Number.NaN;
  const d = new Date(ms);
  switch (which) {
    case "year":
      return d.getUTCFullYear();
    case "month":
      return d.getUTCMonth() + 1;
    case "day":
      return d.getUTCDate();
    case "dayofyear":
      return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
    case "weekday":
      return d.getUTCDay();
    default:
      return d.getUTCHours();
  }
}

function expand(values: Float64Array, which: DatePart): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = part(values[i], which);
  return out;
}

/** Decides which calendar parts of each datetime column vary in the training rows. */
export function fitDatetime(features: WorkingFeature[], datetimeColumns: Set<string>): DatetimeState {
  const expanded: DatetimeState["expanded"] = [];
  for (const f of features) {
    if (f.kind !== "numeric" || !datetimeColumns.has(f.name)) continue;
    const parts = DATE_PARTS.filter((p) => distinctCount(expand(f.values, p), 1) > 1);
    expanded.push({ column: f.name, parts });
  }
  return { type: "datetime", expanded };
}

export function applyDatetime(state: DatetimeState, features: WorkingFeature[]): WorkingFeature[] {
  const byColumn = new Map(state.expanded.map((e) => [e.column, e.parts]));
  return features.flatMap((f): WorkingFeature[] => {
    const parts = byColumn.get(f.name);
    if (!parts || f.kind !== "numeric") return [f];
    return parts.map((p) => ({
      kind: "numeric",
      name: `${f.name}__${p}`,
      sources: f.sources,
      values: expand(f.values, p),
    }));
  });
}
