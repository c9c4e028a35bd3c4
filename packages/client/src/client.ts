import createFetchClient, { type Client } from "openapi-fetch";
import { type Answer, APIPromise } from "./core/api-promise.js";
import { type AuthScheme, Credentials } from "./core/credentials.js";
import { APIUserAbortError, errorFromResponse, ParzenError } from "./core/errors.js";
import { type Logger, type LogLevel, levelLogger, resolveLogLevel } from "./core/logger.js";
import { Page, PagePromise, type Pagination } from "./core/pagination.js";
import { sendStreamed } from "./core/platform.js";
import type { RequestOptions } from "./core/request-options.js";
import { defaultRetryPolicy, type RetryPolicy } from "./core/retry.js";
import { isStreamed, progressOf } from "./core/streamed.js";
import { type FetchLike, Transport } from "./core/transport.js";
import type { components, paths } from "./generated/schema.js";
import { AgentExecutions } from "./resources/agent-executions.js";
import { Agentic } from "./resources/agentic.js";
import { AgenticExecutions } from "./resources/agentic-executions.js";
import { Agents } from "./resources/agents.js";
import { ApiKeys } from "./resources/api-keys.js";
import { Auth } from "./resources/auth.js";
import { Datasets } from "./resources/datasets.js";
import { Deployments } from "./resources/deployments.js";
import { Files } from "./resources/files.js";
import { Jobs } from "./resources/jobs.js";
import { Models } from "./resources/models.js";
import { Monitors } from "./resources/monitors.js";
import { PipelineAssistant } from "./resources/pipeline-assistant.js";
import { PipelineConfigurationVersions } from "./resources/pipeline-configuration-versions.js";
import { PipelineExecutions } from "./resources/pipeline-executions.js";
import { Pipelines } from "./resources/pipelines.js";
import { Reports } from "./resources/reports.js";
import { Teams } from "./resources/teams.js";
import { Trainer } from "./resources/trainer.js";
import { Users } from "./resources/users.js";

export type Health = components["schemas"]["Health"];

export interface ClientOptions {
  /** Server root, e.g. `http://127.0.0.1:8080`. Defaults to `PARZEN_BASE_URL`, then `http://127.0.0.1:8080`. */
  baseUrl?: string;
  /** API key. Defaults to `PARZEN_API_KEY`. */
  apiKey?: string;
  /** A short-lived access token (`client.auth.createToken()`); used instead of the API key when given. */
  accessToken?: string;
  /** Sent beside the access token so the server renews it once expired; the renewed token is used automatically. */
  refreshToken?: string;
  /** `Authorization: Bearer <credential>` (default) or `Authorization: Token <credential>`. */
  authScheme?: AuthScheme;
  /** Called with every renewed access token the server hands out. */
  onAccessToken?: (token: string, expiresAt: string | null) => void;
  /** Per-attempt timeout in milliseconds. Default 60 000. */
  timeout?: number;
  /** @deprecated use `timeout`. */
  timeoutMs?: number;
  /** Retries after the first attempt for retry-safe requests. Default 2. */
  maxRetries?: number;
  /** Finer control of backoff; `maxRetries` wins over `retry.maxRetries`. */
  retry?: Partial<RetryPolicy>;
  /** A fetch implementation; defaults to the global one. */
  fetch?: FetchLike;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** `debug` logs every request, answer and retry. Defaults to `PARZEN_LOG`, then `warn`. */
  logLevel?: LogLevel;
  /** Where log lines go. Default `console`. */
  logger?: Logger;
}

export const DEFAULT_BASE_URL = "http://127.0.0.1:8080";

/** What a resource hands to an openapi-fetch call: the call's signal and a fetch going through the transport. */
export interface CallInit {
  signal?: AbortSignal;
  fetch: (request: Request) => Promise<Response>;
}

