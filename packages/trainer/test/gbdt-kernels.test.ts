import { describe, expect, it } from "vitest";
import { binColumn, binOf, fitBinEdges } from "../src/models/gbdt/binning.js";
import { Rng } from "../src/util/random.js";

describe("binning by grid lookup", () => {
  it("gives every value the bin a binary search gives it", () => {
    const rng = new Rng(11);
    const n = 20_000;
    const columns = [
      Float64Array.from({ length: n }, () => rng.normal()),
      // Heavy tails: most edges crowd near zero, a few values lie far out.
      Float64Array.from({ length: n }, () => rng.normal() ** 5 * 1e6),
      Float64Array.from({ length: n }, () => Math.floor(rng.next() * 7)),
      Float64Array.from({ length: n }, () => (rng.next() < 0.2 ? Number.NaN : rng.next())),
      new Float64Array(n).fill(3),
      Float64Array.from({ length: n }, (_, i) =>
        i % 3 === 0 ? Number.NEGATIVE_INFINITY : i % 3 === 1 ? Number.POSITIVE_INFINITY : rng.normal(),
      ),
    ];
    const edges = fitBinEdges({ nRows: n, nCols: columns.length, columns, names: [] });
    columns.forEach((col, j) => {
      // The edges themselves and values next to them are the hard cases.
      const probes = Float64Array.from([
        ...col,
        ...edges[j],
        ...Array.from(edges[j], (e) => e * (1 + 1e-15)),
      ]);
      const fast = new Uint16Array(probes.length);
      binColumn(probes, edges[j], fast);
      const slow = Uint16Array.from(probes, (v) => binOf(edges[j], v));
      expect(fast).toEqual(slow);
    });
    expect(new Set(edges[2]).size).toBe(7);
  });
});
