import { readFile } from "node:fs/promises";
import onnxProto from "onnx-proto";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { asEpochMs, asNumbers, asStrings } from "../data/convert.js";
import type { Frame } from "../data/frame.js";
import { TrainerInputError } from "../errors.js";
import { type PredictionSet, toPredictionSet } from "../model.js";
import type { ResolvedTask, TaskKind } from "../task.js";

export interface OnnxModelOptions {
  /** What the model predicts; Parzen exports carry it, foreign models default to regression for one output. */
  task?: { kind: TaskKind; classes?: string[]; labelColumn?: string };
  /** For a model with one `[N, features]` input: the feature (column) names, in order. */
  featureNames?: string[];
  /** Which output to read; default: `output`, else one whose name mentions probabilities, else the first tensor. */
  output?: string;
}

type Ort = typeof import("onnxruntime-node");
let ort: Promise<Ort> | undefined;

/**
 * An ONNX model run by onnxruntime-node: a Parzen export, or a foreign model whose inputs are named by feature (one
 * `[N, 1]` input per column) or one `[N, d]` input with `featureNames`. Inference is asynchronous, so this is
 * a separate kind of predictor from the in-process models; it can be served or used as a teacher.
 */
export class OnnxModel {
  private constructor(
    private readonly session: InferenceSession,
    readonly task: ResolvedTask,
    private readonly output: string,
    private readonly featureNames: string[] | undefined,
  ) {}

  /** Loads a model from a file path or its bytes. */
  static async load(source: string | Uint8Array, options: OnnxModelOptions = {}): Promise<OnnxModel> {
    const bytes = typeof source === "string" ? new Uint8Array(await readFile(source)) : source;
    ort ??= import("onnxruntime-node");
    const { InferenceSession } = await ort;
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(bytes);
    } catch (error) {
      throw new TrainerInputError(`Not a loadable ONNX model: ${(error as Error).message.split("\n")[0]}`);
    }
    const meta = metadata(bytes);
    const tensors = session.outputMetadata.filter((o) => o.isTensor);
    const output =
      options.output ??
      (tensors.find((o) => o.name === "output") ?? tensors.find((o) => /prob/i.test(o.name)) ?? tensors[0])
        ?.name;
    if (!output) throw new TrainerInputError("The ONNX model has no tensor output.");
    const shape =
      (tensors.find((o) => o.name === output) as { shape?: readonly (number | string)[] })?.shape ?? [];
    const width = typeof shape[1] === "number" ? shape[1] : 1;
    const classes =
      options.task?.classes ?? (meta.classes ? (JSON.parse(meta.classes) as string[]) : undefined);
    const kind: TaskKind =
      options.task?.kind ?? (meta.task as TaskKind) ?? (width > 1 ? "multiclass" : "regression");
    const task: ResolvedTask = {
      kind,
      labelColumn: options.task?.labelColumn ?? meta.label_column ?? "prediction",
      classes:
        kind === "regression"
          ? []
          : (classes ?? Array.from({ length: Math.max(2, width) }, (_, i) => String(i))),
      inferred: false,
      reason: "from the ONNX model",
    };
    return new OnnxModel(session, task, output, options.featureNames);
  }

  /** The columns a frame must hold. */
  get inputColumns(): string[] {
    return this.featureNames ?? [...this.session.inputNames];
  }

  /** Raw output as `predictRaw` gives it: values, P(class 1), or row-major probabilities. */
  async predictRaw(frame: Frame): Promise<Float64Array> {
    ort ??= import("onnxruntime-node");
    const { Tensor: OrtTensor } = await ort;
    const missing = this.inputColumns.filter((c) => !frame.has(c));
    if (missing.length > 0)
      throw new TrainerInputError(`The data lacks column(s) the model reads: ${missing.join(", ")}.`, {
        columns: missing,
      });
    const n = frame.nRows;
    const feeds: Record<string, Tensor> = {};
    const inputs = this.session.inputMetadata;
    if (this.featureNames) {
      const [input] = inputs;
      const d = this.featureNames.length;
      const values = new Float64Array(n * d);
      this.featureNames.forEach((name, j) => {
        const col = asNumbers(frame.column(name));
        for (let i = 0; i < n; i++) values[i * d + j] = col[i];
      });
      const type = input.isTensor ? input.type : "float32";
      feeds[input.name] = new OrtTensor(
        type === "float64" ? "float64" : "float32",
        type === "float64" ? values : Float32Array.from(values),
        [n, d],
      );
    } else {
      for (const input of inputs) {
        const column = frame.column(input.name);
        const type = input.isTensor ? input.type : "float64";
        if (type === "string") {
          const text = asStrings(column).map((v) => v ?? "");
          feeds[input.name] = new OrtTensor("string", text, [n, 1]);
        } else {
          const numbers = column.kind === "datetime" ? asEpochMs(column) : asNumbers(column);
          feeds[input.name] = new OrtTensor(
            type === "float64" ? "float64" : "float32",
            type === "float64" ? numbers : Float32Array.from(numbers),
            [n, 1],
          );
        }
      }
    }
    const result = await this.session.run(feeds, [this.output]);
    const data = result[this.output].data as Float32Array | Float64Array;
    const width = data.length / Math.max(1, n);
    if (this.task.kind === "binary" && width === 2)
      return Float64Array.from({ length: n }, (_, i) => data[i * 2 + 1]);
    return Float64Array.from(data);
  }

  async predict(frame: Frame): Promise<PredictionSet> {
    return toPredictionSet(this.task, await this.predictRaw(frame), frame.nRows);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** The model's metadata properties (Parzen exports record the task, classes and inputs there). */
function metadata(bytes: Uint8Array): Record<string, string> {
  try {
    const model = onnxProto.onnx.ModelProto.decode(bytes);
    return Object.fromEntries((model.metadataProps ?? []).map((p) => [String(p.key), String(p.value)]));
  } catch {
    return {};
  }
}
