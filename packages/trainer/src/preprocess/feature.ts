/** A column on its way through the pipeline: numeric values, or categories still to encode. */
export type WorkingFeature =
  | { kind: "numeric"; name: string; sources: string[]; values: Float64Array }
  | { kind: "categorical"; name: string; sources: string[]; codes: Int32Array; categories: string[] };

/** Counts the non-missing distinct values of a numeric feature, stopping early past `limit`. */
export function distinctCount(values: Float64Array, limit = Number.POSITIVE_INFINITY): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      seen.add(v);
      if (seen.size > limit) break;
    }
  }
  return seen.size;
}
