import type { Client } from "openapi-fetch";
import { paginate } from "../core/pagination.js";
import { isTerminal, type PollOptions, pollUntilDone } from "../core/poll.js";
import { readEvents } from "../core/sse.js";
import type { components, operations, paths } from "../generated/schema.js";

export type Job = components["schemas"]["Job"];
export type JobPage = components["schemas"]["JobPage"];
export type JobListQuery = NonNullable<operations["listJobs"]["parameters"]["query"]>;

/** `client.jobs`: the asynchronous jobs behind every long operation. */
export class Jobs {
  constructor(private readonly raw: Client<paths>) {}

  /** `GET /v1/jobs/{job_id}`. */
  async retrieve(jobId: string, options: { signal?: AbortSignal } = {}): Promise<Job> {
    const { data } = await this.raw.GET("/v1/jobs/{job_id}", {
      params: { path: { job_id: jobId } },
      signal: options.signal,
    });
    return data as Job;
  }

  /** `GET /v1/jobs`: one page. */
  async list(query: JobListQuery = {}, options: { signal?: AbortSignal } = {}): Promise<JobPage> {
    const { data } = await this.raw.GET("/v1/jobs", { params: { query }, signal: options.signal });
    return data as JobPage;
  }

  /** Every job matching `query`, page after page, fetched as the loop consumes them. */
  listAll(
    query: Omit<JobListQuery, "page" | "page_size"> = {},
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ) {
    return paginate<Job>((page, signal) => this.list({ ...query, ...page }, { signal }), options);
  }

  /** `POST /v1/jobs/{job_id}/cancel`; sent with an Idempotency-Key so that it is retried safely. */
  async cancel(jobId: string, options: { signal?: AbortSignal } = {}): Promise<Job> {
    const { data } = await this.raw.POST("/v1/jobs/{job_id}/cancel", {
      params: { path: { job_id: jobId } },
      headers: { "idempotency-key": globalThis.crypto.randomUUID() },
      signal: options.signal,
    });
    return data as Job;
  }

  /** Polls until the job is completed, failed or cancelled, and returns it. */
  waitForCompletion(jobId: string, options: PollOptions<Job> = {}): Promise<Job> {
    return pollUntilDone((signal) => this.retrieve(jobId, { signal }), options);
  }

  /**
   * Follows a job over `GET /v1/jobs/{job_id}/events`, yielding its state on every change until it ends. A dropped
   * connection is reopened (the server starts each stream with the current state), so no terminal state is missed.
   */
  async *stream(jobId: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<Job> {
    for (;;) {
      const { data } = await this.raw.GET("/v1/jobs/{job_id}/events", {
        params: { path: { job_id: jobId } },
        headers: { accept: "text/event-stream" },
        parseAs: "stream",
        signal: options.signal,
      });
      let last: Job | undefined;
      try {
        for await (const event of readEvents(data as unknown as ReadableStream<Uint8Array>)) {
          if (event.event !== "job") continue;
          last = JSON.parse(event.data) as Job;
          yield last;
          if (isTerminal(last.status)) return;
        }
      } catch (error) {
        if (options.signal?.aborted) throw error;
      }
      options.signal?.throwIfAborted();
      if (last && isTerminal(last.status)) return;
    }
  }
}
