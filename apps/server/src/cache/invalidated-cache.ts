import type { ChangeFeed } from "./change-feed.js";

interface Entry<V> {
  value: V;
  /** Epoch milliseconds after which the entry is not used (its TTL, or the expiry of what it holds). */
  until: number;
  tags: string[];
}

/** What a cache loader returns for a value worth keeping. */
export interface Loaded<V> {
  value: V;
  /** The changes that make the value stale, e.g. `key:<id>` (see `ChangeFeed`). */
  tags: string[];
  /** Epoch milliseconds at which the value stops being valid by itself (an expiry), if any. */
  until?: number;
}

/**
 * Values read from the store, kept in memory until a change to what they were read from is heard (`invalidate`
 * with one of their tags), their own expiry, or a time-to-live as a last resort. Answers only while the change
 * feed is live. A lookup that raced an invalidation is not kept: `get` notes the generation before loading and
 * keeps the result only if no invalidation happened meanwhile. Unknown ids are never kept (a new key works at
 * once; a flood of bad credentials cannot fill memory).
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly byTag = new Map<string, Set<string>>();
  private generation = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly options: { ttlMs: number; capacity: number },
  ) {
    feed.onReset(() => this.clear());
  }

  /** The value cached under `key`, loading (and maybe keeping) it on a miss; undefined when `load` finds none. */
  async get(key: string, load: () => Promise<Loaded<V> | undefined>): Promise<V | undefined> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const loaded = await load();
    if (!loaded) return undefined;
    if (generation === this.generation && this.feed.live) this.keep(key, loaded);
    return loaded.value;
  }

  /** The value cached under `key`, or undefined (not cached, expired, or the feed is not live). */
  peek(key: string): V | undefined {
    if (!this.feed.live) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Drops every value tagged `tag`, and any lookup under way. */
  invalidate(tag: string): void {
    this.generation++;
    for (const key of this.byTag.get(tag) ?? []) this.delete(key);
  }

  /** Drops everything. */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.byTag.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private keep(key: string, loaded: Loaded<V>): void {
    this.delete(key);
    const until = Math.min(Date.now() + this.options.ttlMs, loaded.until ?? Number.POSITIVE_INFINITY);
    this.entries.set(key, { value: loaded.value, until, tags: loaded.tags });
    for (const tag of loaded.tags) {
      const keys = this.byTag.get(tag) ?? new Set<string>();
      keys.add(key);
      this.byTag.set(tag, keys);
    }
    // The oldest entry goes first (a Map iterates in insertion order).
    if (this.entries.size > this.options.capacity) this.delete(this.entries.keys().next().value as string);
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
