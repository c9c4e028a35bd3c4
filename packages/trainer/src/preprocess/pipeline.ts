import { asEpochMs, asNumbers, asStrings } from "../data/convert.js";
import type { ColumnKind, Frame } from "../data/frame.js";
import { buildColumn } from "../data/infer.js";
import { TrainerInputError } from "../errors.js";
import type { WorkingFeature } from "./feature.js";
import type { Matrix } from "./matrix.js";
import { applyDatetime, type DatetimeState, fitDatetime } from "./steps/datetime.js";
import { applyDrop, type DropState, fitDrop } from "./steps/drop.js";
import { applyEncode, type EncodeState, fitEncode } from "./steps/encode.js";
import { type FeatureStep, requestedColumns } from "./steps/feature-steps.js";
import { applyImpute, fitImpute, type ImputeState } from "./steps/impute.js";
import { applyLog, fitLog, type LogState } from "./steps/log.js";
import { applyRatio, fitRatio, type RatioState } from "./steps/ratio.js";
import { applyScale, fitScale, type ScaleState } from "./steps/scale.js";

export interface PreprocessOptions {
  /** Median-impute missing values and add missing indicators (models that cannot take NaN need it). */
  impute?: boolean;
  /** Standardise features (linear and neural models need it). */
  scale?: boolean;
  /** Categorical columns with at most this many levels are one-hot encoded; others get frequency + ordinal codes. */
  oneHotMaxLevels?: number;
  /** Feature-engineering steps asked for by the caller, fitted with the automatic ones. */
  steps?: readonly FeatureStep[];
}

export type StepState =
  | DropState
  | DatetimeState
  | LogState
  | RatioState
  | EncodeState
  | ImputeState
  | ScaleState;

/** Everything needed to rebuild a fitted pipeline: plain JSON. */
export interface PipelineState {
  inputs: { name: string; kind: ColumnKind }[];
  steps: StepState[];
  features: { name: string; sources: string[] }[];
}

export interface PipelineDag {
  nodes: { id: string; kind: "input" | "step" | "output"; label: string; detail?: unknown }[];
  edges: { from: string; to: string }[];
}

function apply(step: StepState, features: WorkingFeature[]): WorkingFeature[] {
  switch (step.type) {
    case "drop":
      return applyDrop(step, features);
    case "datetime":
      return applyDatetime(step, features);
    case "log":
      return applyLog(step, features);
    case "ratio":
      return applyRatio(step, features);
    case "encode":
      return applyEncode(step, features);
    case "impute":
      return applyImpute(step, features);
    case "scale":
      return applyScale(step, features);
  }
}

/** A preprocessing pipeline fitted on training rows only, then applied unchanged to any rows. */
export class Pipeline {
  private constructor(readonly state: PipelineState) {}

  /** Fits every step on `frame` (training rows, label excluded). */
  static fit(frame: Frame, options: PreprocessOptions = {}): Pipeline {
    const inputs = frame.schema;
    let features = readInputs(frame, inputs);
    const steps: StepState[] = [];
    const fitStep = (fit: (f: WorkingFeature[]) => StepState) => {
      const step = fit(features);
      steps.push(step);
      features = apply(step, features);
    };
    const requested = requestedColumns(options.steps);
    fitStep((f) => fitDrop(f, requested.drop));
    const datetimes = new Set(inputs.filter((c) => c.kind === "datetime").map((c) => c.name));
    fitStep((f) => fitDatetime(f, datetimes));
    if (requested.log.length > 0) fitStep((f) => fitLog(f, requested.log));
    if (requested.ratios.length > 0) fitStep((f) => fitRatio(f, requested.ratios));
    fitStep((f) => fitEncode(f, options.oneHotMaxLevels ?? 10));
    if (options.impute || requested.impute) fitStep(fitImpute);
    if (options.scale) fitStep(fitScale);
    return new Pipeline({
      inputs,
      steps,
      features: features.map((f) => ({ name: f.name, sources: f.sources })),
    });
  }

  static fromJSON(state: PipelineState): Pipeline {
    return new Pipeline(state);
  }

  toJSON(): PipelineState {
    return this.state;
  }

  /** Model feature names, in matrix column order. */
  get featureNames(): string[] {
    return this.state.features.map((f) => f.name);
  }

  /** The input columns the pipeline needs. */
  get inputColumns(): string[] {
    return this.state.inputs.map((c) => c.name);
  }

  /** Applies the fitted steps to any frame holding the input columns (extra columns are ignored). */
  transform(frame: Frame): Matrix {
    const absent = this.state.inputs.filter((c) => !frame.has(c.name)).map((c) => c.name);
    const needed = new Set(
      this.state.steps.flatMap((s) => (s.type === "drop" ? s.dropped.map((d) => d.column) : [])),
    );
    const missing = absent.filter((name) => !needed.has(name));
    if (missing.length > 0) {
      throw new TrainerInputError(
        `The data lacks column(s) the model was trained on: ${missing.join(", ")}.`,
        {
          columns: missing,
        },
      );
    }
    const present = this.state.inputs.filter((c) => frame.has(c.name));
    let features = readInputs(frame, present);
    for (const step of this.state.steps) features = apply(step, features);
    const byName = new Map(features.map((f) => [f.name, f]));
    const columns = this.state.features.map(({ name }) => {
      const f = byName.get(name);
      if (f?.kind !== "numeric") throw new Error(`Pipeline produced no numeric feature "${name}".`);
      return f.values;
    });
    return { nRows: frame.nRows, nCols: columns.length, columns, names: this.featureNames };
  }

  /** Each model feature and the input columns it derives from. */
  lineage(): { feature: string; sources: string[] }[] {
    return this.state.features.map((f) => ({ feature: f.name, sources: f.sources }));
  }

  /** The pipeline as a graph: input columns → steps in order → model features. */
  dag(): PipelineDag {
    const nodes: PipelineDag["nodes"] = this.state.inputs.map((c) => ({
      id: `input:${c.name}`,
      kind: "input",
      label: c.name,
      detail: { kind: c.kind },
    }));
    const edges: PipelineDag["edges"] = [];
    let previous = this.state.inputs.map((c) => `input:${c.name}`);
    for (const [i, step] of this.state.steps.entries()) {
      const id = `step:${i}:${step.type}`;
      const { type, ...detail } = step;
      nodes.push({ id, kind: "step", label: type, detail });
      for (const from of previous) edges.push({ from, to: id });
      previous = [id];
    }
    nodes.push({
      id: "output:features",
      kind: "output",
      label: "features",
      detail: { names: this.featureNames },
    });
    for (const from of previous) edges.push({ from, to: "output:features" });
    return { nodes, edges };
  }
}

function readInputs(frame: Frame, inputs: { name: string; kind: ColumnKind }[]): WorkingFeature[] {
  return inputs.map(({ name, kind }): WorkingFeature => {
    const column = frame.column(name);
    if (kind === "categorical") {
      const col =
        column.kind === "categorical" ? column : buildColumn(name, asStrings(column), "categorical");
      if (col.kind !== "categorical") throw new Error("unreachable");
      return { kind: "categorical", name, sources: [name], codes: col.codes, categories: col.categories };
    }
    const values = kind === "datetime" ? asEpochMs(column) : asNumbers(column);
    return { kind: "numeric", name, sources: [name], values };
  });
}
