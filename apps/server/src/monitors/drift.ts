// Drift statistics on typed arrays, free of I/O so agents and pipelines can reuse them. Hand-written: they are a
// few dozen lines each, and the libraries that have them (scipy, evidently) are not JavaScript.

/** Proportion given to an empty bin, so PSI and chi-squared stay finite (the usual smoothing). */
export const EMPTY_BIN = 1e-4;

/** Sorts the non-NaN values of `values` ascending (a new array). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[j++] = values[i];
  return out.sort();
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, linearly interpolated (numpy's default). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Interior cut points of `bins` equal-frequency bins of sorted values, duplicates removed. */
export function quantileEdges(sorted: Float64Array, bins: number): Float64Array {
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const e = quantile(sorted, b / bins);
    if (!Number.isNaN(e) && (edges.length === 0 || e > edges[edges.length - 1])) edges.push(e);
  }
  return Float64Array.from(edges);
}

/**
 * Counts of values per bin: bin i holds values in (edges[i-1], edges[i]] (the first bin everything ≤ edges[0],
 * the last everything above the last edge), and one extra last slot counts missing (NaN) values.
 */
export function binCounts(values: ArrayLike<number>, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 2);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      counts[edges.length + 1]++;
      continue;
    }
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]++;
  }
  return counts;
}

/** Counts as proportions, with empty bins raised to `EMPTY_BIN`. */
export function proportions(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = Math.max(total > 0 ? counts[i] / total : 0, EMPTY_BIN);
  return out;
}

/**
 * Population stability index of a current distribution against a reference, both given as counts over the same
 * bins: Σ (c − r) · ln(c / r) over the bin proportions. Below 0.1 is usually read as stable, above 0.2 as shifted.
 */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const r = proportions(reference);
  const c = proportions(current);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += (c[i] - r[i]) * Math.log(c[i] / r[i]);
  return sum;
}

/**
 * Survival function of the Kolmogorov distribution, P(K > λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}, switching to the
 * theta-function form for small λ where the alternating series converges slowly.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    // P(K ≤ λ) = √(2π)/λ Σ_{j≥1} e^{−(2j−1)²π²/(8λ²)}
    const k = -(Math.PI * Math.PI) / (8 * lambda * lambda);
    let cdf = 0;
    for (let j = 1; j <= 6; j++) cdf += Math.exp((2 * j - 1) ** 2 * k);
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * cdf));
  }
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Two-sample Kolmogorov–Smirnov test on sorted, NaN-free samples: D = sup |F_a − F_b|, and its two-sided p-value
 * from the asymptotic Kolmogorov distribution with Stephens' small-sample correction,
 * λ = (√n_e + 0.12 + 0.11/√n_e) · D with n_e = n·m/(n+m).
 */
export function ksTwoSample(a: Float64Array, b: Float64Array): { statistic: number; pValue: number } {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { statistic: Number.NaN, pValue: Number.NaN };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i], b[j]);
    while (i < n && a[i] === x) i++;
    while (j < m && b[j] === x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  return { statistic: d, pValue: kolmogorovSurvival((en + 0.12 + 0.11 / en) * d) };
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let k = 1; k < 9; k++) sum += c[k] / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularised upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a): series below a + 1, else a continued fraction. */
export function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lead = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 1000 && Math.abs(term) > Math.abs(sum) * 1e-16; k++) {
      term *= x / (a + k);
      sum += term;
    }
    return Math.max(0, 1 - sum * Math.exp(lead));
  }
  // Lentz's method for the continued fraction of Γ(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let k = 1; k < 1000; k++) {
    const an = -k * (k - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.min(1, Math.exp(lead) * h);
}

/** P(X > x) for X chi-squared with `dof` degrees of freedom. */
export function chiSquaredSurvival(x: number, dof: number): number {
  return regularizedGammaQ(dof / 2, x / 2);
}

/**
 * Chi-squared goodness of fit of current counts against the reference's proportions (empty reference bins raised
 * to `EMPTY_BIN`, then renormalised): Σ (o − e)²/e with e = n · p_ref, k − 1 degrees of freedom over the k bins.
 */
export function chiSquaredTest(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): { statistic: number; dof: number; pValue: number } {
  const p = proportions(reference);
  let mass = 0;
  for (let i = 0; i < p.length; i++) mass += p[i];
  let total = 0;
  for (let i = 0; i < current.length; i++) total += current[i];
  const dof = p.length - 1;
  if (total === 0 || dof < 1) return { statistic: Number.NaN, dof, pValue: Number.NaN };
  let statistic = 0;
  for (let i = 0; i < p.length; i++) {
    const e = (total * p[i]) / mass;
    statistic += (current[i] - e) ** 2 / e;
  }
  return { statistic, dof, pValue: chiSquaredSurvival(statistic, dof) };
}
