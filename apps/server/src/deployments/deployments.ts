import { randomUUID } from "node:crypto";
import { changeFeed } from "../cache/change-feed.js";
import type { ServerContext } from "../context.js";
import { fieldError, HttpError } from "../http/errors.js";
import { type PredictAnswer, type PredictBody, predictRequest } from "../models/predict.js";
import { getModel, type StoredModel } from "../models/repository.js";
import { captureRows } from "../monitors/capture.js";
import type { Database, Queryable } from "../store/database.js";
import type { PageOf } from "../store/paging.js";
import {
  type Deployment,
  type DeploymentHistoryEntry,
  type DeploymentListQuery,
  findDeployment,
  insertDeployment,
  queryDeployments,
  queryHistory,
  removeDeployment,
  servedBefore,
  setServedModel,
} from "./repository.js";
import { getDeployment, servedModel } from "./served.js";
import { servingPlan } from "./serving-cache.js";

export type { Deployment, DeploymentHistoryEntry, DeploymentListQuery };
export { getDeployment, servedModel };

/** What `createDeployment` takes. */
export interface DeploymentInput {
  modelId: string;
  name: string;
  description?: string | null;
}

const notFound = (id: string) => new HttpError(404, "not_found", `No deployment ${id} in your team.`);

/** The team's model, or a 400 naming `path` (the model is input here, not the resource addressed). */
async function modelFor(db: Queryable, teamId: string, modelId: string, path: string): Promise<StoredModel> {
  const model = await getModel(db, teamId, modelId);
  if (!model) throw fieldError(path, `no model ${modelId} in your team`);
  return model;
}

/**
 * Deploys a team's model under a name unique in the team (409 if taken). The agentic run's approval and
 * `auto_deploy` call this too.
 * @example const d = await createDeployment(db, teamId, { modelId, name: "churn" });
 */
export async function createDeployment(
  db: Database,
  teamId: string,
  input: DeploymentInput,
): Promise<Deployment> {
  await modelFor(db, teamId, input.modelId, "body.model_id");
  const id = randomUUID();
  const created = await db.transaction((tx) =>
    insertDeployment(tx, {
      id,
      teamId,
      name: input.name,
      description: input.description ?? null,
      modelId: input.modelId,
    }),
  );
  if (!created)
    throw new HttpError(409, "conflict", `Your team already has a deployment named "${input.name}".`);
  return (await findDeployment(db, teamId, id)) as Deployment;
}

/** One page of the team's deployments. */
export function listDeployments(
  db: Queryable,
  teamId: string,
  query: DeploymentListQuery,
): Promise<PageOf<Deployment>> {
  return queryDeployments(db, teamId, query);
}

/** One page of the models a deployment has served (404 for another team's deployment). */
export async function deploymentHistory(
  db: Queryable,
  teamId: string,
  id: string,
  query: { page: number; pageSize: number; orderDirection: "asc" | "desc" },
): Promise<PageOf<DeploymentHistoryEntry>> {
  await getDeployment(db, teamId, id);
  return queryHistory(db, id, query);
}

/** A 400 unless `next` answers like `current`: the same task kind and label, so callers see the same shape. */
function checkCompatible(current: Deployment, next: StoredModel, path: string): void {
  if (next.task.kind !== current.task.kind)
    throw fieldError(
      path,
      `model ${next.id} is a ${next.task.kind} model; the deployment serves ${current.task.kind}`,
    );
  const label = current.task.label_column;
  if (label && next.task.label_column && next.task.label_column !== label)
    throw fieldError(
      path,
      `model ${next.id} predicts "${next.task.label_column}"; the deployment predicts "${label}"`,
    );
}

/** Moves a deployment to `modelId`, recorded in its history as `action`. */
async function moveTo(
  db: Database,
  teamId: string,
  id: string,
  pick: (current: Deployment, tx: Queryable) => Promise<{ modelId: string; path: string }>,
  action: "switch" | "rollback",
  reason: string | null,
): Promise<Deployment> {
  await db.transaction(async (tx) => {
    const current = await findDeployment(tx, teamId, id, true);
    if (!current) throw notFound(id);
    const { modelId, path } = await pick(current, tx);
    checkCompatible(current, await modelFor(tx, teamId, modelId, path), path);
    await setServedModel(tx, current, { modelId, action, reason });
  });
  // Predictions here use the new model from the next request on (other processes hear the store's trigger).
  changeFeed(db).changed("deployment", id);
  return getDeployment(db, teamId, id);
}

/**
 * Serves another model (a retrain's, say) from the deployment; same task kind and label required (400).
 * @example await switchModel(db, teamId, deploymentId, { modelId: retrained.id, reason: "retrain" });
 */
export function switchModel(
  db: Database,
  teamId: string,
  deploymentId: string,
  input: { modelId: string; reason?: string | null },
): Promise<Deployment> {
  return moveTo(
    db,
    teamId,
    deploymentId,
    async () => ({ modelId: input.modelId, path: "body.model_id" }),
    "switch",
    input.reason ?? null,
  );
}

/**
 * Goes back to the model served before the current one, or to `modelId` if the deployment served it before.
 * A deployment that never switched has nothing to roll back to (409).
 */
export function rollbackDeployment(
  db: Database,
  teamId: string,
  deploymentId: string,
  input: { modelId?: string; reason?: string | null } = {},
): Promise<Deployment> {
  return moveTo(
    db,
    teamId,
    deploymentId,
    async (current, tx) => {
      if (input.modelId) {
        if (!(await servedBefore(tx, current.id, input.modelId)))
          throw fieldError("body.model_id", `deployment ${current.id} never served model ${input.modelId}`);
        return { modelId: input.modelId, path: "body.model_id" };
      }
      if (!current.previous_model_id)
        throw new HttpError(
          409,
          "conflict",
          `Deployment ${current.id} has no earlier model to roll back to.`,
        );
      return { modelId: current.previous_model_id, path: "deployment.previous_model_id" };
    },
    "rollback",
    input.reason ?? null,
  );
}

/** Deletes a deployment with its history and monitors (its models stay); 404 if the team has none by that id. */
export async function deleteDeployment(db: Database, teamId: string, id: string): Promise<void> {
  if (!(await removeDeployment(db, teamId, id))) throw notFound(id);
  changeFeed(db).changed("deployment", id);
}

/**
 * Predicts with the deployment's current model — the wire formats of model predict — and feeds the rows to the
 * deployment's monitors that capture predictions.
 */
export async function predictDeployment(
  ctx: ServerContext,
  teamId: string,
  deploymentId: string,
  body: PredictBody,
): Promise<PredictAnswer & { deployment_id: string }> {
  const { deployment, model, capturing } = await servingPlan(ctx.db, teamId, deploymentId);
  const { frame, answer } = await predictRequest(ctx, model, body);
  if (capturing.length > 0) captureRows(ctx, teamId, frame, capturing);
  return { ...answer, deployment_id: deployment.id };
}
