export {
  type CallInit,
  type ClientOptions,
  createClient,
  DEFAULT_BASE_URL,
  type Health,
  ParzenClient,
} from "./client.js";
export { type Answer, APIPromise, type WithResponse } from "./core/api-promise.js";
export type { AuthScheme } from "./core/credentials.js";
export * from "./core/errors.js";
export type { Logger, LogLevel } from "./core/logger.js";
export {
  Page,
  type PageFetcher,
  type PageLoader,
  PagePromise,
  type PaginateOptions,
  type Pagination,
  paginate,
} from "./core/pagination.js";
export {
  isTerminal,
  type JobStatus,
  JobWaitTimeoutError,
  type PollOptions,
  pollUntil,
  pollUntilDone,
} from "./core/poll.js";
export type { RequestOptions } from "./core/request-options.js";
export { APIResource } from "./core/resource.js";
export { ResourceObject, resourceObject } from "./core/resource-object.js";
export {
  backoffMs,
  defaultRetryPolicy,
  isRetryableStatus,
  isRetrySafe,
  type RetryPolicy,
  retryAfterMs,
} from "./core/retry.js";
export { readEvents, type ServerSentEvent } from "./core/sse.js";
export type { UploadProgress } from "./core/streamed.js";
export type { FetchLike } from "./core/transport.js";
export { type UploadSource, UploadSourceError } from "./core/uploads.js";
export type { components, operations, paths } from "./generated/schema.js";
export {
  Agent,
  type AgentData,
  type AgenticExecutionDefinition,
  type AgentUpdate,
} from "./resources/agent.js";
export { AgentExecution, type AgentExecutionData } from "./resources/agent-execution.js";
export {
  type AgentExecutionCreate,
  type AgentExecutionListQuery,
  AgentExecutions,
} from "./resources/agent-executions.js";
export {
  Agentic,
  type AgenticChatQuery,
  type AgenticRunCreate,
  type AgenticRunStarted,
} from "./resources/agentic.js";
export { AgenticExecution, type AgenticExecutionData } from "./resources/agentic-execution.js";
export {
  type AgenticExecutionListQuery,
  type AgenticExecutionStart,
  type AgenticExecutionStatus,
  AgenticExecutions,
} from "./resources/agentic-executions.js";
export {
  type AgenticCancelResult,
  type AgenticChatMessage,
  type AgenticChatReply,
  type AgenticColumnLineage,
  type AgenticDecision,
  type AgenticDecisionAccepted,
  type AgenticDecisionSubmit,
  type AgenticOption,
  type AgenticPendingDecision,
  type AgenticPhaseList,
  type AgenticPhaseName,
  type AgenticPreprocessingDag,
  type AgenticResumeResult,
  type AgenticRetrainParams,
  type AgenticRetrainStarted,
  AgenticRun,
  type AgenticRunData,
  type AgenticRunStatus,
  type AgenticSkipResult,
} from "./resources/agentic-run.js";
export { type AgentConversation, type AgentCreate, type AgentListQuery, Agents } from "./resources/agents.js";
export {
  type ApiKey,
  type ApiKeyCreate,
  type ApiKeyCreated,
  type ApiKeyListQuery,
  ApiKeys,
} from "./resources/api-keys.js";
export { Auth, type AuthToken } from "./resources/auth.js";
export { Dataset, type DatasetData } from "./resources/dataset.js";
export { DatasetSchemaBuilder } from "./resources/dataset-schema-builder.js";
export {
  type DataSource,
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
  type DatasetVersionQuery,
  type ParsingOptions,
} from "./resources/datasets.js";
export { Deployment, type DeploymentData } from "./resources/deployment.js";
export {
  type DeploymentCreate,
  type DeploymentHistoryEntry,
  type DeploymentListQuery,
  type DeploymentPredictResponse,
  Deployments,
  type PredictRows,
} from "./resources/deployments.js";
export { DEFAULT_POLL_INTERVAL_MS, type ExecutionWaitOptions } from "./resources/execution-wait.js";
export {
  type FileListQuery,
  type FilePage,
  type FileStatus,
  Files,
  type FileUpdate,
  type FileUploadUrl,
  type FileUploadUrlRequest,
  type UploadOptions,
} from "./resources/files.js";
export {
  type DatasetProcessResult,
  type Job,
  type JobError,
  type JobKind,
  type JobListQuery,
  type JobOf,
  type JobPage,
  type JobResults,
  Jobs,
  type TrainerRunResult,
} from "./resources/jobs.js";
export {
  type Model,
  type ModelCreate,
  type ModelListQuery,
  type ModelPage,
  Models,
  type PredictRequest,
  type PredictResponse,
} from "./resources/models.js";
export { Monitor, type MonitorData } from "./resources/monitor.js";
export {
  type FeatureDrift,
  type MonitorBatch,
  type MonitorCreate,
  type MonitorListQuery,
  Monitors,
} from "./resources/monitors.js";
export { type FileData, ParzenFile } from "./resources/parzen-file.js";
export {
  Pipeline,
  type PipelineConfiguration,
  type PipelineData,
  type PipelineUpdate,
} from "./resources/pipeline.js";
export {
  PipelineAssistant,
  type PipelineAssistantReply,
  type PipelineAssistantSession,
  type PipelineAssistantSessionCreate,
} from "./resources/pipeline-assistant.js";
export {
  PipelineConfigurationVersion,
  type PipelineConfigurationVersionData,
} from "./resources/pipeline-configuration-version.js";
export {
  type PipelineConfigurationVersionCreate,
  type PipelineConfigurationVersionListQuery,
  PipelineConfigurationVersions,
  type PipelineValidation,
} from "./resources/pipeline-configuration-versions.js";
export {
  PipelineExecution,
  type PipelineExecutionData,
  TERMINAL_PIPELINE_STATUSES,
} from "./resources/pipeline-execution.js";
export {
  type PipelineExecutionCreate,
  type PipelineExecutionListQuery,
  type PipelineExecutionOutput,
  PipelineExecutions,
  type PipelineExecutionUpdate,
} from "./resources/pipeline-executions.js";
export { type PipelineCreate, type PipelineListQuery, Pipelines } from "./resources/pipelines.js";
export { Report, type ReportData } from "./resources/report.js";
export { type ReportCreate, type ReportListQuery, Reports } from "./resources/reports.js";
export { Team, type TeamData } from "./resources/team.js";
export { type TeamCreate, type TeamListQuery, Teams, type TeamUpdate } from "./resources/teams.js";
export { Trainer, type TrainerRunAccepted, type TrainerRunRequest } from "./resources/trainer.js";
export { User, type UserData } from "./resources/user.js";
export { type UserListQuery, Users, type UserUpdate } from "./resources/users.js";
