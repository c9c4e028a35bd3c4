import type { MonitorBatch } from "@parzen/client";

/** Drift statistic per feature across the batches (oldest first), with each feature's alert threshold. */
export function driftOverTime(batches: MonitorBatch[]): Record<string, unknown> | undefined {
  const values = batches.flatMap((batch, i) =>
    batch.drift.map((d) => ({
      batch: i + 1,
      at: batch.created_at,
      column: d.column,
      value: d.value,
      threshold: d.threshold,
      drifted: d.drifted ? "drifted" : "ok",
    })),
  );
  if (values.length === 0) return undefined;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    height: 240,
    data: { values },
    layer: [
      {
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "batch", type: "ordinal", title: "Batch", axis: { labelAngle: 0 } },
          y: { field: "value", type: "quantitative", title: "Drift statistic" },
          color: { field: "column", type: "nominal", title: "Feature" },
          tooltip: [
            { field: "column" },
            { field: "value", format: ".3f" },
            { field: "at" },
            { field: "drifted" },
          ],
        },
      },
      {
        mark: { type: "rule", strokeDash: [4, 4], color: "#b00" },
        encoding: { y: { aggregate: "min", field: "threshold", type: "quantitative" } },
      },
    ],
  };
}
