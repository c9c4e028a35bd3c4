import type { Database } from "../store/database.js";

/**
 * What a change names: an API key (its tokens included), a model, a deployment, the monitors of a deployment (all
 * from migration 010's triggers), or a team or user deleted by this process (their keys' triggers tell the others).
 */
export type ChangeKind = "key" | "model" | "deployment" | "monitors" | "team" | "user";

/** The channel the triggers of migration 010 notify on. */
export const CHANGES_CHANNEL = "parzen_changes";

/**
 * Changes to what the in-memory caches hold, as the database announces them (`LISTEN parzen_changes`: every
 * process on the store hears every commit) and as this process makes them (`changed`, heard at once, before the
 * notification comes back). While not listening — not yet, or the connection dropped — `live` is false and the
 * caches neither answer nor keep anything; a reset empties them.
 */
export class ChangeFeed {
  private readonly handlers = new Map<ChangeKind, Set<(id: string) => void>>();
  private readonly resetHandlers = new Set<() => void>();
  private listening = false;
  private stop?: () => Promise<void>;

  /** Whether every change since the last reset has been heard. */
  get live(): boolean {
    return this.listening;
  }

  /** Starts listening on the store; until it resolves (or if it fails) the caches stay out of the way. */
  async start(db: Database): Promise<void> {
    this.stop = await db.listen(
      CHANGES_CHANNEL,
      (payload) => this.heard(payload),
      (listening) => this.reset(listening),
    );
    this.reset(true);
  }

  /** Calls `handler` with the id of each change of `kind`. */
  on(kind: ChangeKind, handler: (id: string) => void): void {
    const set = this.handlers.get(kind) ?? new Set();
    set.add(handler);
    this.handlers.set(kind, set);
  }

  /** Calls `handler` whenever changes may have been missed: everything cached must go. */
  onReset(handler: () => void): void {
    this.resetHandlers.add(handler);
  }

  /** Announces, in this process and at once, a change it just committed (other processes hear the trigger). */
  changed(kind: ChangeKind, id: string): void {
    for (const handler of this.handlers.get(kind) ?? []) handler(id);
  }

  private heard(payload: string): void {
    const colon = payload.indexOf(":");
    if (colon > 0) this.changed(payload.slice(0, colon) as ChangeKind, payload.slice(colon + 1));
  }

  /** Empties the caches when listening stops and again when it resumes (what changed in between is unknown). */
  private reset(listening: boolean): void {
    this.listening = listening;
    for (const handler of this.resetHandlers) handler();
  }

  async close(): Promise<void> {
    this.listening = false;
    await this.stop?.();
  }
}

const feeds = new WeakMap<Database, ChangeFeed>();

/** The one change feed of a store, started on first use (the caches wait for nothing: they stay off until live). */
export function changeFeed(db: Database): ChangeFeed {
  let feed = feeds.get(db);
  if (!feed) {
    feed = new ChangeFeed();
    feeds.set(db, feed);
    feed.start(db).catch(() => undefined);
  }
  return feed;
}
