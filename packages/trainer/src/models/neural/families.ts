import type { ModelFamily } from "../family.js";
import { ensureNeuralBackend } from "./backend.js";
import { fitNeural, NEURAL_DEFAULTS, NEURAL_SPACE, NeuralModel } from "./neural-model.js";

const prepare = async () => {
  await ensureNeuralBackend();
};

/** A multilayer perceptron (ReLU, dropout, AdamW, early stopping) on TensorFlow.js's WebAssembly backend. */
export const mlp: ModelFamily = {
  name: "mlp",
  description: "Multilayer perceptron: ReLU layers with dropout, AdamW, early stopping on held-out rows.",
  preprocess: { impute: true, scale: true, oneHotMaxLevels: 10 },
  defaults: NEURAL_DEFAULTS,
  searchSpace: NEURAL_SPACE,
  prepare,
  fit: (input) => fitNeural("mlp", input, 1, false),
  fromJSON: (state) => NeuralModel.fromJSON(state as Parameters<typeof NeuralModel.fromJSON>[0]),
};

/**
 * TabM (Gorishniy et al., 2024): `k` MLPs in one, sharing every hidden weight matrix through BatchEnsemble
 * adapters (per-member input and output multipliers and biases), each with its own head; trained together on the
 * mean member loss, predicting the mean of the members' predictions.
 */
export const tabm: ModelFamily = {
  name: "tabm",
  description:
    "TabM: a parameter-efficient ensemble of k MLPs sharing weights through BatchEnsemble adapters.",
  preprocess: { impute: true, scale: true, oneHotMaxLevels: 10 },
  defaults: { ...NEURAL_DEFAULTS, k: 8 },
  searchSpace: { ...NEURAL_SPACE, k: { type: "categorical", choices: [8, 16, 32] } },
  prepare,
  fit: (input) => fitNeural("tabm", input, Number(input.params.k), true),
  fromJSON: (state) => NeuralModel.fromJSON(state as Parameters<typeof NeuralModel.fromJSON>[0]),
};
