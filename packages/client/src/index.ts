export {
  type ClientOptions,
  createClient,
  DEFAULT_BASE_URL,
  type Health,
  ParzenClient,
  type RequestOptions,
} from "./client.js";
export * from "./core/errors.js";
export {
  type Page,
  type PageFetcher,
  type PaginateOptions,
  type Pagination,
  paginate,
} from "./core/pagination.js";
export {
  isTerminal,
  type JobStatus,
  JobWaitTimeoutError,
  type PollOptions,
  pollUntilDone,
} from "./core/poll.js";
export {
  backoffMs,
  defaultRetryPolicy,
  isRetryableStatus,
  isRetrySafe,
  type RetryPolicy,
  retryAfterMs,
} from "./core/retry.js";
export { readEvents, type ServerSentEvent } from "./core/sse.js";
export type { FetchLike } from "./core/transport.js";
export type { UploadSource } from "./core/upload-source.js";
export type { components, operations, paths } from "./generated/schema.js";
export {
  type Dataset,
  type DatasetColumn,
  type DatasetCreate,
  type DatasetListQuery,
  type DatasetPage,
  type DatasetProfile,
  type DatasetSchema,
  type DatasetSchemaCreate,
  Datasets,
  type DatasetUpdate,
  type DatasetVersion,
  type DatasetVersionPage,
} from "./resources/datasets.js";
export {
  type Deployment,
  type DeploymentCreate,
  type DeploymentHistoryEntry,
  type DeploymentHistoryPage,
  type DeploymentListQuery,
  type DeploymentPage,
  type DeploymentPredictResponse,
  Deployments,
} from "./resources/deployments.js";
export {
  type FileListQuery,
  type FilePage,
  Files,
  type FileUpdate,
  type ParzenFile,
  type UploadOptions,
} from "./resources/files.js";
export { type Job, type JobListQuery, type JobPage, Jobs } from "./resources/jobs.js";
export {
  type Model,
  type ModelCreate,
  type ModelListQuery,
  type ModelPage,
  Models,
  type PredictRequest,
  type PredictResponse,
} from "./resources/models.js";
export {
  type FeatureDrift,
  type Monitor,
  type MonitorBatch,
  type MonitorBatchPage,
  type MonitorCreate,
  type MonitorListQuery,
  type MonitorPage,
  Monitors,
} from "./resources/monitors.js";
export {
  type Report,
  type ReportCreate,
  type ReportListQuery,
  type ReportPage,
  Reports,
} from "./resources/reports.js";
export { type Team, type TeamCreate, type TeamPage, Teams, type TeamUpdate } from "./resources/teams.js";
export { Trainer, type TrainerRunAccepted, type TrainerRunRequest } from "./resources/trainer.js";
export { type User, type UserPage, Users } from "./resources/users.js";
