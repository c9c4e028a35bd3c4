import type { Client } from "openapi-fetch";
import type { components, paths } from "../generated/schema.js";

export type TrainerRunRequest = components["schemas"]["TrainerRunRequest"];
export type TrainerRunAccepted = components["schemas"]["TrainerRunAccepted"];

/** `client.trainer`: model-matrix training jobs. */
export class Trainer {
  constructor(private readonly raw: Client<paths>) {}

  /**
   * `POST /v1/trainer/run`: stores a training job and returns its id at once; follow it with
   * `client.jobs.waitForCompletion` or `client.jobs.stream`. Sent with an Idempotency-Key (one is made when
   * not given) so a retry after a lost answer never starts a second job.
   */
  async run(
    body: TrainerRunRequest,
    options: { signal?: AbortSignal; idempotencyKey?: string } = {},
  ): Promise<TrainerRunAccepted> {
    const { data } = await this.raw.POST("/v1/trainer/run", {
      body,
      headers: { "idempotency-key": options.idempotencyKey ?? globalThis.crypto.randomUUID() },
      signal: options.signal,
    });
    return data as TrainerRunAccepted;
  }
}
