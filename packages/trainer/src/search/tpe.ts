import type { ParamSpace, Params, SearchSpace } from "../models/family.js";
import type { Rng } from "../util/random.js";
import { CategoricalParzen, NumericalParzen } from "./parzen.js";
import { type Observation, randomSampler, type Sampler, trialRng } from "./sampler.js";
import { fromInternal, internalBounds, isActive, orderedNames, toInternal } from "./space.js";

export interface TpeOptions {
  /** Trials drawn at random before TPE takes over. Optuna: 10. */
  startupTrials?: number;
  /** Candidates drawn from l(x) and ranked by l(x) / g(x). Optuna: 24. */
  eiCandidates?: number;
  /** Weight of the prior kernel. Optuna: 1. */
  priorWeight?: number;
  /** Sample all parameters jointly from product kernels instead of one at a time. */
  multivariate?: boolean;
}

/** Optuna's default split: the best min(⌈0.1 n⌉, 25) observations are "good". */
export function goodCount(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

type Numeric = Extract<ParamSpace, { type: "float" | "int" }>;

/**
 * The tree-structured Parzen estimator (Bergstra et al. 2011) as Optuna's TPESampler does it: split the
 * history into good and bad trials at a quantile, fit a Parzen estimator (weighted truncated Gaussians with a
 * prior) to each, draw candidates from the good one and keep the one that maximises l(x) / g(x), the expected
 * improvement criterion. Log parameters are modelled in log space, integers on a widened continuous range and
 * rounded, categoricals by smoothed weighted counts.
 */
export function tpeSampler(options: TpeOptions = {}): Sampler {
  const startup = options.startupTrials ?? 10;
  const candidates = options.eiCandidates ?? 24;
  const priorWeight = options.priorWeight ?? 1;
  return {
    name: options.multivariate ? "tpe-multivariate" : "tpe",
    sample(space, history, number, seed) {
      if (history.length < startup) return randomSampler.sample(space, history, number, seed);
      const rng = trialRng(seed, number);
      const sorted = [...history].sort((a, b) => a.loss - b.loss || a.number - b.number);
      const nGood = goodCount(history.length);
      // Each side keeps trial order, which the observation weights depend on.
      const good = sorted.slice(0, nGood).sort((a, b) => a.number - b.number);
      const bad = sorted.slice(nGood).sort((a, b) => a.number - b.number);
      return options.multivariate
        ? sampleJointly(space, good, bad, rng, candidates, priorWeight)
        : sampleIndependently(space, good, bad, rng, candidates, priorWeight);
    },
  };
}

function numericObservations(space: Numeric, name: string, trials: Observation[]): number[] {
  return trials
    .filter((t) => typeof t.params[name] === "number")
    .map((t) => toInternal(space, t.params[name] as number));
}

function categoricalObservations(
  space: Extract<ParamSpace, { type: "categorical" }>,
  name: string,
  trials: Observation[],
): number[] {
  return trials
    .filter((t) => name in t.params)
    .map((t) => space.choices.indexOf(t.params[name]))
    .filter((c) => c >= 0);
}

function sampleIndependently(
  space: SearchSpace,
  good: Observation[],
  bad: Observation[],
  rng: Rng,
  candidates: number,
  priorWeight: number,
  fixed: Params = {},
): Params {
  const params: Params = { ...fixed };
  for (const name of orderedNames(space)) {
    const s = space[name];
    if (name in params || !isActive(s, params)) continue;
    if (s.type === "categorical") {
      const l = new CategoricalParzen(categoricalObservations(s, name, good), s.choices.length, priorWeight);
      const g = new CategoricalParzen(categoricalObservations(s, name, bad), s.choices.length, priorWeight);
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < candidates; i++) {
        const c = l.sample(rng);
        const score = l.logProbabilities[c] - g.logProbabilities[c];
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      params[name] = s.choices[best];
      continue;
    }
    const [lo, hi] = internalBounds(s);
    const l = new NumericalParzen(numericObservations(s, name, good), lo, hi, { priorWeight });
    const g = new NumericalParzen(numericObservations(s, name, bad), lo, hi, { priorWeight });
    let best = lo;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < candidates; i++) {
      const x = l.sampleKernel(l.pickKernel(rng), rng);
      const score = l.logPdf(x) - g.logPdf(x);
      if (score > bestScore) {
        bestScore = score;
        best = x;
      }
    }
    params[name] = fromInternal(s, best);
  }
  return params;
}

/**
 * Joint sampling: each candidate takes one good trial's kernel in every dimension at once (product kernels),
 * so that parameters that work together are proposed together.
 */
function sampleJointly(
  space: SearchSpace,
  good: Observation[],
  bad: Observation[],
  rng: Rng,
  candidates: number,
  priorWeight: number,
): Params {
  const names = orderedNames(space).filter((n) => !space[n].condition);
  const dims = names.length;
  const bandwidth = (n: number, s: Numeric) => {
    const [lo, hi] = internalBounds(s);
    return 0.2 * Math.max(n, 1) ** (-1 / (dims + 4)) * (hi - lo);
  };
  const models = names.map((name) => {
    const s = space[name];
    if (s.type === "categorical") {
      return {
        kind: "cat" as const,
        l: new CategoricalParzen(categoricalObservations(s, name, good), s.choices.length, priorWeight),
        g: new CategoricalParzen(categoricalObservations(s, name, bad), s.choices.length, priorWeight),
      };
    }
    const [lo, hi] = internalBounds(s);
    return {
      kind: "num" as const,
      l: new NumericalParzen(numericObservations(s, name, good), lo, hi, {
        priorWeight,
        multivariateSigma: bandwidth(good.length + 1, s),
      }),
      g: new NumericalParzen(numericObservations(s, name, bad), lo, hi, {
        priorWeight,
        multivariateSigma: bandwidth(bad.length + 1, s),
      }),
    };
  });
  let best: number[] = [];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < candidates; i++) {
    const numeric = models.find((m) => m.kind === "num");
    const k = numeric?.kind === "num" ? numeric.l.pickKernel(rng) : 0;
    let score = 0;
    const values = models.map((m) => {
      if (m.kind === "cat") {
        const c = m.l.sample(rng);
        score += m.l.logProbabilities[c] - m.g.logProbabilities[c];
        return c;
      }
      const x = m.l.sampleKernel(Math.min(k, m.l.mus.length - 1), rng);
      score += m.l.logPdf(x) - m.g.logPdf(x);
      return x;
    });
    if (score > bestScore) {
      bestScore = score;
      best = values;
    }
  }
  const params: Params = {};
  names.forEach((name, d) => {
    const s = space[name];
    params[name] = s.type === "categorical" ? s.choices[best[d]] : fromInternal(s, best[d]);
  });
  // Conditional parameters are sampled one at a time once their parents are fixed.
  return sampleIndependently(space, good, bad, rng, candidates, priorWeight, params);
}
