import type { Queryable } from "../store/database.js";

/** How often the keys used since the last write get their `last_used_at`, and how stale it may get per key. */
const FLUSH_MS = 2_000;
const PER_KEY_MS = 60_000;

/**
 * Records that keys were used (`last_used_at`) off the request path: a request only notes its key (at most once a
 * minute per key and process); one `UPDATE` every two seconds writes what was noted.
 */
export class KeyTouches {
  private readonly noted = new Map<string, number>();
  private readonly pending = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly db: Queryable) {}

  /** Notes that `keyId` was used now. */
  touch(keyId: string, now = Date.now()): void {
    if (now - (this.noted.get(keyId) ?? 0) < PER_KEY_MS) return;
    if (this.noted.size > 10_000) this.noted.clear();
    this.noted.set(keyId, now);
    this.pending.add(keyId);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes the keys noted since the last write (a failed write is dropped: the time of use is a hint). */
  async flush(): Promise<void> {
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const ids = [...this.pending];
    this.pending.clear();
    await this.db
      .query("UPDATE api_keys SET last_used_at = now() WHERE id = ANY($1::uuid[])", [ids])
      .catch(() => undefined);
  }

  /** Writes what is pending and stops. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
  }
}
