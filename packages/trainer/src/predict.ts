import type { Frame } from "./data/frame.js";
import type { PredictionSet, TrainedModel } from "./model.js";

/** Predicts every row of `data` with a trained model (pipeline included). */
export function predict(model: TrainedModel, data: Frame): PredictionSet {
  return model.predict(data);
}
