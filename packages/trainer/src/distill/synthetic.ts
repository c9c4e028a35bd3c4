import { type Column, Frame } from "../data/frame.js";
import { Rng } from "../util/random.js";

export interface SyntheticOptions {
  /** Rows to make. */
  rows: number;
  /** Chance that each column of a row is taken from (near) its neighbour. Default 0.5. */
  swap?: number;
  /** Spread of numeric draws: |a − b| / spread around the neighbour's value. Default 2. */
  spread?: number;
  seed?: number;
  /** Rows searched for each row's nearest neighbour. Default 2,000. */
  candidates?: number;
}

/**
 * MUNGE (Bucilă, Caruana & Niculescu-Mizil, 2006): new rows made from real ones. For a random real row and its
 * nearest neighbour, each column is, with probability `swap`, replaced — numeric values by a draw around the
 * neighbour's value (spread by their distance), categories by the neighbour's category, so categories stay valid
 * and the rows stay near the data's manifold. Missing values are kept as they are.
 */
export function mungeRows(frame: Frame, options: SyntheticOptions): Frame {
  const rng = new Rng(options.seed ?? 42);
  const swap = options.swap ?? 0.5;
  const spread = options.spread ?? 2;
  const n = frame.nRows;
  const cols = frame.columns;
  // Standardised numeric values for the distance; categories count 1 when they differ.
  const scaled = cols.map((c) => (c.kind === "categorical" ? undefined : standardise(c.values)));
  const candidates = rng
    .shuffle(Int32Array.from({ length: n }, (_, i) => i))
    .subarray(0, Math.min(n, options.candidates ?? 2000));
  const out = cols.map((c) =>
    c.kind === "categorical" ? new Int32Array(options.rows) : new Float64Array(options.rows),
  );
  for (let r = 0; r < options.rows; r++) {
    const row = rng.int(n);
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const other of candidates) {
      if (other === row) continue;
      let d = 0;
      for (let j = 0; j < cols.length && d < bestDistance; j++) {
        const c = cols[j];
        if (c.kind === "categorical") d += c.codes[row] !== c.codes[other] ? 1 : 0;
        else {
          const a = scaled[j]![row];
          const b = scaled[j]![other];
          if (!Number.isNaN(a) && !Number.isNaN(b)) d += (a - b) ** 2;
        }
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = other;
      }
    }
    cols.forEach((c, j) => {
      const take = best >= 0 && rng.next() < swap;
      if (c.kind === "categorical") {
        (out[j] as Int32Array)[r] = take && c.codes[best] >= 0 ? c.codes[best] : c.codes[row];
        return;
      }
      const a = c.values[row];
      const b = best >= 0 ? c.values[best] : Number.NaN;
      let v = a;
      if (take && !Number.isNaN(a) && !Number.isNaN(b)) {
        if (c.kind === "boolean") v = b;
        else {
          v = b + rng.normal() * (Math.abs(a - b) / spread);
          if (c.kind === "datetime") v = Math.round(v);
        }
      }
      (out[j] as Float64Array)[r] = v;
    });
  }
  const columns: Column[] = cols.map((c, j) =>
    c.kind === "categorical"
      ? { kind: "categorical", name: c.name, codes: out[j] as Int32Array, categories: c.categories }
      : { kind: c.kind, name: c.name, values: out[j] as Float64Array },
  );
  return new Frame(columns);
}

function standardise(values: Float64Array): Float64Array {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  const sd = n > 1 ? Math.sqrt(m2 / n) || 1 : 1;
  return values.map((v) => (v - mean) / sd);
}

/** Rows of `a` then rows of `b` (same columns; categorical codes refer to the same categories). */
export function concatFrames(a: Frame, b: Frame): Frame {
  return new Frame(
    a.columns.map((c) => {
      const other = b.column(c.name);
      if (c.kind === "categorical" && other.kind === "categorical") {
        const codes = new Int32Array(a.nRows + b.nRows);
        codes.set(c.codes);
        // Map b's codes through category names, in case b was built with another category list.
        const index = new Map(c.categories.map((name, i) => [name, i]));
        const categories = [...c.categories];
        const remap = other.categories.map((name) => {
          let i = index.get(name);
          if (i === undefined) {
            i = categories.push(name) - 1;
            index.set(name, i);
          }
          return i;
        });
        for (let i = 0; i < b.nRows; i++)
          codes[a.nRows + i] = other.codes[i] < 0 ? -1 : remap[other.codes[i]];
        return { kind: "categorical", name: c.name, codes, categories };
      }
      if (c.kind === "categorical" || other.kind === "categorical")
        throw new Error(`Column "${c.name}" differs in kind.`);
      const values = new Float64Array(a.nRows + b.nRows);
      values.set(c.values);
      values.set(other.values, a.nRows);
      return { kind: c.kind, name: c.name, values };
    }),
  );
}
