import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  errorFromResponse,
  RateLimitError,
} from "./errors.js";
import { backoffMs, isRetryableStatus, isRetrySafe, type RetryPolicy, retryAfterMs, sleep } from "./retry.js";

export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchLike;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Headers added to every request unless the request already sets them. */
  headers: Record<string, string>;
  /** Source of jitter; tests pass a fixed one. */
  random?: () => number;
}

/**
 * A fetch function for openapi-fetch that adds timeouts, retries and typed errors: it resolves only with a
 * 2xx response and otherwise throws a `ParzenError` subclass.
 */
export function createTransport(options: TransportOptions): FetchLike {
  return async (request: Request) => {
    for (const [name, value] of Object.entries(options.headers)) {
      if (!request.headers.has(name)) request.headers.set(name, value);
    }
    const userSignal = request.signal;
    const retrySafe = isRetrySafe(request.method, request.headers);
    const maxRetries = retrySafe ? options.retry.maxRetries : 0;

    for (let attempt = 0; ; attempt++) {
      const isLast = attempt >= maxRetries;
      // A body can be read once: every attempt but the last sends a copy.
      const outgoing = isLast ? request : request.clone();
      if (attempt > 0) outgoing.headers.set("x-parzen-retry-count", String(attempt));

      let response: Response;
      try {
        response = await sendOnce(options.fetch, outgoing, userSignal, options.timeoutMs);
      } catch (error) {
        if (error instanceof APIUserAbortError || isLast) throw error;
        await sleep(backoffMs(attempt + 1, options.retry, options.random), userSignal).catch(() => {
          throw new APIUserAbortError({ cause: userSignal.reason });
        });
        continue;
      }
      if (response.ok) return response;

      const failure = await errorFromResponse(response);
      if (isLast || !isRetryableStatus(response.status)) throw failure;
      const asked = retryAfterMs(response.headers);
      if (asked !== undefined && asked > options.retry.maxRetryAfterMs && failure instanceof RateLimitError) {
        throw failure;
      }
      const delay = asked ?? backoffMs(attempt + 1, options.retry, options.random);
      await sleep(Math.min(delay, options.retry.maxRetryAfterMs), userSignal).catch(() => {
        throw new APIUserAbortError({ cause: userSignal.reason });
      });
    }
  };
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
    return await fetchFn(request, { signal: AbortSignal.any([userSignal, timeout.signal]) });
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
