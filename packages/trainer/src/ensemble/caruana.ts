import type { Rng } from "../util/random.js";

export interface CaruanaOptions {
  /** Selection rounds (members added, with replacement). Default 50. */
  rounds?: number;
  /** Start from the N best single members. Default 1. */
  initBest?: number;
  /** Bagged selection: repeat over random halves of the library and average the weights. */
  bags?: number;
  /** Share of the library in each bag. Default 0.5. */
  bagFraction?: number;
  rng?: Rng;
}

/**
 * Caruana et al. (2004) ensemble selection: start from the best members, then greedily add (with replacement)
 * whichever member most improves the averaged prediction, for a fixed number of rounds. Returns one weight per
 * library member (summing to 1). `score` rates a blended prediction, higher is better; `preds[i]` are member i's
 * predictions over the rows to fit on, all of the same length.
 */
export function caruanaWeights(
  preds: Float64Array[],
  score: (blend: Float64Array) => number,
  options: CaruanaOptions = {},
): Float64Array {
  const bags = options.bags ?? 0;
  if (bags > 1) {
    if (!options.rng) throw new Error("Bagged selection needs an rng.");
    const total = new Float64Array(preds.length);
    const size = Math.max(1, Math.round((options.bagFraction ?? 0.5) * preds.length));
    for (let b = 0; b < bags; b++) {
      const members = options.rng
        .shuffle(Int32Array.from({ length: preds.length }, (_, i) => i))
        .subarray(0, size);
      const w = select(
        Array.from(members, (i) => preds[i]),
        score,
        options,
      );
      members.forEach((m, j) => {
        total[m] += w[j] / bags;
      });
    }
    return total;
  }
  return select(preds, score, options);
}

function select(
  preds: Float64Array[],
  score: (blend: Float64Array) => number,
  options: CaruanaOptions,
): Float64Array {
  const m = preds.length;
  const rounds = Math.max(1, options.rounds ?? 50);
  const len = preds[0].length;
  const counts = new Float64Array(m);
  const sum = new Float64Array(len);
  const candidate = new Float64Array(len);
  const single = preds.map((p) => score(p));
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => single[b] - single[a] || a - b);
  let picked = 0;
  for (const i of order.slice(0, Math.max(1, Math.min(options.initBest ?? 1, m)))) {
    counts[i]++;
    picked++;
    for (let r = 0; r < len; r++) sum[r] += preds[i][r];
  }
  while (picked < rounds) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      const p = preds[i];
      for (let r = 0; r < len; r++) candidate[r] = (sum[r] + p[r]) / (picked + 1);
      const s = score(candidate);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    counts[best]++;
    picked++;
    for (let r = 0; r < len; r++) sum[r] += preds[best][r];
  }
  for (let i = 0; i < m; i++) counts[i] /= picked;
  return counts;
}

/** The weighted average of member predictions. */
export function blend(preds: Float64Array[], weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(preds[0].length);
  preds.forEach((p, i) => {
    const w = weights[i];
    if (w === 0) return;
    for (let r = 0; r < out.length; r++) out[r] += w * p[r];
  });
  return out;
}
