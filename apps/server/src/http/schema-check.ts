import type { FieldError } from "./errors.js";
import { HttpError } from "./errors.js";
import { SPEC_SCHEMA_ID } from "./spec.js";
import { specValidator } from "./validation.js";

const ajv = specValidator(false);
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/**
 * Checks a value against one of the spec's schemas (filling its defaults), as a route would check a body, for
 * domain functions called without HTTP (an agentic run passing a user's `monitoring_config`). A 400 names each
 * offending field under `path`.
 */
export function checkSchema<T>(schemaName: string, value: unknown, path = "body"): T {
  let validate = compiled.get(schemaName);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SPEC_SCHEMA_ID}#/components/schemas/${schemaName}` });
    compiled.set(schemaName, validate);
  }
  if (validate(value)) return value as T;
  const details: FieldError[] = (validate.errors ?? []).map((e) => {
    const extra = e.params as { missingProperty?: string; additionalProperty?: string };
    const pointer = e.instancePath.split("/").filter(Boolean);
    const name = extra.missingProperty ?? extra.additionalProperty;
    return {
      path: [path, ...pointer, ...(name ? [name] : [])].join("."),
      message: e.message ?? "is invalid",
    };
  });
  throw new HttpError(
    400,
    "validation_error",
    details.map((d) => `${d.path} ${d.message}`).join("; "),
    details,
  );
}
