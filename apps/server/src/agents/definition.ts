import type { BlobStore } from "../blobs/blob-store.js";
import type { ServerContext } from "../context.js";
import type { StoredFile } from "../files/repository.js";
import type { Job } from "../jobs/repository.js";
import type { Database } from "../store/database.js";

/** A JSON Schema object as definitions publish it (`input_schema`). */
export type JsonSchema = Record<string, unknown>;

/** Failure codes every execution may end with (the reference API's four, plus cancellation). */
export const COMMON_FAILURE_CODES = {
  runtime_error: "An unexpected error stopped the execution.",
  max_retries_exceeded: "The result still failed its validator after the agent's last correction cycle.",
  validation_failed: "A validator rejected the result without allowing a retry.",
  unknown: "The execution failed without a structured failure code.",
  cancelled: "Someone cancelled the execution.",
} as const;

/** A failure with a code: a common one or one the definition documents in `failureCodes`. */
export class AgentFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A validator's judgement of one attempt's result. */
export type Verdict<I> =
  | { ok: true; message: string; data?: Record<string, unknown> }
  /**
   * `retryWith`: the corrected input for another attempt. Without it the rejection is final, with `code` (one of
   * the definition's own) or `validation_failed`.
   */
  | { ok: false; message: string; retryWith?: I; code?: string; data?: Record<string, unknown> };

/** What a definition may use at submission time, inside the request. */
export interface PrepareContext {
  server: ServerContext;
  teamId: string;
  /** Files sent with the request (already stored, not yet recorded). */
  files: { name: string; mimeType: string }[];
}

/** What submission learned: the (possibly resolved) input to store, and the dataset the execution is about. */
export interface Prepared<I> {
  input: I;
  datasetId: string | null;
}

/** What an attempt may use while it runs on a worker. */
export interface RunContext {
  db: Database;
  blobs: BlobStore;
  teamId: string;
  executionId: string;
  /** 1 for the first attempt, 2 after the first correction, ... */
  attempt: number;
  /** The execution's uploaded files, in the order sent. */
  files: StoredFile[];
  signal: AbortSignal;
  /** Records what the agent did or found in the conversation. */
  say(content: string, data?: Record<string, unknown>): Promise<void>;
  /**
   * Runs `make` once per attempt and name, even across a restart: the value is kept in the execution's checkpoint,
   * so an attempt picked up again after a crash reuses what it had already started (a child job, a stored file).
   */
  once<T>(name: string, make: () => Promise<T>): Promise<T>;
  /** Queues a child job (once per attempt and name), runs it here or waits for whoever runs it, and returns it ended. */
  childJob(name: string, kind: string, request: Record<string, unknown>): Promise<Job>;
}

/**
 * A built-in execution type: its input schema, how it checks references at submission, what it does on a worker,
 * and the validator its result must pass. One file each under `definitions/`.
 */
export interface ExecutionDefinition<I = Record<string, unknown>, R = Record<string, unknown>> {
  key: string;
  name: string;
  description: string | null;
  /** JSON Schema of `input`: no unknown fields; optional fields nullable with a default. */
  inputSchema: JsonSchema;
  /** JSON Schema every result must satisfy (the first validator, which allows no retry). */
  resultSchema: JsonSchema;
  /** Codes of this type's own, with their meaning. */
  failureCodes: Record<string, string>;
  /** How many uploaded files the type reads (0: it takes none). */
  maxFiles: number;
  /** Checks the input's references in the caller's team (404/400 naming `body.input.<field>`). */
  prepare(input: I, ctx: PrepareContext): Promise<Prepared<I>>;
  /** One attempt: the real work. Throw `AgentFailure` for a failure with a code. */
  run(input: I, ctx: RunContext): Promise<R>;
  /** The result validator: accept, reject, or reject with a corrected input to try again. */
  validate(result: R, input: I, ctx: RunContext): Promise<Verdict<I>>;
}

/** A definition with its types erased, as the registry holds them. */
// biome-ignore lint/suspicious/noExplicitAny: each definition has its own input and result types
export type AnyDefinition = ExecutionDefinition<any, any>;
