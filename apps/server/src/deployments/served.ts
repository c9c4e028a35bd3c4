import { fieldError, HttpError } from "../http/errors.js";
import { getModel, type StoredModel } from "../models/repository.js";
import type { Queryable } from "../store/database.js";
import { type Deployment, findDeployment } from "./repository.js";

/** A team's deployment, or a 404. */
export async function getDeployment(db: Queryable, teamId: string, id: string): Promise<Deployment> {
  const deployment = await findDeployment(db, teamId, id);
  if (!deployment) throw new HttpError(404, "not_found", `No deployment ${id} in your team.`);
  return deployment;
}

/** A team's deployment named in a request body, or a 400 naming `path` (the deployment is input there). */
export async function deploymentInput(
  db: Queryable,
  teamId: string,
  id: string,
  path: string,
): Promise<Deployment> {
  const deployment = await findDeployment(db, teamId, id);
  if (!deployment) throw fieldError(path, `no deployment ${id} in your team`);
  return deployment;
}

/** The model a deployment serves now (409 if it was deleted from under it). */
export async function servedModel(
  db: Queryable,
  teamId: string,
  deployment: Deployment,
): Promise<StoredModel> {
  const model = await getModel(db, teamId, deployment.model_id);
  if (!model)
    throw new HttpError(409, "conflict", `The model of deployment ${deployment.id} no longer exists.`);
  return model;
}
