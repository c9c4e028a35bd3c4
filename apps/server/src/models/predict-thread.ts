// Predictions for large requests, off the event loop: each thread keeps the models it has loaded.
import { parentPort } from "node:worker_threads";
import { type Column, Frame, loadModel, type Predictor } from "@parzen/trainer";

const models = new Map<string, Promise<Predictor>>();

parentPort?.on("message", async ({ id, path, columns }: { id: number; path: string; columns: Column[] }) => {
  try {
    let model = models.get(path);
    if (!model) {
      model = loadModel(path);
      models.set(path, model);
      // Keep a handful of models per thread; the oldest goes first.
      if (models.size > 8) models.delete(models.keys().next().value as string);
    }
    const out = (await model).predict(new Frame(columns));
    parentPort?.postMessage({ id, out: { ...out, raw: undefined } });
  } catch (error) {
    models.delete(path);
    parentPort?.postMessage({
      id,
      error: { name: (error as Error).name, message: (error as Error).message },
    });
  }
});
