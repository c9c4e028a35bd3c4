// Figures behind the report's curves, from out-of-fold predictions. Hand-written: a sort and a sweep each.

/** Points kept per curve: enough to draw it smoothly, few enough to keep the page small. */
const MAX_POINTS = 200;

/** Keeps at most `MAX_POINTS` evenly spaced points, always the first and the last. */
function thin<T>(points: T[]): T[] {
  if (points.length <= MAX_POINTS) return points;
  const step = (points.length - 1) / (MAX_POINTS - 1);
  return Array.from({ length: MAX_POINTS }, (_, i) => points[Math.round(i * step)]);
}

/** Row order by descending score. */
function byScore(score: ArrayLike<number>): number[] {
  return Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b] - score[a]);
}

/**
 * ROC and precision-recall curves of scores against 0/1 labels: one point per distinct threshold (ties move
 * together), thinned for drawing, with the areas computed on every point (AUC by trapezoids, average precision
 * as Σ (R_k − R_{k−1}) P_k).
 */
export function binaryCurves(
  positive: ArrayLike<number>,
  score: ArrayLike<number>,
): {
  roc: { fpr: number; tpr: number; threshold: number }[];
  pr: { recall: number; precision: number; threshold: number }[];
  auc: number;
  averagePrecision: number;
} {
  const order = byScore(score);
  let pos = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i] === 1) pos++;
  const neg = positive.length - pos;
  const roc = [{ fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY }];
  const pr: { recall: number; precision: number; threshold: number }[] = [];
  let tp = 0;
  let fp = 0;
  let auc = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let i = 0; i < order.length; ) {
    const t = score[order[i]];
    while (i < order.length && score[order[i]] === t) {
      if (positive[order[i]] === 1) tp++;
      else fp++;
      i++;
    }
    const tpr = pos > 0 ? tp / pos : 0;
    const fpr = neg > 0 ? fp / neg : 0;
    const prev = roc[roc.length - 1];
    auc += ((fpr - prev.fpr) * (tpr + prev.tpr)) / 2;
    roc.push({ fpr, tpr, threshold: t });
    const precision = tp / (tp + fp);
    ap += (tpr - lastRecall) * precision;
    lastRecall = tpr;
    pr.push({ recall: tpr, precision, threshold: t });
  }
  return {
    roc: thin(roc).map((p) => ({ ...p, threshold: Number.isFinite(p.threshold) ? p.threshold : 1 })),
    pr: thin(pr),
    auc,
    averagePrecision: ap,
  };
}

/** Counts of (actual, predicted) class pairs, `k × k` row-major (rows: actual). */
export function confusionMatrix(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  k: number,
): number[] {
  const counts = new Array(k * k).fill(0);
  for (let i = 0; i < actual.length; i++) counts[actual[i] * k + predicted[i]]++;
  return counts;
}

/** The most probable class of each row of row-major probabilities (`k` per row; k = 1 means P(class 1)). */
export function predictedClasses(predictions: ArrayLike<number>, k: number, rows: number): Int32Array {
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    if (k === 1) {
      out[i] = predictions[i] >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (predictions[i * k + c] > predictions[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}
