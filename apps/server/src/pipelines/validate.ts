import { getFamily, METRICS } from "@parzen/trainer";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { getDataset, getVersion } from "../datasets/repository.js";
import { findDeployment } from "../deployments/repository.js";
import { getModel } from "../models/repository.js";
import type { Queryable } from "../store/database.js";
import { BLOCK_TYPES, type BlockType } from "./blocks.js";
import { propagateColumns } from "./columns.js";
import { blockPath, type ConfigError, type Configuration, checkPorts, key, runOrder } from "./graph.js";
import { CONFIGURATION_SCHEMA } from "./schema.js";

const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const checkSchema = ajv.compile(CONFIGURATION_SCHEMA);

/** The outcome of `validate`: every error with its JSONPath, and the run order when there is one. */
export interface Validation {
  valid: boolean;
  errors: ConfigError[];
  order?: string[];
}

/** A JSON pointer (`/blocks/a b/config`) as a JSONPath (`$.blocks['a b'].config`). */
function jsonPath(pointer: string): string {
  const steps = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  return `$${steps.map((s) => (/^\d+$/.test(s) ? `[${s}]` : key(s))).join("")}`;
}

/** Schema errors with their paths; the `if`/`then` and `oneOf` wrappers are left out for the errors inside them. */
function schemaErrors(config: unknown): ConfigError[] {
  if (checkSchema(config)) return [];
  const seen = new Set<string>();
  const out: ConfigError[] = [];
  for (const e of checkSchema.errors ?? []) {
    if (e.keyword === "if" || (e.keyword === "oneOf" && (checkSchema.errors?.length ?? 0) > 1)) continue;
    const params = e.params as { missingProperty?: string; additionalProperty?: string };
    const extra = params.missingProperty ?? params.additionalProperty;
    const path = jsonPath(e.instancePath) + (extra ? key(extra) : "");
    const message = params.additionalProperty ? "is not a known field" : (e.message ?? "is invalid");
    if (seen.has(`${path} ${message}`)) continue;
    seen.add(`${path} ${message}`);
    out.push({ path, code: "schema", message });
  }
  return out;
}

/** Whether the parts the graph checks need are well formed (blocks with types, connections with ports). */
function graphShaped(config: unknown): config is Configuration {
  const c = config as Configuration;
  if (!c || typeof c !== "object" || !c.blocks || typeof c.blocks !== "object") return false;
  if (Object.values(c.blocks).some((b) => !b || typeof b !== "object" || typeof b.type !== "string"))
    return false;
  if (c.connections !== undefined && !Array.isArray(c.connections)) return false;
  return (c.connections ?? []).every(
    (x) =>
      typeof x?.from?.block === "string" &&
      typeof x.from.port === "string" &&
      typeof x?.to?.block === "string" &&
      typeof x.to.port === "string",
  );
}

/** Datasets, models and deployments the blocks name must be the team's; trainer names must be known. */
async function referenceErrors(db: Queryable, teamId: string, config: Configuration): Promise<ConfigError[]> {
  const errors: ConfigError[] = [];
  for (const [name, block] of Object.entries(config.blocks)) {
    const c = (block.config ?? {}) as Record<string, unknown>;
    const at = (field: string) => blockPath(name, `.config.${field}`);
    if (block.type === "dataset" && typeof c.dataset_id === "string") {
      const dataset = await getDataset(db, teamId, c.dataset_id);
      const versionId = (c.dataset_version_id as string | null | undefined) ?? dataset?.current_version_id;
      if (!dataset)
        errors.push({
          path: at("dataset_id"),
          code: "unknown_dataset",
          message: `no dataset ${c.dataset_id} in your team`,
        });
      else if (!versionId)
        errors.push({
          path: at("dataset_id"),
          code: "unknown_dataset",
          message: "the dataset has no data yet",
        });
      else if (!(await getVersion(db, dataset.id, versionId)))
        errors.push({
          path: at("dataset_version_id"),
          code: "unknown_dataset",
          message: `dataset ${dataset.id} has no version ${versionId}`,
        });
    }
    if ((block.type === "predict" || block.type === "evaluate") && typeof c.model_id === "string") {
      if (!(await getModel(db, teamId, c.model_id)))
        errors.push({
          path: at("model_id"),
          code: "unknown_model",
          message: `no model ${c.model_id} in your team`,
        });
    }
    if (block.type === "predict" && typeof c.deployment_id === "string") {
      if (!(await findDeployment(db, teamId, c.deployment_id)))
        errors.push({
          path: at("deployment_id"),
          code: "unknown_deployment",
          message: `no deployment ${c.deployment_id} in your team`,
        });
    }
    if (block.type === "train") {
      (c.model_types as unknown[] | undefined)?.forEach((family, i) => {
        try {
          getFamily(String(family));
        } catch (error) {
          errors.push({
            path: at(`model_types[${i}]`),
            code: "unknown_model_type",
            message: (error as Error).message,
          });
        }
      });
    }
    const metrics = c.metrics as unknown[] | undefined;
    if ((block.type === "train" || block.type === "evaluate") && Array.isArray(metrics))
      metrics.forEach((metric, i) => {
        if (!METRICS[String(metric)])
          errors.push({
            path: at(`metrics[${i}]`),
            code: "unknown_metric",
            message: `unknown metric "${metric}" (metrics: ${Object.keys(METRICS).join(", ")})`,
          });
      });
    if (block.type === "input" && c.json_schema && typeof c.json_schema === "object") {
      try {
        ajv.compile(c.json_schema as object);
      } catch (error) {
        errors.push({
          path: at("json_schema"),
          code: "invalid_json_schema",
          message: (error as Error).message,
        });
      }
    }
  }
  return errors;
}

/**
 * Validates a configuration: the published JSON Schema, then the graph (block ids, ports, types, required inputs,
 * cycles), then the team's datasets, models and deployments and the columns flowing between blocks.
 */
export async function validateConfiguration(
  db: Queryable,
  teamId: string,
  config: unknown,
): Promise<Validation> {
  const errors = schemaErrors(config);
  if (!graphShaped(config)) return { valid: false, errors };
  const known = Object.fromEntries(
    Object.entries(config.blocks).filter(([, b]) => (BLOCK_TYPES as Record<string, BlockType>)[b.type]),
  );
  const graph = { ...config, blocks: known };
  errors.push(...checkPorts(graph));
  const ordered = runOrder(graph);
  if ("cycle" in ordered) {
    const connections = graph.connections ?? [];
    const loop = ordered.cycle.map((i) => connections[i].from.block);
    errors.push({
      path: `$.connections[${ordered.cycle[0]}]`,
      code: "cycle",
      message: `the blocks form a cycle: ${[...loop, loop[0]].join(" → ")}`,
    });
  }
  errors.push(...(await referenceErrors(db, teamId, graph)));
  if ("order" in ordered && errors.length === 0)
    errors.push(...(await propagateColumns(db, teamId, graph, ordered.order)));
  return { valid: errors.length === 0, errors, ...("order" in ordered && { order: ordered.order }) };
}
