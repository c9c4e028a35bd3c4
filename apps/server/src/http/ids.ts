import type Ajv from "ajv";

/** The keyword that lower-cases the string it sits on; added beside every `format: uuid` of the spec's schemas. */
const KEYWORD = "x-parzen-lowercase-id";

/**
 * Teaches a validator to normalise ids: an id is compared, stored and used in artifact paths in one spelling, so
 * `AAAA…` and `aaaa…` name the same object everywhere (the `urn:uuid:` prefix the `uuid` format allows is dropped).
 */
export function addIdNormalisation(ajv: Ajv.default): void {
  ajv.addKeyword({
    keyword: KEYWORD,
    schemaType: "boolean",
    modifying: true,
    errors: false,
    validate: (_schema: boolean, data: unknown, _parent?: unknown, context?: unknown) => {
      const at = context as {
        parentData?: Record<string | number, unknown>;
        parentDataProperty?: string | number;
      };
      if (typeof data === "string" && at?.parentData && at.parentDataProperty !== undefined)
        at.parentData[at.parentDataProperty] = data.toLowerCase().replace(/^urn:uuid:/, "");
      return true;
    },
  });
}

/** A copy of a schema (or schema tree) with the id-normalising keyword beside every `format: uuid`. */
export function markIds<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(markIds) as T;
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = markIds(value);
  if (out.format === "uuid") out[KEYWORD] = true;
  return out as T;
}
