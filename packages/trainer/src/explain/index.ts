export { encodeLabels, metricClasses, predictionScores } from "./labels.js";
export {
  type PermutationImportance,
  type PermutationOptions,
  permutationImportance,
  sampleRows,
} from "./permutation.js";
export { type ExplainOptions, explainTraining, type TrainingExplanation } from "./training.js";
export { type GainImportance, treeGainImportance } from "./tree-gain.js";
