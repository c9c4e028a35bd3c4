import Ajv from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";
import { SPEC_SCHEMA_ID, spec } from "./spec.js";

function makeAjv(coerce: boolean) {
  const ajv = new Ajv.default({
    allErrors: true,
    strict: false,
    coerceTypes: coerce ? "array" : false,
    useDefaults: true,
  });
  addFormats.default(ajv);
  ajv.addSchema({ $id: SPEC_SCHEMA_ID, components: spec.components });
  return ajv;
}

/**
 * Validates request parts against the schemas read from the spec. Query and path parameters arrive as text and
 * are coerced to their declared types; JSON bodies are taken as sent: a number where text is due, or a field
 * the spec does not know, is a 400 rather than silently converted or dropped.
 */
export function installValidation(app: FastifyInstance): void {
  const lenient = makeAjv(true);
  const strict = makeAjv(false);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === "body" ? strict : lenient).compile(schema),
  );
}
