import { changeFeed } from "../cache/change-feed.js";
import { InvalidatedCache } from "../cache/invalidated-cache.js";
import type { StoredModel } from "../models/repository.js";
import { capturingMonitors } from "../monitors/repository.js";
import type { Database } from "../store/database.js";
import type { Deployment } from "./repository.js";
import { getDeployment, servedModel } from "./served.js";

/** What a deployment's predictions need: the deployment, the model it serves, its monitors that capture rows. */
export interface ServingPlan {
  deployment: Deployment;
  model: StoredModel;
  capturing: Awaited<ReturnType<typeof capturingMonitors>>;
}

/** A plan is read again after this long even if no change was heard (a safety net only). */
const TTL_MS = 5 * 60_000;

const caches = new WeakMap<Database, InvalidatedCache<ServingPlan>>();

/**
 * Serving plans by team and deployment, dropped when the deployment is switched, rolled back or deleted, when its
 * model changes or goes, when its monitors change, or with its team — in this process or any other on the store.
 */
function planCache(db: Database): InvalidatedCache<ServingPlan> {
  let cache = caches.get(db);
  if (!cache) {
    const feed = changeFeed(db);
    const created = new InvalidatedCache<ServingPlan>(feed, { ttlMs: TTL_MS, capacity: 1_000 });
    for (const kind of ["deployment", "model", "monitors", "team"] as const)
      feed.on(kind, (id) => created.invalidate(`${kind}:${id}`));
    caches.set(db, created);
    cache = created;
  }
  return cache;
}

/** A team's deployment with its served model and capturing monitors (404 / 409 as `getDeployment`, `servedModel`). */
export function servingPlan(db: Database, teamId: string, deploymentId: string): Promise<ServingPlan> {
  return planCache(db).get(`${teamId}/${deploymentId}`, async () => {
    const deployment = await getDeployment(db, teamId, deploymentId);
    const model = await servedModel(db, teamId, deployment);
    const capturing = await capturingMonitors(db, deployment.id);
    const tags = [
      `deployment:${deployment.id}`,
      `model:${model.id}`,
      `monitors:${deployment.id}`,
      `team:${teamId}`,
    ];
    return { value: { deployment, model, capturing }, tags };
  }) as Promise<ServingPlan>;
}