/** The Parzen API client: typed resources on top of the generated `raw` client. */
export class ParzenClient {
  /** The openapi-fetch client for any operation in the spec; errors are thrown, never returned. */
  readonly raw: Client<paths>;
  readonly baseUrl: string;
  /** @internal Sends every request: timeouts, retries, credentials, logging. */
  readonly _transport: Transport;
  private readonly credentials: Credentials;

  /** Files: upload (streamed), list with filters, retrieve, download, delete. */
  readonly files: Files;
  /** Datasets: create, data versions, CSV download, schemas (with a fluent builder), processing. */
  readonly datasets: Datasets;
  /** Users of your team: list, retrieve, update your own profile. */
  readonly users: Users;
  /** Teams: list, retrieve, create, update, delete. */
  readonly teams: Teams;
  /** Jobs: retrieve, list, cancel, wait for completion, stream. */
  readonly jobs: Jobs;
  /** Trainer: start model-matrix training jobs. */
  readonly trainer: Trainer;
  /** Models: retrieve, list, register ONNX, predict. */
  readonly models: Models;
  /** API keys of your team: create (the secret is shown once), list, revoke. */
  readonly apiKeys: ApiKeys;
  /** Short-lived access tokens and refresh tokens. */
  readonly auth: Auth;
  /** Agents: create, list, update, delete; their execution types and the conversations of their executions. */
  readonly agents: Agents;
  /** Agent executions with `input_data`: create, list, cancel, wait for completion. */
  readonly agentExecutions: AgentExecutions;
  /** Typed executions of an agent's execution types: start (with files), list, cancel, wait for completion. */
  readonly agenticExecutions: AgenticExecutions;
  /** Pipelines: named containers of versioned DAG configurations. */
  readonly pipelines: Pipelines;
  /** Pipeline configuration versions: create, validate, clone, publish; the configuration's JSON Schema. */
  readonly pipelineConfigurationVersions: PipelineConfigurationVersions;
  /** Pipeline executions: start, follow, report into, cancel, read the output. */
  readonly pipelineExecutions: PipelineExecutions;
  /** The pipeline assistant: sessions that turn a goal and messages into a valid configuration. */
  readonly pipelineAssistant: PipelineAssistant;
  /** Deployments: named endpoints serving a model; predict, switch, roll back, history. */
  readonly deployments: Deployments;
  /** Reports: HTML reports on models (and their metadata with Vega-Lite specs). */
  readonly reports: Reports;
  /** Monitors: drift and performance of a deployment's rows. */
  readonly monitors: Monitors;
  /** Agentic runs: guided, human-in-the-loop runs from data to a monitored deployment; decisions, chat, retrain. */
  readonly agentic: Agentic;

