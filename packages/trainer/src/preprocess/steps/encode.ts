import type { WorkingFeature } from "../feature.js";

/**
 * Categorical encodings learned on training rows. Few levels: one 0/1 column per level. Many levels: the level's
 * training frequency plus an ordinal code by frequency rank. Unseen levels encode as all-zero / frequency 0 /
 * ordinal NaN; missing values as NaN, so that imputation and its indicator handle them.
 */
export interface EncodeState {
  type: "encode";
  oneHot: { column: string; levels: string[] }[];
  frequency: { column: string; levels: string[]; frequencies: number[] }[];
}

/** Learns the levels of each categorical column from the training rows; `frequency` columns never get one-hot. */
export function fitEncode(
  features: WorkingFeature[],
  oneHotMaxLevels: number,
  frequency: readonly string[] = [],
): EncodeState {
  const state: EncodeState = { type: "encode", oneHot: [], frequency: [] };
  const forced = new Set(frequency);
  for (const f of features) {
    if (f.kind !== "categorical") continue;
    const counts = new Float64Array(f.categories.length);
    let present = 0;
    for (const c of f.codes) {
      if (c >= 0) {
        counts[c]++;
        present++;
      }
    }
    // Most frequent first, ties by name, so the encoding does not depend on row order.
    const levels = f.categories
      .map((name, i) => ({ name, count: counts[i] }))
      .filter((l) => l.count > 0)
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
    if (levels.length <= oneHotMaxLevels && !forced.has(f.name))
      state.oneHot.push({ column: f.name, levels: levels.map((l) => l.name) });
    else
      state.frequency.push({
        column: f.name,
        levels: levels.map((l) => l.name),
        frequencies: levels.map((l) => l.count / present),
      });
  }
  return state;
}

/** Maps each of a feature's codes to its level index in `levels` (-1 unseen, -2 missing). */
function levelIndex(f: Extract<WorkingFeature, { kind: "categorical" }>, levels: string[]): Int32Array {
  const lookup = new Map(levels.map((l, i) => [l, i]));
  const mapped = f.categories.map((c) => lookup.get(c) ?? -1);
  const out = new Int32Array(f.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = f.codes[i] < 0 ? -2 : mapped[f.codes[i]];
  return out;
}

export function applyEncode(state: EncodeState, features: WorkingFeature[]): WorkingFeature[] {
  const oneHot = new Map(state.oneHot.map((e) => [e.column, e]));
  const frequency = new Map(state.frequency.map((e) => [e.column, e]));
  return features.flatMap((f): WorkingFeature[] => {
    if (f.kind !== "categorical") return [f];
    const hot = oneHot.get(f.name);
    if (hot) {
      const index = levelIndex(f, hot.levels);
      return hot.levels.map((level, k) => {
        const values = new Float64Array(index.length);
        for (let i = 0; i < index.length; i++)
          values[i] = index[i] === -2 ? Number.NaN : index[i] === k ? 1 : 0;
        return { kind: "numeric", name: `${f.name}=${level}`, sources: f.sources, values };
      });
    }
    const freq = frequency.get(f.name)!;
    const index = levelIndex(f, freq.levels);
    const share = new Float64Array(index.length);
    const rank = new Float64Array(index.length);
    for (let i = 0; i < index.length; i++) {
      const k = index[i];
      share[i] = k === -2 ? Number.NaN : k === -1 ? 0 : freq.frequencies[k];
      rank[i] = k < 0 ? Number.NaN : k;
    }
    return [
      { kind: "numeric", name: `${f.name}__frequency`, sources: f.sources, values: share },
      { kind: "numeric", name: `${f.name}__ordinal`, sources: f.sources, values: rank },
    ];
  });
}
