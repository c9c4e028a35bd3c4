import type { ParzenClient } from "../client.js";
import { type Answer, APIPromise } from "../core/api-promise.js";
import { pollUntil } from "../core/poll.js";
import type { RequestOptions } from "../core/request-options.js";

/** How `waitForCompletion` of an execution polls (times in milliseconds). */
export interface ExecutionWaitOptions<T> extends Omit<RequestOptions, "timeout"> {
  /** Give up after this long with `JobWaitTimeoutError` (its `lastJob` is the last state seen); unset: no limit. */
  timeout?: number;
  /** Pause between two polls. Default 2000. */
  pollInterval?: number;
  /** Called with every state seen, for progress displays. */
  onUpdate?: (execution: T) => void;
}

/** The reference SDK's poll interval: two seconds. */
export const DEFAULT_POLL_INTERVAL_MS = 2000;

/** Polls `retrieve` until `ended` says so, as one `APIPromise` carrying the last answer's response. */
export function waitUntilEnded<T>(
  client: ParzenClient,
  retrieve: (options: RequestOptions) => APIPromise<T>,
  ended: (state: T) => boolean,
  options: ExecutionWaitOptions<T> = {},
): APIPromise<T> {
  const { timeout, pollInterval, onUpdate, ...call } = options;
  return new APIPromise(
    client._answer(async () => {
      let last: Answer<T> | undefined;
      await pollUntil(
        async (signal) => {
          last = await retrieve({ ...call, signal }).withResponse();
          return last.data;
        },
        ended,
        {
          intervalMs: pollInterval ?? DEFAULT_POLL_INTERVAL_MS,
          timeoutMs: timeout,
          onUpdate,
          signal: call.signal,
          what: "The execution did not end",
        },
      );
      return last as Answer<T>;
    }, call.signal),
  );
}
