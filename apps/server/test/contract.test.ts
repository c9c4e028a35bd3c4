import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type RunningServer, startServer } from "../src/index.js";
import { createJob } from "../src/jobs/repository.js";
import { createTeam } from "../src/tenancy/repository.js";

interface Operation {
  operationId: string;
  security?: unknown[];
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
}
const spec = parse(readFileSync(new URL("../../../spec/openapi.yaml", import.meta.url), "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
};
const METHODS = ["get", "post", "put", "patch", "delete"];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);

let server: RunningServer;
let teamId: string;
let userId: string;
beforeAll(async () => {
  server = await startServer({ port: 0 });
  const [user] = await server.db.query<{ id: string; team_id: string }>(
    "SELECT id, team_id FROM users LIMIT 1",
  );
  teamId = user.team_id;
  userId = user.id;
});

/** A valid body for each operation that takes one. */
const BODIES: Record<string, unknown> = {
  createTeam: { name: "Contract team", description: "made by the contract test" },
  updateTeam: { name: "Renamed" },
  updateUser: { full_name: "Ada Lovelace" },
};
afterAll(() => server.close());

const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: "spec", components: spec.components });
const validatorFor = (schema: unknown) =>
  ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/')));

/** A real value for each path parameter, made fresh for every call. */
async function pathValues(): Promise<Record<string, string>> {
  const job = await createJob(server.db, teamId, "contract.test", {});
  const team = await createTeam(server.db, userId, { name: "scratch" });
  return { job_id: job.id, team_id: team.id, user_id: userId };
}

describe("the server serves exactly the spec", () => {
  it.each(operations)("$method $path is routed", ({ path, method }) => {
    expect(server.app.hasRoute({ method, url: path.replace(/\{([^}]+)\}/g, ":$1") })).toBe(true);
  });

  it.each(operations)("$method $path answers as the spec says", async ({ path, method, op }) => {
    const values = await pathValues();
    const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name]);
    const headers: Record<string, string> = { authorization: `Bearer ${server.adminKey}` };
    const payload = BODIES[op.operationId];
    if (payload) headers["content-type"] = "application/json";
    const response = await fetch(`${server.url}${url}`, {
      method,
      headers,
      body: payload ? JSON.stringify(payload) : undefined,
    });
    let documented = op.responses[String(response.status)];
    expect(documented, `status ${response.status} is documented`).toBeDefined();
    if (documented.$ref) documented = spec.components.responses[documented.$ref.split("/").at(-1)!];
    expect(response.status).toBeLessThan(300);
    if (response.status === 204) return;
    const validate = validatorFor(documented.content?.["application/json"]?.schema);
    const body = await response.json();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });
});
