import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components } from "../generated/schema.js";
import { PipelineConfigurationVersion } from "./pipeline-configuration-version.js";

export type PipelineAssistantSession = components["schemas"]["PipelineAssistantSession"];
export type PipelineAssistantSessionCreate = components["schemas"]["PipelineAssistantSessionCreate"];
export type PipelineAssistantReply = components["schemas"]["PipelineAssistantReply"];

const path = (sessionId: string) => ({ path: { session_id: sessionId } });

/**
 * `client.pipelineAssistant`: conversations that write pipeline configurations. Every configuration a session
 * keeps passes `validate`; `save` stores it as a new draft version of a pipeline.
 *
 * @example
 * const session = await parzen.pipelineAssistant.createSession({ goal: "Predict churn from dataset customers" });
 * const { reply } = await parzen.pipelineAssistant.sendMessage(session.session_id, "Only rows after 2024-01-01");
 * const version = await parzen.pipelineAssistant.save(session.session_id, pipeline.id);
 */
export class PipelineAssistant extends APIResource {
  /** Starts a session; the goal is read as the first message. */
  createSession(
    body: PipelineAssistantSessionCreate,
    options?: RequestOptions,
  ): APIPromise<PipelineAssistantSession> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/pipeline-assistant/sessions", { body, ...init }),
      options,
    );
  }

  /** A session's state: its configuration, derived datasets, what it still needs, the conversation. */
  getSession(sessionId: string, options?: RequestOptions): APIPromise<PipelineAssistantSession> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/pipeline-assistant/sessions/{session_id}", {
          params: path(sessionId),
          ...init,
        }),
      options,
    );
  }

  /** Sends a message; the reply says what changed and carries `current_config` when it did. */
  sendMessage(
    sessionId: string,
    content: string,
    options?: RequestOptions,
  ): APIPromise<PipelineAssistantReply> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/pipeline-assistant/sessions/{session_id}/messages", {
          params: path(sessionId),
          body: { content },
          ...init,
        }),
      options,
    );
  }

  /** Deletes a session (the datasets it derived stay). */
  deleteSession(sessionId: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) =>
        this._client.raw.DELETE("/v1/pipeline-assistant/sessions/{session_id}", {
          params: path(sessionId),
          ...init,
        }),
      options,
      () => undefined,
    );
  }

  /** Saves the session's configuration as a new draft version of a pipeline. */
  save(
    sessionId: string,
    pipelineId: string,
    options?: RequestOptions,
  ): APIPromise<PipelineConfigurationVersion> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/pipeline-assistant/sessions/{session_id}/save", {
          params: path(sessionId),
          body: { pipeline_id: pipelineId },
          ...init,
        }),
      { idempotencyKey: globalThis.crypto.randomUUID(), ...options },
      (data) => new PipelineConfigurationVersion(this._client, data),
    );
  }
}
