import Ajv from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";
import { addIdNormalisation, markIds } from "./ids.js";
import { SPEC_SCHEMA_ID, spec } from "./spec.js";

/** The largest integer a query or path parameter may carry when its schema sets no maximum. */
export const MAX_PARAMETER_INTEGER = Number.MAX_SAFE_INTEGER;

/**
 * A validator that knows the spec's components, fills defaults, and lower-cases ids (`http/ids.ts`); with
 * `coerce`, text is converted to the declared types (query and path parameters arrive as text).
 */
export function specValidator(coerce: boolean): Ajv.default {
  const ajv = new Ajv.default({
    allErrors: true,
    strict: false,
    coerceTypes: coerce ? "array" : false,
    useDefaults: true,
  });
  addFormats.default(ajv);
  addIdNormalisation(ajv);
  ajv.addSchema({ $id: SPEC_SCHEMA_ID, components: markIds(spec.components) });
  return ajv;
}

/** Caps integers without a maximum, so `page=1e400` or twenty digits is a 400 rather than a database error. */
function boundIntegers<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(boundIntegers) as T;
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = boundIntegers(value);
  const types = Array.isArray(out.type) ? out.type : [out.type];
  if (types.includes("integer") && out.maximum === undefined) out.maximum = MAX_PARAMETER_INTEGER;
  return out as T;
}

/**
 * Validates request parts against the schemas read from the spec. Query and path parameters arrive as text and
 * are coerced to their declared types (integers bounded); JSON bodies are taken as sent: a number where text is
 * due, or a field the spec does not know, is a 400 rather than silently converted or dropped.
 */
export function installValidation(app: FastifyInstance): void {
  const lenient = specValidator(true);
  const strict = specValidator(false);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === "body" ? strict.compile(markIds(schema)) : lenient.compile(boundIntegers(markIds(schema))),
  );
}
