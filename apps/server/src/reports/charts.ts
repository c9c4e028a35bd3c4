// Vega-Lite specs of the report's charts, data inline, so the same spec renders as SVG here and in a browser with
// vega-embed. One function per chart; each returns a plain spec object.

type Spec = Record<string, unknown>;
type Datum = Record<string, unknown>;

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const ACCENT = "#3b6ea8";

/** Shared look: readable fonts, light grid, no chart border. */
const CONFIG = {
  font: "Helvetica, Arial, sans-serif",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#e6e8eb", domainColor: "#9aa1a9" },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  range: {
    category: ["#3b6ea8", "#e07b39", "#4c9f70", "#b5484b", "#8a6bbd", "#c4a23a", "#5aa5b8", "#7f7f7f"],
  },
};

function spec(title: string, body: Spec, width = 520, height = 300): Spec {
  return { $schema: SCHEMA, title, width, height, config: CONFIG, ...body };
}

/** Cross-validated score of each family's best trial (and the ensemble), best first. */
export function leaderboardChart(rows: { model: string; score: number }[], metric: string): Spec {
  return spec(
    `Cross-validated ${metric} by model`,
    {
      data: { values: rows },
      mark: { type: "bar", color: ACCENT, cornerRadiusEnd: 2 },
      encoding: {
        y: { field: "model", type: "nominal", sort: null, title: null },
        x: { field: "score", type: "quantitative", title: metric },
        tooltip: [{ field: "model" }, { field: "score", format: ".4f" }],
      },
    },
    520,
    Math.max(60, 28 * rows.length),
  );
}

/** The selection metric on each fold, with the mean across folds. */
export function foldScoresChart(scores: number[], metric: string): Spec {
  const values = scores.map((score, i) => ({ fold: i + 1, score }));
  const mean = scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length);
  return spec(
    `${metric} per fold`,
    {
      layer: [
        {
          data: { values },
          mark: { type: "bar", color: ACCENT, opacity: 0.85 },
          encoding: {
            x: { field: "fold", type: "ordinal", title: "fold" },
            y: { field: "score", type: "quantitative", title: metric },
            tooltip: [{ field: "fold" }, { field: "score", format: ".4f" }],
          },
        },
        {
          data: { values: [{ mean }] },
          mark: { type: "rule", color: "#b5484b", strokeDash: [4, 3] },
          encoding: { y: { field: "mean", type: "quantitative" } },
        },
      ],
    },
    360,
    240,
  );
}

/** ROC curves (one per class for multiclass, one-vs-rest) with the chance diagonal. */
export function rocChart(points: Datum[]): Spec {
  return spec(
    "ROC curve (out-of-fold)",
    {
      layer: [
        {
          data: {
            values: [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ],
          },
          mark: { type: "line", color: "#9aa1a9", strokeDash: [4, 4] },
          encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
        },
        {
          data: { values: points },
          mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
          encoding: {
            x: {
              field: "fpr",
              type: "quantitative",
              title: "false positive rate",
              scale: { domain: [0, 1] },
            },
            y: { field: "tpr", type: "quantitative", title: "true positive rate", scale: { domain: [0, 1] } },
            color: { field: "curve", type: "nominal", title: null },
          },
        },
      ],
    },
    360,
    320,
  );
}

/** Precision-recall curves (one per class for multiclass, one-vs-rest). */
export function precisionRecallChart(points: Datum[]): Spec {
  return spec(
    "Precision-recall curve (out-of-fold)",
    {
      data: { values: points },
      mark: { type: "line", interpolate: "step-before", strokeWidth: 2 },
      encoding: {
        x: { field: "recall", type: "quantitative", scale: { domain: [0, 1] } },
        y: { field: "precision", type: "quantitative", scale: { domain: [0, 1] } },
        color: { field: "curve", type: "nominal", title: null },
      },
    },
    360,
    320,
  );
}

/** Counts of actual vs predicted classes as a heat map with the count in each cell. */
export function confusionChart(cells: { actual: string; predicted: string; count: number }[]): Spec {
  const encoding = {
    x: { field: "predicted", type: "nominal", title: "predicted", sort: null },
    y: { field: "actual", type: "nominal", title: "actual", sort: null },
  };
  const side = Math.min(480, 60 * Math.sqrt(cells.length) + 40);
  const half = Math.max(...cells.map((c) => c.count)) / 2;
  return spec(
    "Confusion matrix (out-of-fold)",
    {
      data: { values: cells },
      encoding,
      layer: [
        {
          mark: "rect",
          encoding: {
            color: { field: "count", type: "quantitative", scale: { scheme: "blues" }, legend: null },
          },
        },
        {
          mark: { type: "text", fontSize: 12 },
          encoding: {
            text: { field: "count", type: "quantitative" },
            // Light text on the dark cells, dark on the light ones.
            color: { condition: { test: `datum.count > ${half}`, value: "#ffffff" }, value: "#1b1f24" },
          },
        },
      ],
    },
    side,
    side,
  );
}

