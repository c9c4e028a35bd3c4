import type { JsonSchema } from "./definition.js";

const titleOf = (name: string) =>
  name
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");

/** An optional field: the value's schema or null, with its default (what an omitted or null field means). */
export function optional(schema: JsonSchema, fallback: unknown, description?: string): JsonSchema {
  return { anyOf: [schema, { type: "null" }], default: fallback, ...(description && { description }) };
}

/** A required field. */
export function required(schema: JsonSchema, description?: string): JsonSchema {
  return { ...schema, ...(description && { description }) };
}

/** A UUID string. */
export const uuid: JsonSchema = { type: "string", format: "uuid" };

/**
 * A definition's input schema in the shape the reference API publishes: a titled object that refuses unknown
 * fields, with a title per field. Fields made with `required` are listed as required; `optional` ones are not.
 */
export function inputSchema(
  title: string,
  description: string,
  fields: Record<string, JsonSchema>,
): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(fields).map(([name, schema]) => [name, { title: titleOf(name), ...schema }]),
  );
  const needed = Object.entries(fields)
    .filter(([, schema]) => !("default" in schema))
    .map(([name]) => name);
  return {
    title,
    description,
    type: "object",
    additionalProperties: false,
    ...(needed.length > 0 && { required: needed }),
    properties,
  };
}
