import type { WorkingFeature } from "../feature.js";

/** New features `numerator / denominator` (missing where the denominator is 0 or either side is missing). */
export interface RatioState {
  type: "ratio";
  ratios: { name: string; numerator: string; denominator: string }[];
}

/** The name of a ratio feature. */
export const ratioName = (numerator: string, denominator: string) => `${numerator}__per__${denominator}`;

/** Keeps the requested pairs whose both sides are numeric features at this point of the pipeline. */
export function fitRatio(
  features: WorkingFeature[],
  requested: readonly { numerator: string; denominator: string }[],
): RatioState {
  const numeric = new Set(features.filter((f) => f.kind === "numeric").map((f) => f.name));
  return {
    type: "ratio",
    ratios: requested
      .filter((r) => numeric.has(r.numerator) && numeric.has(r.denominator) && r.numerator !== r.denominator)
      .map((r) => ({ ...r, name: ratioName(r.numerator, r.denominator) })),
  };
}

export function applyRatio(state: RatioState, features: WorkingFeature[]): WorkingFeature[] {
  const byName = new Map(features.map((f) => [f.name, f]));
  const added: WorkingFeature[] = [];
  for (const r of state.ratios) {
    const a = byName.get(r.numerator);
    const b = byName.get(r.denominator);
    if (a?.kind !== "numeric" || b?.kind !== "numeric") continue;
    const values = new Float64Array(a.values.length);
    for (let i = 0; i < values.length; i++) {
      const d = b.values[i];
      values[i] = d === 0 ? Number.NaN : a.values[i] / d;
    }
    added.push({ kind: "numeric", name: r.name, sources: [...a.sources, ...b.sources], values });
  }
  return [...features, ...added];
}
