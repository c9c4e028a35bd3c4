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
export { TrainerInputError, TrainingCancelledError } from "./errors.js";
export {
  applyFilter,
  COMPARISON_OPS,
  type Comparison,
  type ComparisonOp,
  type Filter,
  filterRows,
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
export { type PredictionSet, TrainedModel } from "./model.js";
export type { FitInput, FittedModel, ModelFamily, ParamSpace, Params, SearchSpace } from "./models/family.js";
export { resolveParams } from "./models/family.js";
export { extraTrees, Forest, randomForest } from "./models/forest/forest.js";
export { Booster, gbdt } from "./models/gbdt/booster.js";
export { LinearModel, linear } from "./models/linear/linear.js";
export { availableFamilies, getFamily } from "./models/registry.js";
export {
  deserializeModel,
  loadModel,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
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
export { holdoutSplit, kFoldIds, type Split, splitsFromFoldIds, validateFoldIds } from "./split/splits.js";
export { type ResolvedTask, resolveTask, TASK_KINDS, type TaskKind, type TaskSpec } from "./task.js";
export type { ProgressEvent } from "./train/progress.js";
export { type LeaderboardEntry, type TrainOptions, type TrainResult, train } from "./train/train.js";
