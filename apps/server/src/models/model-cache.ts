import { changeFeed } from "../cache/change-feed.js";
import { InvalidatedCache } from "../cache/invalidated-cache.js";
import type { Database } from "../store/database.js";
import { getModel, type StoredModel } from "./repository.js";

/** A model record is read again after this long even if no change was heard (a safety net only). */
const TTL_MS = 5 * 60_000;

const caches = new WeakMap<Database, InvalidatedCache<StoredModel>>();

/** The model records of a store by team and id, dropped when a model changes or goes (with its team, too). */
function modelCache(db: Database): InvalidatedCache<StoredModel> {
  let cache = caches.get(db);
  if (!cache) {
    const feed = changeFeed(db);
    const created = new InvalidatedCache<StoredModel>(feed, { ttlMs: TTL_MS, capacity: 1_000 });
    feed.on("model", (id) => created.invalidate(`model:${id}`));
    feed.on("team", (id) => created.invalidate(`team:${id}`));
    caches.set(db, created);
    cache = created;
  }
  return cache;
}

/** A team's model (as `getModel`), from memory when it was read before and has not changed since. */
export function cachedModel(db: Database, teamId: string, id: string): Promise<StoredModel | undefined> {
  return modelCache(db).get(`${teamId}/${id}`, async () => {
    const model = await getModel(db, teamId, id);
    return model && { value: model, tags: [`model:${id}`, `team:${teamId}`] };
  });
}
