import type { WorkingFeature } from "../feature.js";

/** A signed log transform, `sign(x)·ln(1 + |x|)`, of chosen numeric columns (tames long right tails). */
export interface LogState {
  type: "log";
  columns: string[];
}

/** Keeps the requested columns that are numeric features at this point of the pipeline. */
export function fitLog(features: WorkingFeature[], requested: readonly string[]): LogState {
  const wanted = new Set(requested);
  return {
    type: "log",
    columns: features.filter((f) => f.kind === "numeric" && wanted.has(f.name)).map((f) => f.name),
  };
}

/** The transform of one value; missing stays missing. */
export function signedLog(v: number): number {
  return Math.sign(v) * Math.log1p(Math.abs(v));
}

export function applyLog(state: LogState, features: WorkingFeature[]): WorkingFeature[] {
  const chosen = new Set(state.columns);
  return features.map((f) =>
    f.kind === "numeric" && chosen.has(f.name) ? { ...f, values: f.values.map(signedLog) } : f,
  );
}
