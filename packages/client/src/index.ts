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
export type { FetchLike } from "./core/transport.js";
export type { components, operations, paths } from "./generated/schema.js";
export { type Job, type JobListQuery, type JobPage, Jobs } from "./resources/jobs.js";
export { type Team, type TeamCreate, type TeamPage, Teams, type TeamUpdate } from "./resources/teams.js";
export { type User, type UserPage, Users } from "./resources/users.js";
