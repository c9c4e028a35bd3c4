import type { TrainerRunResult } from "@parzen/client";

type Spec = Record<string, unknown>;
const snake = (o: Record<string, unknown>, camel: string, snakeName: string) => o[snakeName] ?? o[camel];

/** Every trial's selection score in the order the trials ran, coloured by family, with the best so far. */
export function trialsOverTime(result: TrainerRunResult): Spec | undefined {
  const trials = result.trials ?? [];
  if (trials.length === 0) return undefined;
  const better = result.higher_is_better ?? true;
  let best: number | undefined;
  const values = trials.map((t, i) => {
    const score = t.scores[result.metric];
    if (Number.isFinite(score) && (best === undefined || (better ? score > best : score < best)))
      best = score;
    return { trial: i + 1, score, family: t.model_type, best, id: t.id };
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    height: 220,
    data: { values },
    layer: [
      {
        mark: { type: "point", filled: true, size: 60 },
        encoding: {
          x: { field: "trial", type: "quantitative", title: "Trial", axis: { tickMinStep: 1, format: "d" } },
          y: { field: "score", type: "quantitative", title: result.metric, scale: { zero: false } },
          color: { field: "family", type: "nominal", title: "Family" },
          tooltip: [{ field: "id" }, { field: "family" }, { field: "score", format: ".4f" }],
        },
      },
      {
        mark: { type: "line", interpolate: "step-after", color: "#444" },
        encoding: { x: { field: "trial", type: "quantitative" }, y: { field: "best", type: "quantitative" } },
      },
    ],
  };
}

interface FrontPoint {
  trialId: string;
  modelType: string;
  scores: Record<string, number>;
}

/** The Pareto front of the first two metrics against every trial, when two or more metrics were scored. */
export function paretoChart(result: TrainerRunResult): Spec | undefined {
  const pareto = result.pareto as Record<string, unknown> | undefined;
  const metrics = (pareto?.metrics as string[] | undefined) ?? result.metrics ?? [];
  if (!pareto || metrics.length < 2) return undefined;
  const front = ((pareto.front as Record<string, unknown>[] | undefined) ?? []).map(
    (p): FrontPoint => ({
      trialId: String(snake(p, "trialId", "trial_id")),
      modelType: String(snake(p, "modelType", "model_type")),
      scores: p.scores as Record<string, number>,
    }),
  );
  const onFront = new Set(front.map((p) => p.trialId));
  const [x, y] = metrics;
  const values = (result.trials ?? []).map((t) => ({
    x: t.scores[x],
    y: t.scores[y],
    family: t.model_type,
    front: onFront.has(t.id) ? "on the front" : "dominated",
    id: t.id,
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    height: 240,
    data: { values },
    mark: { type: "point", filled: true, size: 70 },
    encoding: {
      x: { field: "x", type: "quantitative", title: x, scale: { zero: false } },
      y: { field: "y", type: "quantitative", title: y, scale: { zero: false } },
      color: {
        field: "front",
        type: "nominal",
        title: "Pareto",
        scale: { domain: ["on the front", "dominated"], range: ["#d62728", "#9aa0a6"] },
      },
      shape: { field: "family", type: "nominal", title: "Family" },
      tooltip: [{ field: "id" }, { field: "x", title: x }, { field: "y", title: y }],
    },
  };
}

/** The ensemble's weight per member trial. */
export function ensembleChart(result: TrainerRunResult): Spec | undefined {
  const weights = (
    result.ensemble as { weights?: { trial_id: string; model_type: string; weight: number }[] }
  )?.weights;
  if (!weights?.length) return undefined;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    height: { step: 22 },
    data: { values: weights },
    mark: "bar",
    encoding: {
      y: { field: "trial_id", type: "nominal", title: "Trial", sort: "-x" },
      x: { field: "weight", type: "quantitative", title: "Weight" },
      color: { field: "model_type", type: "nominal", title: "Family" },
      tooltip: [{ field: "trial_id" }, { field: "weight", format: ".3f" }],
    },
  };
}
