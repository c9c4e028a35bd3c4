import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import {
  type AgenticCancelResult,
  type AgenticChatMessage,
  type AgenticChatReply,
  type AgenticColumnLineage,
  type AgenticDecisionAccepted,
  type AgenticDecisionSubmit,
  type AgenticPendingDecision,
  type AgenticPhaseList,
  type AgenticPreprocessingDag,
  type AgenticResumeResult,
  type AgenticRetrainParams,
  type AgenticRetrainStarted,
  AgenticRun,
  type AgenticSkipResult,
} from "./agentic-run.js";
import { type ExecutionWaitOptions, waitUntilEnded } from "./execution-wait.js";

export type AgenticRunCreate = components["schemas"]["AgenticRunCreate"];
export type AgenticRunStarted = components["schemas"]["AgenticRunStarted"];
export type AgenticChatQuery = NonNullable<operations["getAgenticChatHistory"]["parameters"]["query"]>;

const path = (runId: string) => ({ path: { run_id: runId } });

/**
 * `client.agentic`: guided runs from a dataset to a monitored deployment — start one, follow it, answer its
 * decisions, talk to it, retrain it, and read its fitted preprocessing.
 */
export class Agentic extends APIResource {
  /** Starts a run (or, with `run_id`, resumes one); it works in the background: follow it with `getRunState`. */
  startRun(body: AgenticRunCreate, options?: RequestOptions): APIPromise<AgenticRunStarted> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/agentic/runs", { body, ...init }),
      options,
    );
  }

  /** A run's status, current phase, progress, results and pending decision. */
  getRunState(runId: string, options?: RequestOptions): APIPromise<AgenticRun> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/agentic/runs/{run_id}", { params: path(runId), ...init }),
      options,
      (data) => new AgenticRun(this._client, data),
    );
  }

  /** Polls a run (every 2 s by default) until it waits for a decision, is paused, or ended. */
  waitUntilSettled(runId: string, options?: ExecutionWaitOptions<AgenticRun>): APIPromise<AgenticRun> {
    return waitUntilEnded(
      this._client,
      (call) => this.getRunState(runId, call),
      (r) => r.isSettled(),
      options,
    );
  }

  /** The decision the run waits for (`pending: false` when none). */
  getPendingDecision(runId: string, options?: RequestOptions): APIPromise<AgenticPendingDecision> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/agentic/runs/{run_id}/pending-decision", { params: path(runId), ...init }),
      options,
    );
  }

  /** Answers the pending decision: `ValidationError` names a missing or out-of-range field, `ConflictError` a wrong type. */
  submitDecision(
    runId: string,
    body: AgenticDecisionSubmit,
    options?: RequestOptions,
  ): APIPromise<AgenticDecisionAccepted> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/agentic/runs/{run_id}/decisions", { params: path(runId), body, ...init }),
      options,
    );
  }

  /** Each phase with its status, start and end times, result and error. */
  getPhases(runId: string, options?: RequestOptions): APIPromise<AgenticPhaseList> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/agentic/runs/{run_id}/phases", { params: path(runId), ...init }),
      options,
    );
  }

  /** Cancels a run and the job it runs (a training, say); `ConflictError` when it already ended. */
  cancelRun(runId: string, options?: RequestOptions): APIPromise<AgenticCancelResult> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/agentic/runs/{run_id}/cancel", { params: path(runId), ...init }),
      options,
    );
  }

  /** Skips the phase the run waits in and goes on with the next. */
  skipPhase(runId: string, options?: RequestOptions): APIPromise<AgenticSkipResult> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/agentic/runs/{run_id}/skip-phase", { params: path(runId), ...init }),
      options,
    );
  }

  /** Resumes a paused run (after a timed-out decision) or retries a failed one. */
  resumeRun(runId: string, options?: RequestOptions): APIPromise<AgenticResumeResult> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/agentic/runs/{run_id}/resume", { params: path(runId), ...init }),
      options,
    );
  }

  /** Asks the run a question or tells it what to do; `actions` says what it did. */
  sendChat(runId: string, content: string, options?: RequestOptions): APIPromise<AgenticChatReply> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/agentic/runs/{run_id}/chat", {
          params: path(runId),
          body: { content },
          ...init,
        }),
      options,
    );
  }

  /** The run's chat, oldest first; `for await` over the call walks every page. */
  getChatHistory(
    runId: string,
    query: AgenticChatQuery = {},
    options?: RequestOptions,
  ): PagePromise<AgenticChatMessage> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/agentic/runs/{run_id}/chat", {
          params: { ...path(runId), query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => data,
    );
  }

  /** Retrains a completed run with `params`; the comparison with the current model shows in its `retrains`. */
  retrain(
    runId: string,
    params?: AgenticRetrainParams,
    options?: RequestOptions,
  ): APIPromise<AgenticRetrainStarted> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/agentic/runs/{run_id}/retrain", {
          params: path(runId),
          body: params ? { params } : {},
          ...init,
        }),
      options,
    );
  }

  /** The fitted preprocessing of the run's model as nodes and edges. */
  getPreprocessingDag(runId: string, options?: RequestOptions): APIPromise<AgenticPreprocessingDag> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/agentic/runs/{run_id}/preprocessing/dag", { params: path(runId), ...init }),
      options,
    );
  }

  /** Each model feature with its source columns and steps, and what became of each input column. */
  getColumnLineage(runId: string, options?: RequestOptions): APIPromise<AgenticColumnLineage> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/agentic/runs/{run_id}/preprocessing/lineage", {
          params: path(runId),
          ...init,
        }),
      options,
    );
  }
}
