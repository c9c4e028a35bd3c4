import type { WorkingFeature } from "../feature.js";

/** Standardisation to zero mean and unit variance, with statistics from the training rows. */
export interface ScaleState {
  type: "scale";
  means: Record<string, number>;
  scales: Record<string, number>;
}

/** Learns each feature's mean and standard deviation (constant features keep scale 1). */
export function fitScale(features: WorkingFeature[]): ScaleState {
  const state: ScaleState = { type: "scale", means: {}, scales: {} };
  for (const f of features) {
    if (f.kind !== "numeric") continue;
    let n = 0;
    let mean = 0;
    let m2 = 0;
    for (const v of f.values) {
      if (Number.isNaN(v)) continue;
      n++;
      const d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
    }
    const sd = n > 1 ? Math.sqrt(m2 / n) : 0;
    state.means[f.name] = mean;
    state.scales[f.name] = sd > 1e-12 ? sd : 1;
  }
  return state;
}

export function applyScale(state: ScaleState, features: WorkingFeature[]): WorkingFeature[] {
  return features.map((f) => {
    if (f.kind !== "numeric" || !(f.name in state.means)) return f;
    const mean = state.means[f.name];
    const scale = state.scales[f.name];
    const values = new Float64Array(f.values.length);
    for (let i = 0; i < values.length; i++) values[i] = (f.values[i] - mean) / scale;
    return { ...f, values };
  });
}
