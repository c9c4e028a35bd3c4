import { describe, expect, it } from "vitest";
import { gbdt } from "../src/index.js";
import type { Booster } from "../src/models/gbdt/booster.js";
import { joinPieces, MIN_PARALLEL_PARTITION, type Piece } from "../src/models/gbdt/parallel-partition.js";
import { Rng } from "../src/util/random.js";
import { synthetic } from "./synthetic.js";

describe("joining partitioned pieces", () => {
  it("gives the stable partition of the whole range", () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + rng.int(200);
      const offset = rng.int(20);
      const goesLeft = Array.from({ length: n }, () => rng.next() < 0.5);
      const values = Array.from({ length: n }, (_, i) => 1000 + i);
      // Cut the range into pieces and partition each in place, as the threads do.
      const cuts = [0, ...Array.from({ length: rng.int(4) }, () => rng.int(n)).sort((a, b) => a - b), n];
      const rows = new Int32Array(offset + n + 5).fill(-1);
      const pieces: Piece[] = [];
      for (let k = 0; k + 1 < cuts.length; k++) {
        const [a, b] = [cuts[k], cuts[k + 1]];
        const part = values.slice(a, b);
        const left = part.filter((_, i) => goesLeft[a + i]);
        const right = part.filter((_, i) => !goesLeft[a + i]);
        rows.set([...left, ...right], offset + a);
        pieces.push({ start: offset + a, mid: offset + a + left.length, end: offset + b });
      }
      const mid = joinPieces(rows, new Int32Array(n), pieces);
      const expected = [...values.filter((_, i) => goesLeft[i]), ...values.filter((_, i) => !goesLeft[i])];
      expect(Array.from(rows.subarray(offset, offset + n))).toEqual(expected);
      expect(mid - offset).toBe(goesLeft.filter(Boolean).length);
      // Nothing outside the range is touched.
      expect(rows[offset + n]).toBe(-1);
    }
  });
});

describe("splits partitioned across threads", () => {
  it("grow the very trees one thread's partition grows", () => {
    // Enough rows that the root's and its children's splits are shared between the threads.
    const data = synthetic(3 * MIN_PARALLEL_PARTITION, 4, (x, rng) =>
      x[0] + x[1] * x[2] + 0.3 * rng.normal() > 0 ? 1 : 0,
    );
    const trees = (kernel: string) =>
      JSON.stringify(
        (
          gbdt.fit({
            ...data,
            kind: "binary",
            nClasses: 2,
            params: { n_estimators: 3, max_leaves: 8, n_threads: 2, kernel },
            seed: 2,
          }) as Booster
        ).toJSON().trees,
      );
    expect(trees("wasm")).toBe(trees("js"));
  });
});
