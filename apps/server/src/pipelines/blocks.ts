import type { JsonSchema } from "../agents/definition.js";

/** What flows along a connection. `any` is only an input of `output`, which takes whatever it is given. */
export type PortType = "json" | "table" | "model" | "metrics";

/** An input port: its type, and whether a block of this type cannot run without it. */
export interface InputPort {
  type: PortType;
  required: boolean;
}

/** A block type: its ports and the JSON Schema of its `config`. */
export interface BlockType {
  description: string;
  inputs: Record<string, InputPort>;
  /** Takes inputs under any port name, of any type (the `output` block). */
  openInputs?: boolean;
  outputs: Record<string, PortType>;
  config: JsonSchema;
  /** Whether `config` may be left out. */
  configOptional?: boolean;
}

/** Column types a transform may cast to (the dataset schema's names). */
export const CAST_TYPES = ["int", "float", "string", "bool", "datetime", "category"] as const;

const uuid = { type: "string", format: "uuid" };
const nullableUuid = { type: ["string", "null"], format: "uuid" };
const columnName = { type: "string", minLength: 1, maxLength: 500 };
const metricList = { type: "array", items: { type: "string" }, minItems: 1, maxItems: 10 };

/** Every block type by name. Train's config is a trainer request without its dataset (the `table` input is it). */
export const BLOCK_TYPES: Record<string, BlockType> = {
  input: {
    description: "The execution's input, checked against `json_schema`.",
    inputs: {},
    outputs: { data: "json" },
    config: {
      type: "object",
      required: ["json_schema"],
      properties: { json_schema: { type: "object", description: "A JSON Schema for `pipeline_input`." } },
    },
  },
  dataset: {
    description: "A dataset version of the team as a table (the current version unless one is named).",
    inputs: {},
    outputs: { table: "table" },
    config: {
      type: "object",
      additionalProperties: false,
      required: ["dataset_id"],
      properties: { dataset_id: uuid, dataset_version_id: nullableUuid },
    },
  },
  filter: {
    description: "The rows matching the trainer's filter object.",
    inputs: { table: { type: "table", required: true } },
    outputs: { table: "table" },
    config: {
      type: "object",
      additionalProperties: false,
      required: ["filter"],
      properties: { filter: { $ref: "#/$defs/Filter" } },
    },
  },
  transform: {
    description:
      "Column changes, applied in this order: derive (expressions over columns), cast, rename, drop, select.",
    inputs: { table: { type: "table", required: true } },
    outputs: { table: "table" },
    config: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      properties: {
        derive: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["name", "expression"],
            properties: {
              name: columnName,
              expression: {
                type: "string",
                minLength: 1,
                maxLength: 2000,
                description:
                  "Arithmetic, comparisons, `and`/`or`/`not` and functions (abs, sqrt, log, exp, round, floor, ceil, " +
                  "min, max, year, month, day, weekday, lower, upper, length, coalesce, if) over columns; quote odd " +
                  'names as "name".',
              },
            },
          },
        },
        cast: { type: "object", additionalProperties: { type: "string", enum: [...CAST_TYPES] } },
        rename: { type: "object", additionalProperties: columnName },
        drop: { type: "array", items: columnName, uniqueItems: true },
        select: { type: "array", items: columnName, minItems: 1, uniqueItems: true },
      },
    },
  },
  train: {
    description: "Trains models on the table as a trainer job (the table is registered as a dataset first).",
    inputs: { table: { type: "table", required: true } },
    outputs: { model: "model" },
    config: { $ref: "#/$defs/TrainBlockConfig" },
  },
  predict: {
    description:
      "Scores the table with the `model` input, `model_id`, or the model `deployment_id` serves; adds `prediction` " +
      "and, for classification, `proba_<class>` columns.",
    inputs: { table: { type: "table", required: true }, model: { type: "model", required: false } },
    outputs: { table: "table" },
    config: {
      type: "object",
      additionalProperties: false,
      properties: {
        model_id: nullableUuid,
        deployment_id: nullableUuid,
        include_input: { type: "boolean", default: true },
      },
    },
    configOptional: true,
  },
  evaluate: {
    description: "Scores a predicted table against its label with the model's task metrics (or `metrics`).",
    inputs: { table: { type: "table", required: true }, model: { type: "model", required: true } },
    outputs: { metrics: "metrics" },
    config: {
      type: "object",
      additionalProperties: false,
      properties: { label_column: columnName, metrics: metricList },
    },
    configOptional: true,
  },
  output: {
    description: "Gathers its inputs under their port names into the execution's `pipeline_output`.",
    inputs: {},
    openInputs: true,
    outputs: {},
    config: {
      type: "object",
      additionalProperties: false,
      properties: {
        max_rows: {
          type: "integer",
          minimum: 0,
          maximum: 1_000_000,
          default: 10_000,
          description: "Rows of each table kept in the output.",
        },
      },
    },
    configOptional: true,
  },
};

/** The names of the block types, in the order the schema lists them. */
export const BLOCK_TYPE_NAMES = Object.keys(BLOCK_TYPES);
