import { loadModel, type Predictor } from "@parzen/trainer";
import type { BlobStore } from "../blobs/blob-store.js";
import { modelKey } from "./repository.js";

/** Loaded models by id, least recently used dropped first, so repeated predictions skip parsing the file. */
export class PredictorCache {
  private readonly loaded = new Map<string, Promise<Predictor>>();

  constructor(
    private readonly blobs: BlobStore,
    private readonly capacity = 32,
  ) {}

  get(id: string): Promise<Predictor> {
    let entry = this.loaded.get(id);
    if (entry) this.loaded.delete(id);
    else {
      // loadModel also prepares what the model's families need (the neural backend).
      entry = loadModel(this.blobs.path(modelKey(id)));
      entry.catch(() => this.loaded.delete(id));
    }
    this.loaded.set(id, entry);
    if (this.loaded.size > this.capacity) this.loaded.delete(this.loaded.keys().next().value as string);
    return entry;
  }
}
