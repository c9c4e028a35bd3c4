import { changeFeed } from "../cache/change-feed.js";
import { InvalidatedCache } from "../cache/invalidated-cache.js";
import type { Database } from "../store/database.js";
import type { Caller } from "./keys.js";

/** A credential's caller is looked up again after this long even if nothing was heard (a safety net only). */
const TTL_MS = 60_000;

/**
 * The callers of API keys and access tokens by the credential's hash, for the store `db`. An entry goes the
 * moment its key changes — revoked, deleted (alone or with its team or user), its expiry moved, its tokens deleted
 * — in this process or (through the triggers of migration 010) any other; an entry never outlives the credential's
 * own expiry.
 */
export type CallerCache = InvalidatedCache<Caller>;

const caches = new WeakMap<Database, CallerCache>();

/** The caller cache of a store (one per store and process). */
export function callerCache(db: Database): CallerCache {
  let cache = caches.get(db);
  if (!cache) {
    const feed = changeFeed(db);
    const created = new InvalidatedCache<Caller>(feed, { ttlMs: TTL_MS, capacity: 10_000 });
    feed.on("key", (id) => created.invalidate(`key:${id}`));
    feed.on("team", (id) => created.invalidate(`team:${id}`));
    feed.on("user", (id) => created.invalidate(`user:${id}`));
    caches.set(db, created);
    cache = created;
  }
  return cache;
}

/** The tags of a cached caller: a change to its key, team or user drops it. */
export function callerTags(caller: Caller): string[] {
  return [`key:${caller.keyId}`, `team:${caller.teamId}`, `user:${caller.userId}`];
}
