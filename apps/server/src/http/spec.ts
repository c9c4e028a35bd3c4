import { existsSync, readFileSync } from "node:fs";
import type { FastifySchema } from "fastify";
import { parse } from "yaml";

interface Parameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema?: Record<string, unknown>;
  $ref?: string;
}

interface Operation {
  operationId: string;
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  parameters?: Parameter[];
  security?: unknown[];
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters?: Record<string, Parameter>; schemas?: Record<string, Record<string, unknown>> };
}

/** Where the rendered spec is served, without credentials (`routes/docs.ts`). */
export const DOCS_PREFIX = "/docs";

// The build copies the spec beside dist/ (so a packed server carries it); in the repository it is read from spec/.
const SPEC_FILE =
  [
    new URL("../openapi.yaml", import.meta.url),
    new URL("../../../../spec/openapi.yaml", import.meta.url),
  ].find((file) => existsSync(file)) ?? new URL("../../../../spec/openapi.yaml", import.meta.url);

/** The parsed `spec/openapi.yaml`, the one source of the server's request schemas. */
export const spec: Spec = parse(readFileSync(SPEC_FILE, "utf8"));

function resolve<T>(value: T & { $ref?: string }): T {
  if (!value.$ref) return value;
  const [, , section, name] = value.$ref.split("/");
  return (spec.components as Record<string, Record<string, T>>)[section][name];
}

/** The `$id` under which the spec's components are registered with the validators (`http/validation.ts`). */
export const SPEC_SCHEMA_ID = "spec";

/** Points `#/components/...` references at the registered spec, so nested and recursive schemas resolve. */
function withSpecRefs(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!schema) return schema;
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${SPEC_SCHEMA_ID}#/components/`));
}

/** Body schemas by content type; types without a schema (multipart, raw bytes) are parsed by their route. */
function bodySchema(op: Operation): FastifySchema["body"] {
  const content = op.requestBody?.content ?? {};
  const json = withSpecRefs(content["application/json"]?.schema);
  if (!json) return undefined;
  if (Object.keys(content).length === 1) return json;
  return { content: { "application/json": { schema: json } } };
}

export interface SpecRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The Fastify form of the path (`/v1/jobs/:job_id`). */
  url: string;
  schema: FastifySchema;
  /** `public`: the operation needs no credentials (`security: []`). */
  config: { public: boolean };
}

/** Method, path and request validation schema of an operation, read from the spec by its operationId. */
export function specRoute(operationId: string): SpecRoute {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.operationId !== operationId) continue;
      const params = (op.parameters ?? []).map((p) => resolve(p));
      const group = (where: Parameter["in"]) => {
        const list = params.filter((p) => p.in === where);
        if (list.length === 0) return undefined;
        return {
          type: "object",
          properties: Object.fromEntries(list.map((p) => [p.name, withSpecRefs(p.schema) ?? {}])),
          required: list.filter((p) => p.required).map((p) => p.name),
          additionalProperties: where !== "query",
        };
      };
      return {
        method: method.toUpperCase() as SpecRoute["method"],
        url: path.replace(/\{([^}]+)\}/g, ":$1"),
        // Only the parts the operation has: Fastify warns about keys present with no schema.
        schema: Object.fromEntries(
          Object.entries({ querystring: group("query"), params: group("path"), body: bodySchema(op) }).filter(
            ([, schema]) => schema !== undefined,
          ),
        ),
        config: { public: Array.isArray(op.security) && op.security.length === 0 },
      };
    }
  }
  throw new Error(`Operation "${operationId}" is not in spec/openapi.yaml.`);
}
