import createFetchClient, { type Client } from "openapi-fetch";
import { defaultRetryPolicy, type RetryPolicy } from "./core/retry.js";
import { createTransport, type FetchLike } from "./core/transport.js";
import type { components, paths } from "./generated/schema.js";
import { Datasets } from "./resources/datasets.js";
import { Deployments } from "./resources/deployments.js";
import { Files } from "./resources/files.js";
import { Jobs } from "./resources/jobs.js";
import { Models } from "./resources/models.js";
import { Monitors } from "./resources/monitors.js";
import { Reports } from "./resources/reports.js";
import { Teams } from "./resources/teams.js";
import { Trainer } from "./resources/trainer.js";
import { Users } from "./resources/users.js";

export type Health = components["schemas"]["Health"];

export interface ClientOptions {
  /** Server root, e.g. `http://127.0.0.1:8080`. Defaults to `PARZEN_BASE_URL`, then `http://127.0.0.1:8080`. */
  baseUrl?: string;
  /** API key sent as a bearer token. Defaults to `PARZEN_API_KEY`. */
  apiKey?: string;
  /** Per-attempt timeout. Default 60 s. */
  timeoutMs?: number;
  /** Retries after the first attempt for retry-safe requests. Default 2. */
  maxRetries?: number;
  /** Finer control of backoff; `maxRetries` wins over `retry.maxRetries`. */
  retry?: Partial<RetryPolicy>;
  /** A fetch implementation; defaults to the global one. */
  fetch?: FetchLike;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
}

export const DEFAULT_BASE_URL = "http://127.0.0.1:8080";

/** Per-call options every method accepts. */
export interface RequestOptions {
  signal?: AbortSignal;
}

/** The Parzen API client: resource methods on top of the generated, fully typed `raw` client. */
export class ParzenClient {
  /** The openapi-fetch client for any operation in the spec; errors are thrown, never returned. */
  readonly raw: Client<paths>;
  readonly baseUrl: string;
  /** Jobs: retrieve, list, cancel, wait for completion. */
  readonly jobs: Jobs;
  /** Teams: list, retrieve, create, update, delete. */
  readonly teams: Teams;
  /** Users of your team: list, retrieve, update your own profile. */
  readonly users: Users;
  /** Files: upload (signed URL or multipart), list with filters, retrieve, download, delete. */
  readonly files: Files;
  /** Datasets: create, data versions, CSV download, schemas. */
  readonly datasets: Datasets;
  /** Trainer: start model-matrix training jobs. */
  readonly trainer: Trainer;
  /** Models: retrieve, list, predict. */
  readonly models: Models;
  /** Deployments: named endpoints serving a model; predict, switch, roll back, history. */
  readonly deployments: Deployments;
  /** Reports: HTML reports on models (and their metadata with Vega-Lite specs). */
  readonly reports: Reports;
  /** Monitors: drift and performance of a deployment's rows. */
  readonly monitors: Monitors;

  constructor(options: ClientOptions = {}) {
    const env = typeof process === "undefined" ? {} : process.env;
    this.baseUrl = (options.baseUrl ?? env.PARZEN_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    const apiKey = options.apiKey ?? env.PARZEN_API_KEY;
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const transportFor = (withHeaders: Record<string, string>) =>
      createTransport({
        fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        timeoutMs: options.timeoutMs ?? 60_000,
        retry: {
          ...defaultRetryPolicy,
          ...options.retry,
          maxRetries: options.maxRetries ?? options.retry?.maxRetries ?? defaultRetryPolicy.maxRetries,
        },
        headers: withHeaders,
      });
    const transport = transportFor(headers);
    this.raw = createFetchClient<paths>({ baseUrl: this.baseUrl, fetch: transport });
    this.jobs = new Jobs(this.raw);
    this.teams = new Teams(this.raw);
    this.users = new Users(this.raw);
    // Signed upload URLs carry their own authorisation: the API key is not sent along.
    this.files = new Files(this.raw, transportFor({ accept: "application/json" }));
    this.datasets = new Datasets(this.raw);
    this.trainer = new Trainer(this.raw);
    this.models = new Models(this.raw);
    this.deployments = new Deployments(this.raw);
    this.reports = new Reports(this.raw);
    this.monitors = new Monitors(this.raw);
  }

  /** `GET /v1/health`: whether the server is up, and its version. */
  async health(options: RequestOptions = {}): Promise<Health> {
    const { data } = await this.raw.GET("/v1/health", { signal: options.signal });
    return data as Health;
  }
}

/** Creates a client; options left out come from `PARZEN_BASE_URL` / `PARZEN_API_KEY` or the defaults. */
export function createClient(options: ClientOptions = {}): ParzenClient {
  return new ParzenClient(options);
}
