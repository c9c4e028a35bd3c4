import type { ParamSpace, Params, SearchSpace } from "../models/family.js";
import type { Rng } from "../util/random.js";

/** Whether a parameter applies given the values already chosen (its condition, if any, holds). */
export function isActive(space: ParamSpace, chosen: Params): boolean {
  if (!space.condition) return true;
  const value = chosen[space.condition.param];
  return value !== undefined && space.condition.in.includes(value);
}

/** Parameter names in an order where every condition's parent comes before its children. */
export function orderedNames(space: SearchSpace): string[] {
  const names = Object.keys(space);
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (name: string, trail: Set<string>) => {
    if (done.has(name)) return;
    if (trail.has(name)) throw new Error(`Search space conditions form a cycle through "${name}".`);
    trail.add(name);
    const parent = space[name].condition?.param;
    if (parent && space[parent]) visit(parent, trail);
    done.add(name);
    out.push(name);
  };
  for (const name of names) visit(name, new Set());
  return out;
}

/** The numeric bounds a sampler works in: log-space for log parameters, widened by half a step for ints. */
export function internalBounds(space: Extract<ParamSpace, { type: "float" | "int" }>): [number, number] {
  if (space.type === "int" && !space.log) {
    const step = space.step ?? 1;
    return [space.low - step / 2, space.high + step / 2];
  }
  if (space.log) {
    const lo = space.type === "int" ? space.low - 0.5 : space.low;
    const hi = space.type === "int" ? space.high + 0.5 : space.high;
    return [Math.log(Math.max(lo, 1e-12)), Math.log(hi)];
  }
  return [space.low, space.high];
}

/** Maps a parameter value into sampler space. */
export function toInternal(space: Extract<ParamSpace, { type: "float" | "int" }>, value: number): number {
  return space.log ? Math.log(value) : value;
}

/** Maps a sampler-space number back to a valid parameter value (exp, rounding to the step, clamping). */
export function fromInternal(space: Extract<ParamSpace, { type: "float" | "int" }>, x: number): number {
  let v = space.log ? Math.exp(x) : x;
  if (space.type === "int") {
    const step = space.step ?? 1;
    v = space.low + Math.round((v - space.low) / step) * step;
  }
  return Math.min(space.high, Math.max(space.low, v));
}

/** A uniform draw of one parameter (log-uniform for log parameters). */
export function sampleUniform(space: ParamSpace, rng: Rng): string | number | boolean | null {
  if (space.type === "categorical") return space.choices[rng.int(space.choices.length)];
  const [lo, hi] = internalBounds(space);
  return fromInternal(space, lo + rng.next() * (hi - lo));
}
