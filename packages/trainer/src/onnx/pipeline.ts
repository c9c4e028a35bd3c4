import type { ColumnKind } from "../data/frame.js";
import type { PipelineState } from "../preprocess/pipeline.js";
import { calendarParts } from "./calendar.js";
import type { GraphBuilder } from "./graph.js";

/** The graph inputs: one `[N, 1]` tensor per raw column, named by the column; text as strings, the rest as doubles. */
export type InputTensors = Map<string, { tensor: string; kind: ColumnKind }>;

/** Declares (once per graph) the inputs a pipeline reads; dropped columns are not inputs. */
export function declareInputs(g: GraphBuilder, state: PipelineState, inputs: InputTensors): void {
  const dropped = new Set(
    state.steps.flatMap((s) => (s.type === "drop" ? s.dropped.map((d) => d.column) : [])),
  );
  for (const { name, kind } of state.inputs) {
    if (dropped.has(name) || inputs.has(name)) continue;
    inputs.set(name, { tensor: g.input(name, kind === "categorical" ? "string" : "double"), kind });
  }
}

type Feature = { kind: "numeric"; tensor: string } | { kind: "categorical"; tensor: string };

/** A categorical input as level indices: 0.. for the known levels, -1 unseen, -2 missing (the empty string). */
function levelIndex(g: GraphBuilder, text: string, levels: string[]): string {
  return g.node(
    "LabelEncoder",
    [text],
    {
      keys_strings: ["", ...levels],
      values_int64s: { ints: [-2, ...levels.map((_, i) => i)] },
      default_int64: -1,
    },
    { domain: "ai.onnx.ml" },
  );
}

/** Looks up a double per level index (table slot 0 is "missing", slot 1 "unseen", then the levels). */
function lookup(g: GraphBuilder, index: string, table: number[]): string {
  const shifted = g.node("Add", [index, g.constant("two", { type: "int64", values: [2], dims: [1, 1] })]);
  const values = g.constant("table", { type: "double", values: table, dims: [table.length] });
  return g.node("Reshape", [
    g.node("Gather", [values, shifted]),
    g.constant("shape", { type: "int64", values: [-1, 1], dims: [2] }),
  ]);
}

/**
 * The fitted pipeline as graph ops, from the raw inputs to the model's feature matrix `[N, features]` (double):
 * the same steps, in the same order, with the same statistics as `Pipeline.transform`.
 */
export function pipelineGraph(g: GraphBuilder, state: PipelineState, inputs: InputTensors): string {
  const features = new Map<string, Feature>();
  for (const { name, kind } of state.inputs) {
    const input = inputs.get(name);
    if (input)
      features.set(name, { kind: kind === "categorical" ? "categorical" : "numeric", tensor: input.tensor });
  }
  const nan = Number.NaN;
  for (const step of state.steps) {
    if (step.type === "drop") for (const d of step.dropped) features.delete(d.column);
    else if (step.type === "datetime") {
      for (const { column, parts } of step.expanded) {
        const source = features.get(column);
        if (!source) continue;
        const computed = calendarParts(g, source.tensor, parts);
        replace(
          features,
          column,
          parts.map((p) => [`${column}__${p}`, { kind: "numeric", tensor: computed.get(p)! }]),
        );
      }
    } else if (step.type === "encode") {
      for (const { column, levels } of step.oneHot) {
        const source = features.get(column);
        if (!source) continue;
        const index = levelIndex(g, source.tensor, levels);
        replace(
          features,
          column,
          levels.map((level, k) => [
            `${column}=${level}`,
            {
              kind: "numeric",
              tensor: lookup(g, index, [nan, 0, ...levels.map((_, j) => (j === k ? 1 : 0))]),
            },
          ]),
        );
      }
      for (const { column, levels, frequencies } of step.frequency) {
        const source = features.get(column);
        if (!source) continue;
        const index = levelIndex(g, source.tensor, levels);
        replace(features, column, [
          [`${column}__frequency`, { kind: "numeric", tensor: lookup(g, index, [nan, 0, ...frequencies]) }],
          [
            `${column}__ordinal`,
            { kind: "numeric", tensor: lookup(g, index, [nan, nan, ...levels.map((_, j) => j)]) },
          ],
        ]);
      }
    } else if (step.type === "impute") {
      const indicators = new Set(step.indicators);
      for (const [name, f] of [...features]) {
        if (f.kind !== "numeric") continue;
        const missing = g.node("IsNaN", [f.tensor]);
        const filled = g.node("Where", [missing, g.scalar(step.medians[name] ?? 0), f.tensor]);
        const replacement: [string, Feature][] = [[name, { kind: "numeric", tensor: filled }]];
        if (indicators.has(name))
          replacement.push([
            `${name}__missing`,
            { kind: "numeric", tensor: g.node("Cast", [missing], { to: 11 }) },
          ]);
        replace(features, name, replacement);
      }
    } else if (step.type === "log") {
      for (const column of step.columns) {
        const f = features.get(column);
        if (f?.kind !== "numeric") continue;
        const magnitude = g.node("Log", [g.node("Add", [g.node("Abs", [f.tensor]), g.scalar(1)])]);
        features.set(column, {
          kind: "numeric",
          tensor: g.node("Mul", [g.node("Sign", [f.tensor]), magnitude]),
        });
      }
    } else if (step.type === "ratio") {
      for (const r of step.ratios) {
        const a = features.get(r.numerator);
        const b = features.get(r.denominator);
        if (a?.kind !== "numeric" || b?.kind !== "numeric") continue;
        const quotient = g.node("Div", [a.tensor, b.tensor]);
        const zero = g.node("Equal", [b.tensor, g.scalar(0)]);
        features.set(r.name, { kind: "numeric", tensor: g.node("Where", [zero, g.scalar(nan), quotient]) });
      }
    } else {
      for (const [name, f] of features) {
        if (f.kind !== "numeric" || !(name in step.means)) continue;
        const centred = g.node("Sub", [f.tensor, g.scalar(step.means[name])]);
        features.set(name, {
          kind: "numeric",
          tensor: g.node("Div", [centred, g.scalar(step.scales[name])]),
        });
      }
    }
  }
  const columns = state.features.map(({ name }) => {
    const f = features.get(name);
    if (f?.kind !== "numeric") throw new Error(`The pipeline graph has no numeric feature "${name}".`);
    return f.tensor;
  });
  return columns.length === 1 ? columns[0] : g.node("Concat", columns, { axis: 1 });
}

/** Replaces one feature by several at its position, keeping the order `Pipeline.transform` produces. */
function replace(features: Map<string, Feature>, name: string, replacement: [string, Feature][]): void {
  const entries = [...features];
  const at = entries.findIndex(([n]) => n === name);
  entries.splice(at, 1, ...replacement);
  features.clear();
  for (const [n, f] of entries) features.set(n, f);
}
