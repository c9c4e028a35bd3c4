import { spec } from "../http/spec.js";
import type { PredictAnswer } from "./predict.js";

/** The content type of an answer serialised by hand. */
export const JSON_TYPE = "application/json; charset=utf-8";

/** A schema of the spec with its `#/components/schemas/...` references replaced by what they name. */
function inlined(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(inlined);
  if (!schema || typeof schema !== "object") return schema;
  const { $ref, ...rest } = schema as Record<string, unknown>;
  if (typeof $ref === "string") return inlined(spec.components.schemas?.[$ref.split("/").pop() as string]);
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, inlined(v)]));
}

/**
 * The `200` answers of the predict routes as the spec defines them, for Fastify's response serializer
 * (fast-json-stringify): quicker than `JSON.stringify`, and nothing outside the spec's fields is sent.
 */
export const predictResponses = {
  model: { 200: inlined(spec.components.schemas?.PredictResponse) },
  deployment: { 200: inlined(spec.components.schemas?.DeploymentPredictResponse) },
} as Record<"model" | "deployment", Record<200, Record<string, unknown>>>;

/**
 * Whether every number in an answer is finite. fast-json-stringify refuses NaN, which `JSON.stringify` writes as
 * `null`; an answer with one (a registered ONNX model may give it) is sent through `JSON.stringify` as before.
 */
export function allFinite(answer: PredictAnswer): boolean {
  for (const p of answer.predictions) if (typeof p === "number" && !Number.isFinite(p)) return false;
  for (const row of answer.probabilities ?? []) for (const p of row) if (!Number.isFinite(p)) return false;
  return true;
}
