import { APIPromise } from "../core/api-promise.js";
import { APIUserAbortError } from "../core/errors.js";
import type { PagePromise } from "../core/pagination.js";
import { isTerminal, type PollOptions, pollUntilDone } from "../core/poll.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import { readEvents } from "../core/sse.js";
import type { components, operations } from "../generated/schema.js";

type JobData = components["schemas"]["Job"];
export type JobError = components["schemas"]["JobError"];
export type JobPage = components["schemas"]["JobPage"];
export type JobListQuery = NonNullable<operations["listJobs"]["parameters"]["query"]>;
export type TrainerRunResult = components["schemas"]["TrainerRunResult"];
export type DatasetProcessResult = components["schemas"]["DatasetProcessResult"];

/**
 * The `result` type of each job kind, from the spec. A resource that starts a new kind of job adds its line here
 * (`"agentic.run": components["schemas"]["AgenticRunResult"]`).
 */
export interface JobResults {
  "trainer.run": TrainerRunResult;
  "dataset.process": DatasetProcessResult;
}

export type JobKind = keyof JobResults;

/** A job of kind `K`: `result` is typed and present exactly when `status` is `completed`. */
export type JobOf<K extends JobKind> = Omit<JobData, "kind" | "status" | "result" | "error"> & { kind: K } & (
    | { status: "completed"; result: JobResults[K]; error: null }
    | { status: "pending" | "running" | "failed" | "cancelled"; result: null; error: JobError | null }
  );

/**
 * A job; narrow on `kind` and `status` to reach a typed result:
 * `if (job.kind === "trainer.run" && job.status === "completed") job.result.model_id`.
 */
export type Job<K extends JobKind = JobKind> = K extends JobKind ? JobOf<K> : never;

const path = (jobId: string) => ({ path: { job_id: jobId } });

/** `client.jobs`: the asynchronous jobs behind every long operation. */
export class Jobs extends APIResource {
  /** `GET /v1/jobs/{job_id}`; give `K` when you know the kind: `jobs.retrieve<"trainer.run">(id)`. */
  retrieve<K extends JobKind = JobKind>(jobId: string, options?: RequestOptions): APIPromise<Job<K>> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/jobs/{job_id}", { params: path(jobId), ...init }),
      options,
      (data) => data as unknown as Job<K>,
    );
  }

  /** One page of jobs (newest first); `for await` over the call walks every page. */
  list(query: JobListQuery = {}, options?: RequestOptions): PagePromise<Job> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/jobs", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => data as unknown as Job,
    );
  }

  /** Every job matching `query`, 100 a page. */
  listAll(
    query: Omit<JobListQuery, "page" | "page_size"> = {},
    options: RequestOptions & { pageSize?: number } = {},
  ) {
    const { pageSize, ...call } = options;
    return this.list({ ...query, page_size: pageSize ?? 100 }, call);
  }

  /** `POST /v1/jobs/{job_id}/cancel`; sent with an Idempotency-Key so that it is retried safely. */
  cancel(jobId: string, options?: RequestOptions): APIPromise<Job> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/jobs/{job_id}/cancel", { params: path(jobId), ...init }),
      { idempotencyKey: globalThis.crypto.randomUUID(), ...options },
      (data) => data as unknown as Job,
    );
  }

  /** Polls until the job is completed, failed or cancelled, and returns it (a failed job is returned, not thrown). */
  waitForCompletion<K extends JobKind = JobKind>(
    jobId: string,
    options: PollOptions<Job<K>> & RequestOptions = {},
  ): APIPromise<Job<K>> {
    const { intervalMs, timeoutMs, onUpdate, ...call } = options;
    return new APIPromise(
      this._client._answer(async () => {
        let last: { data: Job<K>; response: Response } | undefined;
        await pollUntilDone(
          async (signal) => {
            last = await this.retrieve<K>(jobId, { ...call, signal }).withResponse();
            return last.data;
          },
          { intervalMs, timeoutMs, onUpdate, signal: call.signal },
        );
        return last!;
      }, call.signal),
    );
  }

  /**
   * Follows a job over `GET /v1/jobs/{job_id}/events`, yielding its state on every change until it ends. A dropped
   * connection is reopened (the server starts each stream with the current state), so no terminal state is missed.
   * Aborting `signal` ends the loop with `APIUserAbortError`.
   */
  async *stream<K extends JobKind = JobKind>(
    jobId: string,
    options: RequestOptions = {},
  ): AsyncGenerator<Job<K>> {
    const signal = options.signal;
    for (;;) {
      const body = await this._client._request(
        (init) =>
          this._client.raw.GET("/v1/jobs/{job_id}/events", {
            params: path(jobId),
            headers: { accept: "text/event-stream" },
            parseAs: "stream",
            ...init,
          }),
        options,
      );
      let last: Job<K> | undefined;
      try {
        for await (const event of readEvents(body as unknown as ReadableStream<Uint8Array>)) {
          if (event.event !== "job") continue;
          last = JSON.parse(event.data) as Job<K>;
          yield last;
          if (isTerminal(last.status)) return;
        }
      } catch (error) {
        if (signal?.aborted) throw new APIUserAbortError({ cause: error });
        // A dropped connection: reopen below.
      }
      if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
      if (last && isTerminal(last.status)) return;
    }
  }
}
