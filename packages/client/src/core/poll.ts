import { ParzenError } from "./errors.js";
import { sleep } from "./retry.js";

export type JobStatus = "pending" | "running" | "completed" | "failed" | "cancelled";

const TERMINAL: ReadonlySet<JobStatus> = new Set(["completed", "failed", "cancelled"]);

/** Whether a job has stopped for good. */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

export interface PollOptions<J> {
  /** Pause between two polls. */
  intervalMs?: number;
  /** Give up after this long; undefined waits forever. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with every state seen, for progress bars. */
  onUpdate?: (job: J) => void;
}

/** A wait gave up: the job (or dataset) did not get there within `timeoutMs`. */
export class JobWaitTimeoutError<J = unknown> extends ParzenError {
  override name = "JobWaitTimeoutError";
  /** The last state seen. */
  readonly lastJob: J;
  constructor(timeoutMs: number, lastJob: J, what = "Job did not reach a terminal state") {
    super(`${what} within ${timeoutMs} ms.`);
    this.lastJob = lastJob;
  }
}

/** Fetches until `done` says so, pausing `intervalMs` between fetches; `JobWaitTimeoutError` after `timeoutMs`. */
export async function pollUntil<T>(
  fetchState: (signal?: AbortSignal) => Promise<T>,
  done: (state: T) => boolean,
  options: PollOptions<T> & { what?: string } = {},
): Promise<T> {
  const interval = options.intervalMs ?? 1000;
  const deadline =
    options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const state = await fetchState(options.signal);
    options.onUpdate?.(state);
    if (done(state)) return state;
    const left = deadline - Date.now();
    if (left <= 0) throw new JobWaitTimeoutError(options.timeoutMs ?? 0, state, options.what);
    await sleep(Math.min(interval, left), options.signal);
  }
}

/**
 * Polls `fetchJob` until the job is completed, failed or cancelled, and returns that final state.
 * A failed job is returned, not thrown: its `error` says why.
 */
export function pollUntilDone<J extends { status: JobStatus }>(
  fetchJob: (signal?: AbortSignal) => Promise<J>,
  options: PollOptions<J> = {},
): Promise<J> {
  return pollUntil(fetchJob, (job) => isTerminal(job.status), options);
}
