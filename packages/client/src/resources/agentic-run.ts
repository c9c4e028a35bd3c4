import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";
import type { ExecutionWaitOptions } from "./execution-wait.js";

/** A run's state as the API sends it (`GET /v1/agentic/runs/{run_id}`). */
export type AgenticRunData = components["schemas"]["AgenticRunState"];
export type AgenticRunStatus = components["schemas"]["AgenticRunStatus"];
export type AgenticPhaseName = components["schemas"]["AgenticPhaseName"];
export type AgenticDecision = components["schemas"]["AgenticDecision"];
export type AgenticOption = components["schemas"]["AgenticOption"];
export type AgenticPendingDecision = components["schemas"]["AgenticPendingDecision"];
export type AgenticDecisionSubmit = components["schemas"]["AgenticDecisionSubmit"];
export type AgenticDecisionAccepted = components["schemas"]["AgenticDecisionAccepted"];
export type AgenticPhaseList = components["schemas"]["AgenticPhaseList"];
export type AgenticCancelResult = components["schemas"]["AgenticCancelResult"];
export type AgenticSkipResult = components["schemas"]["AgenticSkipResult"];
export type AgenticResumeResult = components["schemas"]["AgenticResumeResult"];
export type AgenticChatReply = components["schemas"]["AgenticChatReply"];
export type AgenticChatMessage = components["schemas"]["AgenticChatMessage"];
export type AgenticRetrainParams = NonNullable<components["schemas"]["AgenticRetrainParams"]>;
export type AgenticRetrainStarted = components["schemas"]["AgenticRetrainStarted"];
export type AgenticPreprocessingDag = components["schemas"]["AgenticPreprocessingDag"];
export type AgenticColumnLineage = components["schemas"]["AgenticColumnLineage"];

/** Statuses in which a run does not move without you: it waits, is paused, or ended. */
const SETTLED: ReadonlySet<AgenticRunStatus> = new Set([
  "waiting_for_decision",
  "paused",
  "completed",
  "failed",
  "cancelled",
]);

/**
 * An agentic run (`client.agentic.getRunState`): its status, current phase, progress, per-phase results and
 * pending decision, with methods that act on it.
 */
export class AgenticRun extends resourceObject<AgenticRunData>() {
  /** Whether the run ended (completed, failed or cancelled). */
  isDone(): boolean {
    return this.status === "completed" || this.status === "failed" || this.status === "cancelled";
  }

  /** Whether the run waits for you (a decision, or a resume after a timeout) or ended. */
  isSettled(): boolean {
    return SETTLED.has(this.status);
  }

  /** Reads the run's state again. */
  refresh(options?: RequestOptions): APIPromise<AgenticRun> {
    return this._client.agentic.getRunState(this.run_id, options)._map((r) => this._assign(r.toJSON()));
  }

  /** Polls (every 2 s by default) until the run waits for you or ended. */
  waitUntilSettled(options?: ExecutionWaitOptions<AgenticRun>): APIPromise<AgenticRun> {
    return this._client.agentic.waitUntilSettled(this.run_id, options)._map((r) => this._assign(r.toJSON()));
  }

  /** The decision the run waits for, if any. */
  getPendingDecision(options?: RequestOptions): APIPromise<AgenticPendingDecision> {
    return this._client.agentic.getPendingDecision(this.run_id, options);
  }

  /** Answers the pending decision (`decision_type` must be the pending one). */
  submitDecision(body: AgenticDecisionSubmit, options?: RequestOptions): APIPromise<AgenticDecisionAccepted> {
    return this._client.agentic.submitDecision(this.run_id, body, options);
  }

  getPhases(options?: RequestOptions): APIPromise<AgenticPhaseList> {
    return this._client.agentic.getPhases(this.run_id, options);
  }

  cancel(options?: RequestOptions): APIPromise<AgenticCancelResult> {
    return this._client.agentic.cancelRun(this.run_id, options);
  }

  skipPhase(options?: RequestOptions): APIPromise<AgenticSkipResult> {
    return this._client.agentic.skipPhase(this.run_id, options);
  }

  resume(options?: RequestOptions): APIPromise<AgenticResumeResult> {
    return this._client.agentic.resumeRun(this.run_id, options);
  }

  sendChat(content: string, options?: RequestOptions): APIPromise<AgenticChatReply> {
    return this._client.agentic.sendChat(this.run_id, content, options);
  }

  getChatHistory(options?: RequestOptions): PagePromise<AgenticChatMessage> {
    return this._client.agentic.getChatHistory(this.run_id, {}, options);
  }

  retrain(params?: AgenticRetrainParams, options?: RequestOptions): APIPromise<AgenticRetrainStarted> {
    return this._client.agentic.retrain(this.run_id, params, options);
  }

  getPreprocessingDag(options?: RequestOptions): APIPromise<AgenticPreprocessingDag> {
    return this._client.agentic.getPreprocessingDag(this.run_id, options);
  }

  getColumnLineage(options?: RequestOptions): APIPromise<AgenticColumnLineage> {
    return this._client.agentic.getColumnLineage(this.run_id, options);
  }
}
