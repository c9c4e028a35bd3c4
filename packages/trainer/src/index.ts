export { asEpochMs, asNumbers, asStrings } from "./data/convert.js";
export {
  type CategoricalColumn,
  type Column,
  type ColumnKind,
  type ColumnSchema,
  cellValue,
  type DenseColumn,
  Frame,
  isMissing,
} from "./data/frame.js";
export { buildColumn, frameFromColumns, frameFromRecords, inferKind } from "./data/infer.js";
export { readFrame } from "./data/read.js";
export { csvLines, predictionColumns, writeCsv } from "./data/write.js";
export { type DistillOptions, type DistillResult, distill } from "./distill/distill.js";
export { concatFrames, mungeRows, type SyntheticOptions } from "./distill/synthetic.js";
export {
  type HttpTeacherOptions,
  httpTeacher,
  onnxTeacher,
  predictorTeacher,
  type Teacher,
} from "./distill/teacher.js";
export { blend, type CaruanaOptions, caruanaWeights } from "./ensemble/caruana.js";
export { type EnsembleMember, EnsembleModel } from "./ensemble/ensemble-model.js";
export { type EnsembleSelection, selectEnsemble } from "./ensemble/selection.js";
export { TrainerInputError, TrainingCancelledError } from "./errors.js";
export {
  type ExplainOptions,
  encodeLabels,
  explainTraining,
  type GainImportance,
  metricClasses,
  type PermutationImportance,
  type PermutationOptions,
  permutationImportance,
  predictionScores,
  sampleRows,
  type TrainingExplanation,
  treeGainImportance,
} from "./explain/index.js";
export {
  applyFilter,
  COMPARISON_OPS,
  type Comparison,
  type ComparisonOp,
  checkFilterDepth,
  type Filter,
  filterDepth,
  filterRows,
  MAX_FILTER_DEPTH,
} from "./filter/filter.js";
export {
  binaryAuc,
  defaultMetric,
  getMetric,
  isBetter,
  METRICS,
  type Metric,
  type Predictions,
} from "./metrics/metrics.js";
export { type PredictionSet, type Predictor, TrainedModel, toPredictionSet } from "./model.js";
export type { FitInput, FittedModel, ModelFamily, ParamSpace, Params, SearchSpace } from "./models/family.js";
export { resolveParams } from "./models/family.js";
export { extraTrees, Forest, randomForest } from "./models/forest/forest.js";
export { Booster, gbdt } from "./models/gbdt/booster.js";
export { LinearModel, linear } from "./models/linear/linear.js";
export { ensureNeuralBackend } from "./models/neural/backend.js";
export { mlp, tabm } from "./models/neural/families.js";
export { NeuralModel } from "./models/neural/neural-model.js";
export { availableFamilies, getFamily, prepareFamilies } from "./models/registry.js";
export { exportOnnx, ONNX_OUTPUT } from "./onnx/export.js";
export { OnnxModel, type OnnxModelOptions } from "./onnx/runtime.js";
export {
  deserializeModel,
  loadModel,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  modelFamilies,
  saveModel,
  serializeModel,
} from "./persist/model-file.js";
export { predict } from "./predict.js";
export { type Matrix, matrixFromRows, takeRows } from "./preprocess/matrix.js";
export {
  Pipeline,
  type PipelineDag,
  type PipelineState,
  type PreprocessOptions,
} from "./preprocess/pipeline.js";
export type { FeatureStep } from "./preprocess/steps/feature-steps.js";
export { FileJournal, MemoryJournal, type TrialJournal, type TrialRecord } from "./search/journal.js";
export {
  type LibraryEntry,
  type MatrixOptions,
  runMatrix,
  STRATEGIES,
  type Strategy,
  samplerFor,
  type TrialExecutor,
} from "./search/matrix.js";
export { medianPruneRule, medianThresholds } from "./search/pruning.js";
export { type Observation, randomSampler, type Sampler } from "./search/sampler.js";
export { Study, type StudyOptions } from "./search/study.js";
export { goodCount, type TpeOptions, tpeSampler } from "./search/tpe.js";
export type { TrialJob } from "./search/trial-pool.js";
export {
  checkGridSize,
  dominates,
  gridPointCount,
  MAX_GRID_POINTS,
  normaliser,
  paretoFront,
  simplexGrid,
} from "./select/pareto.js";
export { holdoutSplit, kFoldIds, type Split, splitsFromFoldIds, validateFoldIds } from "./split/splits.js";
export { type ResolvedTask, resolveTask, TASK_KINDS, type TaskKind, type TaskSpec } from "./task.js";
export { evaluateTrial, type TrialData, type TrialOutcome } from "./train/evaluate.js";
export type { GridSelection, ParetoPoint, ParetoReport } from "./train/multi-metric.js";
export type { TrainOptions } from "./train/options.js";
export { trialData } from "./train/prepare.js";
export type { ProgressEvent } from "./train/progress.js";
export type { EnsembleReport, LeaderboardEntry, TrainResult, TrialSummary } from "./train/result.js";
export { train } from "./train/train.js";
export { workerScript } from "./util/worker-url.js";
