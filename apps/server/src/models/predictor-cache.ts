import { loadModel, OnnxModel, type OnnxModelOptions, type Predictor } from "@parzen/trainer";
import type { BlobStore } from "../blobs/blob-store.js";
import { modelKey, type StoredModel } from "./repository.js";

/** A model ready to predict: a Parzen model (synchronous) or a registered ONNX model (on onnxruntime). */
export type ServedModel = Predictor | OnnxModel;

/** How a registered ONNX model is read, as stored in its `params`. */
export function onnxOptions(model: StoredModel): OnnxModelOptions {
  const params = model.params as { feature_names?: string[]; output?: string };
  return {
    task: { kind: model.task.kind, classes: model.classes, labelColumn: model.task.label_column },
    featureNames: params.feature_names,
    output: params.output,
  };
}

/** Loaded models by id, least recently used dropped first, so repeated predictions skip loading the file. */
export class PredictorCache {
  private readonly loaded = new Map<string, Promise<ServedModel>>();

  constructor(
    private readonly blobs: BlobStore,
    private readonly capacity = 32,
  ) {}

  get(model: StoredModel): Promise<ServedModel> {
    const { id } = model;
    let entry = this.loaded.get(id);
    if (entry) this.loaded.delete(id);
    else {
      const path = this.blobs.path(modelKey(id, model.kind));
      // loadModel also prepares what the model's families need (the neural backend).
      entry = model.kind === "onnx" ? OnnxModel.load(path, onnxOptions(model)) : loadModel(path);
      entry.catch(() => this.loaded.delete(id));
    }
    this.loaded.set(id, entry);
    if (this.loaded.size > this.capacity) this.loaded.delete(this.loaded.keys().next().value as string);
    return entry;
  }

  /** Drops a loaded model (it changed or was deleted), so its memory goes and a later load reads the file again. */
  forget(id: string): void {
    this.loaded.delete(id);
  }
}