  constructor(options: ClientOptions = {}) {
    const env = typeof process === "undefined" ? {} : process.env;
    this.baseUrl = (options.baseUrl ?? env.PARZEN_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.credentials = new Credentials({
      apiKey: options.apiKey ?? (options.accessToken ? undefined : env.PARZEN_API_KEY),
      accessToken: options.accessToken,
      refreshToken: options.refreshToken,
      scheme: options.authScheme,
      onAccessToken: options.onAccessToken,
    });
    this._transport = new Transport({
      fetch: options.fetch ?? defaultFetch,
      timeoutMs: options.timeout ?? options.timeoutMs ?? 60_000,
      retry: {
        ...defaultRetryPolicy,
        ...options.retry,
        maxRetries: options.maxRetries ?? options.retry?.maxRetries ?? defaultRetryPolicy.maxRetries,
      },
      headers: { accept: "application/json", ...options.headers },
      credentials: this.credentials,
      logger: levelLogger(resolveLogLevel(options.logLevel), options.logger),
    });
    this.raw = createFetchClient<paths>({ baseUrl: this.baseUrl, fetch: this._transport.fetchWith() });
    this.files = new Files(this);
    this.datasets = new Datasets(this);
    this.users = new Users(this);
    this.teams = new Teams(this);
    this.jobs = new Jobs(this);
    this.trainer = new Trainer(this);
    this.models = new Models(this);
    this.apiKeys = new ApiKeys(this);
    this.auth = new Auth(this);
    this.agents = new Agents(this);
    this.agentExecutions = new AgentExecutions(this);
    this.agenticExecutions = new AgenticExecutions(this);
    this.pipelines = new Pipelines(this);
    this.pipelineConfigurationVersions = new PipelineConfigurationVersions(this);
    this.pipelineExecutions = new PipelineExecutions(this);
    this.pipelineAssistant = new PipelineAssistant(this);
    this.deployments = new Deployments(this);
    this.reports = new Reports(this);
    this.monitors = new Monitors(this);
    this.agentic = new Agentic(this);
  }

  /** The access token in use, including one the server renewed; undefined when the client uses an API key. */
  get accessToken(): string | undefined {
    return this.credentials.currentAccessToken;
  }

  /** `GET /v1/health`: whether the server is up, and its version. */
  health(options?: RequestOptions): APIPromise<Health> {
    return this._request((init) => this.raw.GET("/v1/health", { ...init }), options);
  }

  /**
   * @internal Runs one openapi-fetch call with the call's options and maps its data; every resource method is
   * one of these.
   */
  _request<D, T = D>(
    send: (init: CallInit) => Promise<{ data?: D; response: Response }>,
    options: RequestOptions = {},
    map?: (data: D) => T,
  ): APIPromise<T> {
    return new APIPromise(
      this._answer(async () => {
        const { data, response } = await send(this.callInit(options));
        return { data: map ? map(data as D) : (data as unknown as T), response };
      }, options.signal),
    );
  }

  /** @internal A list call: the first page, which knows how to fetch the next ones with the same query. */
  _list<I, T>(
    send: (init: CallInit & { page?: number }) => Promise<{
      data?: { items: I[]; pagination: Pagination };
      response: Response;
    }>,
    options: RequestOptions = {},
    map: (item: I) => T,
  ): PagePromise<T> {
    const load = (page?: number): Promise<Answer<Page<T>>> =>
      this._answer(async () => {
        const { data, response } = await send({ ...this.callInit(options), page });
        const { items, pagination } = data!;
        const next = (n: number) => load(n).then((answer) => answer.data);
        return { data: new Page(items.map(map), pagination, next), response };
      }, options.signal);
    return new PagePromise(load());
  }

  /**
   * @internal Sends a request built afresh for every attempt (streamed uploads), outside openapi-fetch, and reads
   * its JSON answer.
   */
  _send<T>(build: () => Request, options: RequestOptions = {}): APIPromise<T> {
    return new APIPromise(
      this._answer(async () => {
        const response = await this._transport.send(build, options);
        const text = await response.text();
        return { data: (text ? JSON.parse(text) : undefined) as T, response };
      }, options.signal),
    );
  }

  /** @internal Runs a multi-step call (an upload, a poll) as one `APIPromise`. */
  _answer<T>(run: () => Promise<Answer<T>>, signal?: AbortSignal): Promise<Answer<T>> {
    return run().catch((error: unknown) => {
      // Aborting while a body is read surfaces as the platform's AbortError: report it as ours.
      if (signal?.aborted && !(error instanceof ParzenError)) throw new APIUserAbortError({ cause: error });
      throw error;
    });
  }

  /** @internal Turns a failed answer into its typed error (for responses read outside the transport). */
  _errorFrom(response: Response) {
    return errorFromResponse(response);
  }

  private callInit(options: RequestOptions): CallInit {
    return { signal: options.signal, fetch: this._transport.fetchWith(options) };
  }
}

/** The global `fetch`, except for uploads: those go through the platform's sender (see `core/platform.ts`). */
const defaultFetch: FetchLike = (input, init) =>
  isStreamed(input) ? sendStreamed(input, init, progressOf(input)) : globalThis.fetch(input, init);

/** Creates a client; options left out come from `PARZEN_BASE_URL` / `PARZEN_API_KEY` or the defaults. */
export function createClient(options: ClientOptions = {}): ParzenClient {
  return new ParzenClient(options);
}