/** Out-of-fold predictions against the truth (regression), with the identity line. */
export function predictedActualChart(points: { actual: number; predicted: number }[]): Spec {
  const all = points.flatMap((p) => [p.actual, p.predicted]);
  const domain = [Math.min(...all), Math.max(...all)];
  return spec(
    "Predicted vs actual (out-of-fold)",
    {
      layer: [
        {
          data: { values: points },
          mark: { type: "circle", size: 18, opacity: 0.55, color: ACCENT },
          encoding: {
            x: { field: "actual", type: "quantitative", title: "actual", scale: { domain } },
            y: { field: "predicted", type: "quantitative", title: "predicted", scale: { domain } },
          },
        },
        {
          data: { values: domain.map((v) => ({ v })) },
          mark: { type: "line", color: "#b5484b", strokeDash: [4, 3] },
          encoding: {
            x: { field: "v", type: "quantitative", title: "actual" },
            y: { field: "v", type: "quantitative", title: "predicted" },
          },
        },
      ],
    },
    360,
    320,
  );
}

/** Residuals (actual − predicted) against the prediction, with the zero line. */
export function residualChart(points: { predicted: number; residual: number }[]): Spec {
  return spec(
    "Residuals vs predicted (out-of-fold)",
    {
      layer: [
        {
          data: { values: points },
          mark: { type: "circle", size: 18, opacity: 0.55, color: ACCENT },
          encoding: {
            x: { field: "predicted", type: "quantitative", scale: { zero: false } },
            y: { field: "residual", type: "quantitative", title: "actual − predicted" },
          },
        },
        {
          data: { values: [{ zero: 0 }] },
          mark: { type: "rule", color: "#b5484b", strokeDash: [4, 3] },
          encoding: { y: { field: "zero", type: "quantitative" } },
        },
      ],
    },
    360,
    320,
  );
}

/** Distribution of the residuals. */
export function residualHistogram(residuals: number[]): Spec {
  return spec(
    "Residual distribution",
    {
      data: { values: residuals.map((residual) => ({ residual })) },
      mark: { type: "bar", color: ACCENT },
      encoding: {
        x: { field: "residual", type: "quantitative", bin: { maxbins: 30 }, title: "actual − predicted" },
        y: { aggregate: "count", type: "quantitative", title: "rows" },
      },
    },
    360,
    240,
  );
}

/** Importance per column, largest first, with an error bar when a spread is known. */
export function importanceChart(
  title: string,
  rows: { column: string; importance: number; low?: number; high?: number }[],
  axis: string,
): Spec {
  const bars = {
    mark: { type: "bar", color: ACCENT },
    encoding: {
      y: { field: "column", type: "nominal", sort: null, title: null },
      x: { field: "importance", type: "quantitative", title: axis },
      tooltip: [{ field: "column" }, { field: "importance", format: ".4f" }],
    },
  };
  const errors = {
    mark: { type: "errorbar", color: "#1b1f24" },
    encoding: {
      y: { field: "column", type: "nominal", sort: null },
      x: { field: "low", type: "quantitative" },
      x2: { field: "high" },
    },
  };
  const withSpread = rows.some((r) => r.low !== undefined);
  return spec(
    title,
    { data: { values: rows }, layer: withSpread ? [bars, errors] : [bars] },
    480,
    Math.max(60, 22 * rows.length),
  );
}

/** Share of missing values per column. */
export function missingChart(rows: { column: string; missing: number }[]): Spec {
  return spec(
    "Missing values per column",
    {
      data: { values: rows },
      mark: { type: "bar", color: "#e07b39" },
      encoding: {
        y: { field: "column", type: "nominal", sort: null, title: null },
        x: {
          field: "missing",
          type: "quantitative",
          title: "share missing",
          axis: { format: "%" },
          scale: { domain: [0, 1] },
        },
      },
    },
    420,
    Math.max(60, 20 * rows.length),
  );
}

/** Rows per class of the label. */
export function classBalanceChart(rows: { value: string; count: number }[]): Spec {
  return spec(
    "Class balance",
    {
      data: { values: rows },
      mark: { type: "bar", color: ACCENT },
      encoding: {
        y: { field: "value", type: "nominal", sort: null, title: null },
        x: { field: "count", type: "quantitative", title: "rows" },
      },
    },
    420,
    Math.max(60, 24 * rows.length),
  );
}
