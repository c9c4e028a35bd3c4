import type { JsonSchema } from "../agents/definition.js";
import { spec } from "../http/spec.js";
import { BLOCK_TYPE_NAMES, BLOCK_TYPES } from "./blocks.js";

/** Trainer request fields a train block does not take: its data comes from its `table` input, and no teacher. */
const NOT_IN_TRAIN = [
  "dataset_id",
  "dataset_version_id",
  "grid_size",
  "teacher_model_id",
  "teacher_predict_url",
  "teacher_predict_headers",
];

/** A spec schema with its `#/components/schemas/X` references pointed at `#/$defs/X`; collects what it names. */
function localize(schema: unknown, defs: Record<string, unknown>): unknown {
  const text = JSON.stringify(schema);
  for (const [, name] of text.matchAll(/"#\/components\/schemas\/([\w-]+)"/g)) {
    if (defs[name]) continue;
    defs[name] = {};
    defs[name] = localize(spec.components.schemas?.[name], defs);
  }
  return JSON.parse(text.replaceAll('"#/components/schemas/', '"#/$defs/'));
}

function buildSchema(): JsonSchema {
  const defs: Record<string, unknown> = {};
  localize({ $ref: "#/components/schemas/Filter" }, defs);
  const trainer = localize(spec.components.schemas?.TrainerRunRequest, defs) as {
    properties: Record<string, unknown>;
  };
  defs.TrainBlockConfig = {
    type: "object",
    additionalProperties: false,
    required: ["task"],
    properties: Object.fromEntries(
      Object.entries(trainer.properties).filter(([name]) => !NOT_IN_TRAIN.includes(name)),
    ),
  };
  const port = {
    type: "object",
    additionalProperties: false,
    required: ["block", "port"],
    properties: { block: { type: "string", minLength: 1 }, port: { type: "string", minLength: 1 } },
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://parzen.dev/schemas/pipeline-configuration.json",
    title: "PipelineConfiguration",
    description: "A pipeline configuration: blocks (keyed by id) and the connections between their ports.",
    type: "object",
    required: ["id", "name", "version", "blocks"],
    properties: {
      id: { type: "string", minLength: 1, maxLength: 200 },
      name: { type: "string", minLength: 1, maxLength: 200 },
      version: { type: "string", minLength: 1, maxLength: 50 },
      description: { type: "string", maxLength: 4000 },
      blocks: {
        type: "object",
        minProperties: 1,
        maxProperties: 100,
        propertyNames: { pattern: "^[A-Za-z0-9_-]{1,64}$" },
        additionalProperties: { $ref: "#/$defs/Block" },
      },
      connections: { type: "array", maxItems: 500, items: { $ref: "#/$defs/Connection" } },
    },
    $defs: {
      ...defs,
      Block: {
        type: "object",
        required: ["id", "type"],
        properties: {
          id: { type: "string", minLength: 1 },
          type: { type: "string", enum: BLOCK_TYPE_NAMES },
          name: { type: "string", maxLength: 200 },
          config: { type: "object" },
        },
        allOf: BLOCK_TYPE_NAMES.map((name) => {
          const block = BLOCK_TYPES[name];
          return {
            if: { properties: { type: { const: name } }, required: ["type"] },
            // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
            then: {
              ...(block.configOptional ? {} : { required: ["config"] }),
              properties: { config: block.config },
            },
          };
        }),
      },
      Connection: {
        type: "object",
        additionalProperties: false,
        required: ["from", "to"],
        properties: { from: port, to: port },
      },
    },
  };
}

/** The published JSON Schema of a pipeline configuration (`GET /v1/pipeline-configuration-versions/schema`). */
export const CONFIGURATION_SCHEMA: JsonSchema = buildSchema();
