import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { type FieldError, HttpError } from "../http/errors.js";
import type { AnyDefinition, JsonSchema } from "./definition.js";

// Defaults are filled in (the accepted input shows them); nothing is coerced: "3" is not a number.
const ajv = new Ajv2020.default({ allErrors: true, strict: false, useDefaults: true });
addFormats.default(ajv);
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function validatorFor(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Ajv's errors as one `{path, message}` per field: the branches of an `anyOf` are joined into one message. */
function fieldErrors(errors: ErrorObject[], prefix: string): FieldError[] {
  const byPath = new Map<string, string[]>();
  for (const error of errors) {
    if (error.keyword === "anyOf") continue;
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const pointer = error.instancePath.split("/").filter(Boolean);
    const leaf = params.missingProperty ?? params.additionalProperty;
    const path = [prefix, ...pointer, ...(leaf ? [leaf] : [])].join(".");
    const message =
      error.keyword === "additionalProperties"
        ? "is not a field of this input"
        : (error.message ?? "is invalid");
    const list = byPath.get(path) ?? [];
    if (!list.includes(message)) list.push(message);
    byPath.set(path, list);
  }
  return [...byPath].map(([path, messages]) => ({
    path,
    message: messages.every((m) => m.startsWith("must be "))
      ? `must be ${messages.map((m) => m.slice("must be ".length)).join(" or ")}`
      : messages.join("; "),
  }));
}

/**
 * The input checked against the definition's schema, with defaults filled in (a copy; `input` is left as sent).
 * A 400 names every offending field under `prefix` (`body.input.n_trials`).
 */
export function checkInput(
  definition: AnyDefinition,
  input: unknown,
  prefix: string,
): Record<string, unknown> {
  const copy = structuredClone(input ?? {});
  const validate = validatorFor(definition.inputSchema);
  if (!validate(copy)) {
    const details = fieldErrors(validate.errors ?? [], prefix);
    const summary = details.map((d) => `${d.path} ${d.message}`).join("; ");
    throw new HttpError(
      400,
      "validation_error",
      `Input of "${definition.key}" is invalid: ${summary}`,
      details,
    );
  }
  return copy as Record<string, unknown>;
}

/** Checks a value against a JSON Schema (a result validator's structural check); the messages, or none. */
export function schemaProblems(schema: JsonSchema, value: unknown): string[] {
  const validate = validatorFor(schema);
  if (validate(structuredClone(value))) return [];
  return fieldErrors(validate.errors ?? [], "result").map((e) => `${e.path} ${e.message}`);
}
