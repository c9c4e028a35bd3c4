import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Frame, readFrame, type TrainOptions, type TrainResult, train } from "../src/index.js";

const here = fileURLToPath(new URL(".", import.meta.url));
/** The repository root (bench/ sits in packages/trainer/). */
export const repoRoot = join(here, "../../..");
/** `../shared` beside the checkout, when present: the full datasets and the peers' reference numbers. */
export const sharedDir = join(repoRoot, "../shared");

export interface DatasetMeta {
  name: string;
  label: string;
  task: "binary" | "multiclass" | "regression";
  metric: string;
  csv: string;
  folds: string;
}

/** The benchmark datasets: `../shared/datasets` when present, else the copies in `examples/`. */
export function benchDatasets(): DatasetMeta[] {
  const dir = existsSync(join(sharedDir, "datasets"))
    ? join(sharedDir, "datasets")
    : join(repoRoot, "examples");
  return ["breast_cancer", "diabetes", "wine", "penguins", "seattle_weather"]
    .filter((name) => existsSync(join(dir, `${name}.json`)))
    .map((name) => {
      const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
      return {
        name,
        label: meta.label,
        task: meta.task,
        metric: meta.metric,
        csv: join(dir, `${name}.csv`),
        folds: join(dir, `${name}.folds.csv`),
      };
    });
}

/** A benchmark dataset's rows and its fixed fold id per row. */
export async function loadWithFolds(ds: DatasetMeta): Promise<{ data: Frame; folds: Float64Array }> {
  const data = await readFrame(ds.csv);
  const fold = (await readFrame(ds.folds)).column("fold");
  if (fold.kind === "categorical") throw new Error(`${ds.folds}: fold column is not numeric`);
  return { data, folds: fold.values };
}

/** Trains on a benchmark dataset's fixed folds, selecting by its metric. */
export async function trainOnFolds(
  ds: DatasetMeta,
  options: Omit<TrainOptions, "data" | "task" | "folds" | "metrics">,
): Promise<{ data: Frame; folds: Float64Array; result: TrainResult }> {
  const { data, folds } = await loadWithFolds(ds);
  const result = await train({
    data,
    task: { labelColumn: ds.label, taskKind: ds.task },
    metrics: [ds.metric],
    folds,
    ...options,
  });
  return { data, folds, result };
}

/** Peer scores from `../shared/bench/peers.json`, or undefined without it. */
export function peers():
  | Record<string, { models: Record<string, { oof: number; seconds: number }> }>
  | undefined {
  const file = join(sharedDir, "bench/peers.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).datasets : undefined;
}

/** Formats rows as an aligned plain-text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
