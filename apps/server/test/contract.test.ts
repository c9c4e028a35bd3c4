import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type RunningServer, startServer } from "../src/index.js";

interface Operation {
  operationId: string;
  parameters?: { in: string; required?: boolean }[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
const spec = parse(readFileSync(new URL("../../../spec/openapi.yaml", import.meta.url), "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
  components: unknown;
};
const METHODS = ["get", "post", "put", "patch", "delete"];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: "spec", components: spec.components });
const validatorFor = (schema: unknown) =>
  ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/')));

describe("the server serves exactly the spec", () => {
  it.each(operations)("$method $path is routed", ({ path, method }) => {
    const url = path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
    expect(server.app.hasRoute({ method, url: path.replace(/\{([^}]+)\}/g, ":$1") }), url).toBe(true);
  });

  const simple = operations.filter(
    ({ method, op }) => method === "GET" && !op.parameters?.some((p) => p.required),
  );
  it.each(simple)("$method $path answers as the spec says", async ({ path, op }) => {
    const response = await fetch(`${server.url}${path}`);
    const documented = op.responses[String(response.status)];
    expect(documented, `status ${response.status} is documented`).toBeDefined();
    const schema = documented.content?.["application/json"]?.schema;
    const validate = validatorFor(schema);
    const body = await response.json();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });
});
