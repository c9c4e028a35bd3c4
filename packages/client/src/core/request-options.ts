/**
 * Options every client method takes as its last argument. They apply to that one call and override the
 * client's defaults.
 */
export interface RequestOptions {
  /** Per-attempt timeout in milliseconds (client default: 60 000). */
  timeout?: number;
  /** Retries after the first attempt for a retry-safe request (client default: 2). */
  maxRetries?: number;
  /** Extra headers for this call; `null` removes one the client would send. */
  headers?: Record<string, string | null | undefined>;
  /** Aborts the call; the method then rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
  /**
   * Sent as `Idempotency-Key`: the server answers a repeat with the first answer, so a `POST` or `PATCH`
   * carrying one is retried like a `GET`.
   */
  idempotencyKey?: string;
}
