// The gbdt speed levers, each measured against its alternative in one process, interleaved and repeated, so
// that the machine's changing load hits both sides alike. Every figure is printed with the load average.
import { gbdt, type Matrix } from "../src/index.js";
import { binColumn, binOf, fitBinEdges } from "../src/models/gbdt/binning.js";
import { histogramModule } from "../src/models/gbdt/wasm-kernel.js";
import { table } from "./datasets.js";
import { load, median } from "./speed-data.js";

type Variant = { name: string; run: () => void };
type Measured = { name: string; seconds: number; cpu: number; load: string };

/** CPU seconds this process has used (all threads): far less sensitive to other processes than wall time. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Runs the variants in turn `reps` times; returns each one's median wall and CPU seconds and the load seen. */
function interleave(variants: Variant[], reps: number): Measured[] {
  const times = variants.map(() => [] as number[]);
  const cpus = variants.map(() => [] as number[]);
  const loads = variants.map(() => [] as string[]);
  for (let r = 0; r < reps; r++) {
    variants.forEach((v, i) => {
      const started = performance.now();
      const cpu = cpuSeconds();
      v.run();
      times[i].push((performance.now() - started) / 1000);
      cpus[i].push(cpuSeconds() - cpu);
      loads[i].push(load());
    });
  }
  return variants.map((v, i) => ({
    name: v.name,
    seconds: median(times[i]),
    cpu: median(cpus[i]),
    load: loads[i].join(" "),
  }));
}

const leverRow = (lever: string, r: Measured) => [
  lever,
  r.name,
  r.seconds.toFixed(2),
  r.cpu.toFixed(2),
  r.load,
];

/** Binning one matrix: a binary search per value (the old way) against the grid lookup. */
export function binningLever(x: Matrix, reps: number): string[][] {
  const edges = fitBinEdges(x);
  const out = new Uint8Array(x.nRows);
  const rows = interleave(
    [
      {
        name: "binary search per value",
        run: () => {
          x.columns.forEach((col, j) => {
            for (let i = 0; i < col.length; i++) out[i] = binOf(edges[j], col[i]);
          });
        },
      },
      {
        name: "grid lookup (default)",
        run: () => {
          x.columns.forEach((col, j) => {
            binColumn(col, edges[j], out);
          });
        },
      },
      { name: "fitting the edges (sorted sample)", run: () => fitBinEdges(x) },
    ],
    reps,
  );
  return rows.map((r) => leverRow("binning", r));
}

/**
 * Whole fits of `trees` trees with the JavaScript and the wasm histogram kernel, on one and two threads, and
 * with the wasm kernel reading bins row by row (default) or column by column.
 */
export function kernelLever(data: { x: Matrix; y: Float64Array }, trees: number, reps: number): string[][] {
  if (!histogramModule()) return [["kernel", "wasm kernel unavailable here", "", "", load()]];
  const fit =
    (kernel: string, threads: number, layout = "rows") =>
    () => {
      gbdt.fit({
        ...data,
        kind: "binary",
        nClasses: 2,
        params: { n_estimators: trees, max_leaves: 31, kernel, n_threads: threads, hist_layout: layout },
        seed: 1,
      });
    };
  const rows = interleave(
    [
      { name: `js, 1 thread, ${trees} trees`, run: fit("js", 1) },
      { name: `wasm (simd histograms, gathered rows, branch-free partition), 1 thread`, run: fit("wasm", 1) },
      { name: `js, 2 threads, ${trees} trees`, run: fit("js", 2) },
      { name: `wasm, 2 threads, ${trees} trees`, run: fit("wasm", 2) },
      { name: `wasm reading bins by column, 2 threads`, run: fit("wasm", 2, "columns") },
    ],
    reps,
  );
  return rows.map((r) => leverRow("kernel", r));
}

/** Prints the lever table. */
export function printLevers(rows: string[][], n: number): void {
  console.log(`\nLevers, ${n.toLocaleString("en")} × 20, median of interleaved repeats:\n`);
  console.log(table(["lever", "variant", "wall s", "cpu s", "load avg (1 min) after each run"], rows));
}
