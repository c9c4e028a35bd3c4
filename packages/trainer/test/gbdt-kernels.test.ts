import { describe, expect, it } from "vitest";
import { gbdt } from "../src/index.js";
import { binColumn, binOf, fitBinEdges } from "../src/models/gbdt/binning.js";
import type { Booster } from "../src/models/gbdt/booster.js";
import { histogramModule } from "../src/models/gbdt/wasm-kernel.js";
import { Rng } from "../src/util/random.js";
import { synthetic } from "./synthetic.js";

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

describe("wasm histogram kernel", () => {
  // Three classes, missing values, and column subsampling (the kernel's feature-subset path).
  const data = synthetic(
    40_000,
    7,
    (x, rng) => (x[0] * x[1] + 0.4 * x[2] + 0.3 * rng.normal() > 0 ? 1 : 0) + (x[3] > 0.6 ? 1 : 0),
  );
  for (const col of data.x.columns.slice(4)) for (let i = 0; i < col.length; i += 9) col[i] = Number.NaN;
  const trees = (kernel: string, threads: number, layout = "rows", subsample = 0.8) => {
    const model = gbdt.fit({
      ...data,
      kind: "multiclass",
      nClasses: 3,
      params: {
        n_estimators: 6,
        max_leaves: 15,
        colsample_bytree: 0.7,
        subsample,
        n_threads: threads,
        kernel,
        hist_layout: layout,
      },
      seed: 5,
    }) as Booster;
    return JSON.stringify(model.toJSON().trees);
  };

  it("is built and runs here", () => {
    expect(histogramModule()).not.toBeNull();
  });

  it("grows the very trees the JavaScript kernel grows, on one thread and on two", () => {
    const js = trees("js", 1);
    expect(trees("wasm", 1)).toBe(js);
    expect(trees("wasm", 2)).toBe(trees("js", 2));
  });

  it("grows the same trees reading the bins column by column", () => {
    expect(trees("wasm", 1, "columns")).toBe(trees("js", 1));
    expect(trees("wasm", 2, "columns")).toBe(trees("js", 2));
  });

  it("agrees on unsampled rows too, where a node's rows can be one consecutive run", () => {
    const js = trees("js", 2, "rows", 1);
    expect(trees("wasm", 2, "rows", 1)).toBe(js);
    expect(trees("wasm", 2, "columns", 1)).toBe(js);
  });

  it("refuses an unknown kernel", () => {
    expect(() => trees("gpu", 1)).toThrow(/kernel must be one of auto, wasm, js/);
    expect(() => trees("wasm", 1, "diagonal")).toThrow(/hist_layout must be one of rows, columns/);
  });
});
