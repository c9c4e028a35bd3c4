import type { Params, SearchSpace } from "../models/family.js";
import { Rng } from "../util/random.js";
import { isActive, orderedNames, sampleUniform } from "./space.js";

/** A finished trial as samplers see it: its parameters and its objective value, lower is better. */
export interface Observation {
  number: number;
  params: Params;
  /** Loss to minimise (studies flip the sign of maximised metrics). */
  loss: number;
}

/**
 * Proposes parameters for trial `number` from the observations it may use. A pure function of its inputs and
 * `seed`, so a study replays identically however many workers evaluate its trials.
 */
export interface Sampler {
  name: string;
  sample(space: SearchSpace, history: readonly Observation[], number: number, seed: number): Params;
}

/** A generator for trial `number` of a study seeded with `seed`. */
export function trialRng(seed: number, number: number): Rng {
  return new Rng(seed).fork(number);
}

/** Independent uniform draws: random search. */
export const randomSampler: Sampler = {
  name: "random",
  sample(space, _history, number, seed) {
    const rng = trialRng(seed, number);
    const params: Params = {};
    for (const name of orderedNames(space)) {
      if (isActive(space[name], params)) params[name] = sampleUniform(space[name], rng);
    }
    return params;
  },
};
