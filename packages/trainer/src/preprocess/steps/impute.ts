import type { WorkingFeature } from "../feature.js";

/** Median imputation, with a 0/1 indicator for each feature that had missing values in the training rows. */
export interface ImputeState {
  type: "impute";
  medians: Record<string, number>;
  indicators: string[];
}

function median(values: Float64Array): number {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  if (present.length === 0) return 0;
  const mid = present.length >> 1;
  return present.length % 2 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
}

/** Learns medians and which features need a missing indicator from the training rows. */
export function fitImpute(features: WorkingFeature[]): ImputeState {
  const state: ImputeState = { type: "impute", medians: {}, indicators: [] };
  for (const f of features) {
    if (f.kind !== "numeric") continue;
    state.medians[f.name] = median(f.values);
    if (f.values.some(Number.isNaN)) state.indicators.push(f.name);
  }
  return state;
}

export function applyImpute(state: ImputeState, features: WorkingFeature[]): WorkingFeature[] {
  const indicators = new Set(state.indicators);
  return features.flatMap((f): WorkingFeature[] => {
    if (f.kind !== "numeric") return [f];
    const fill = state.medians[f.name] ?? 0;
    const values = new Float64Array(f.values.length);
    const missing = indicators.has(f.name) ? new Float64Array(f.values.length) : undefined;
    for (let i = 0; i < values.length; i++) {
      const v = f.values[i];
      if (Number.isNaN(v)) {
        values[i] = fill;
        if (missing) missing[i] = 1;
      } else values[i] = v;
    }
    const imputed: WorkingFeature = { ...f, values };
    return missing
      ? [imputed, { kind: "numeric", name: `${f.name}__missing`, sources: f.sources, values: missing }]
      : [imputed];
  });
}
