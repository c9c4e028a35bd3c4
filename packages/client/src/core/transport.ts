import type { Credentials } from "./credentials.js";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  errorFromResponse,
  RateLimitError,
} from "./errors.js";
import { type Logger, redactedHeaders } from "./logger.js";
import type { RequestOptions } from "./request-options.js";
import { backoffMs, isRetryableStatus, isRetrySafe, type RetryPolicy, retryAfterMs, sleep } from "./retry.js";

export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchLike;
  /** Default per-attempt timeout. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Headers added to every request unless the request already sets them. */
  headers: Record<string, string>;
  credentials?: Credentials;
  logger: Logger;
  /** Source of jitter; tests pass a fixed one. */
  random?: () => number;
}

/** A request to send: built once (its body is copied for retries), or built afresh for every attempt. */
export type Outgoing = Request | (() => Request);

/**
 * Sends requests with timeouts, retries with backoff and typed errors: `send` resolves only with a 2xx response
 * and otherwise throws a `ParzenError` subclass. Per-call `RequestOptions` override the defaults.
 */
export class Transport {
  constructor(private readonly options: TransportOptions) {}

  /** A fetch function for openapi-fetch that sends through this transport with the given call options. */
  fetchWith(call: RequestOptions = {}): FetchLike {
    return (request) => this.send(request, call);
  }

  async send(outgoing: Outgoing, call: RequestOptions = {}): Promise<Response> {
    const build = typeof outgoing === "function" ? outgoing : undefined;
    const first = build ? build() : (outgoing as Request);
    this.prepare(first, call);
    const userSignal = call.signal ?? first.signal;
    const timeoutMs = call.timeout ?? this.options.timeoutMs;
    const retrySafe = isRetrySafe(first.method, first.headers);
    const maxRetries = retrySafe ? (call.maxRetries ?? this.options.retry.maxRetries) : 0;
    const log = this.options.logger;

    for (let attempt = 0; ; attempt++) {
      const isLast = attempt >= maxRetries;
      let request: Request;
      if (attempt === 0) request = isLast || build ? first : first.clone();
      else if (build) request = this.prepare(build(), call);
      // A body can be read once: every attempt but the last sends a copy.
      else request = isLast ? first : first.clone();
      if (attempt > 0) request.headers.set("x-parzen-retry-count", String(attempt));
      log.debug(
        `→ ${request.method} ${request.url} (attempt ${attempt + 1})`,
        redactedHeaders(request.headers),
      );
      const started = Date.now();

      let response: Response;
      try {
        response = await sendOnce(this.options.fetch, request, userSignal, timeoutMs);
      } catch (error) {
        log.debug(`✗ ${request.method} ${request.url}: ${(error as Error).message}`);
        if (error instanceof APIUserAbortError || isLast) throw error;
        await this.pause(backoffMs(attempt + 1, this.options.retry, this.options.random), error, userSignal);
        continue;
      }
      this.options.credentials?.observe(response);
      const requestId = response.headers.get("x-request-id");
      log.debug(
        `← ${response.status} ${request.method} ${request.url} in ${Date.now() - started} ms (request ${requestId})`,
      );
      if (response.ok) return response;

      const failure = await errorFromResponse(response);
      if (isLast || !isRetryableStatus(response.status)) throw failure;
      const asked = retryAfterMs(response.headers);
      if (
        asked !== undefined &&
        asked > this.options.retry.maxRetryAfterMs &&
        failure instanceof RateLimitError
      ) {
        throw failure;
      }
      const delay = asked ?? backoffMs(attempt + 1, this.options.retry, this.options.random);
      await this.pause(Math.min(delay, this.options.retry.maxRetryAfterMs), failure, userSignal);
    }
  }

  /** Default headers and credentials, then the call's own headers (`null` removes one), then its idempotency key. */
  private prepare(request: Request, call: RequestOptions): Request {
    for (const [name, value] of Object.entries(this.options.headers)) {
      if (!request.headers.has(name)) request.headers.set(name, value);
    }
    this.options.credentials?.apply(request.headers);
    for (const [name, value] of Object.entries(call.headers ?? {})) {
      if (value === null) request.headers.delete(name);
      else if (value !== undefined) request.headers.set(name, value);
    }
    if (call.idempotencyKey) request.headers.set("idempotency-key", call.idempotencyKey);
    return request;
  }

  private async pause(ms: number, reason: unknown, signal: AbortSignal): Promise<void> {
    this.options.logger.debug(`retrying in ${Math.round(ms)} ms after: ${(reason as Error).message}`);
    await sleep(ms, signal).catch(() => {
      throw new APIUserAbortError({ cause: signal.reason });
    });
  }
}

async function sendOnce(
  fetchFn: FetchLike,
  request: Request,
  userSignal: AbortSignal,
  timeoutMs: number,
): Promise<Response> {
  if (userSignal.aborted) throw new APIUserAbortError({ cause: userSignal.reason });
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new APITimeoutError(timeoutMs)), timeoutMs);
  try {
    // `duplex` lets a streamed body go out as it is read (Node's fetch requires it for stream bodies).
    return await fetchFn(request, {
      signal: AbortSignal.any([userSignal, timeout.signal]),
      duplex: "half",
    } as RequestInit);
  } catch (cause) {
    if (userSignal.aborted) throw new APIUserAbortError({ cause: userSignal.reason });
    if (timeout.signal.aborted) throw new APITimeoutError(timeoutMs);
    throw new APIConnectionError(`Connection error: ${describe(cause)}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message;
  }
  return String(cause);
}
