import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components } from "../generated/schema.js";

export type TrainerRunRequest = components["schemas"]["TrainerRunRequest"];
export type TrainerRunAccepted = components["schemas"]["TrainerRunAccepted"];

/** `client.trainer`: model-matrix training jobs. */
export class Trainer extends APIResource {
  /**
   * `POST /v1/trainer/run`: stores a training job and returns its id at once; follow it with
   * `client.jobs.waitForCompletion<"trainer.run">(job_id)` or `client.jobs.stream(job_id)`. Sent with an
   * Idempotency-Key (one is made when not given) so a retry after a lost answer never starts a second job.
   */
  run(body: TrainerRunRequest, options?: RequestOptions): APIPromise<TrainerRunAccepted> {
    return this._client._request((init) => this._client.raw.POST("/v1/trainer/run", { body, ...init }), {
      idempotencyKey: globalThis.crypto.randomUUID(),
      ...options,
    });
  }
}
