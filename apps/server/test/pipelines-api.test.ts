import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { type Call, csvDataset, http, type Json } from "./agents-http.js";

// Pipelines and configuration versions over HTTP: CRUD, paging, validation errors with their paths, versioning.
let server: RunningServer;
let alice: Call;
let bob: Call;
let datasetId: string;

const CSV =
  "customer_id,signup,spend,plan,churned\n1,2024-01-05,10.5,a,yes\n2,2023-12-01,3.25,b,no\n3,2024-02-11,8,a,no\n";

/** The reference SDK's example configuration, exactly as written there. */
const SEED_EXAMPLE = {
  id: "my-pipeline",
  name: "Document Processor",
  version: "1.0.0",
  blocks: { input: { id: "input", type: "input", config: { json_schema: { type: "object" } } } },
};

const link = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { block: from, port: fromPort },
  to: { block: to, port: toPort },
});

/** dataset → filter → transform → output, all valid. */
function tableConfig(dataset = datasetId): Json {
  return {
    id: "tables",
    name: "Tables",
    version: "1.0.0",
    blocks: {
      data: { id: "data", type: "dataset", config: { dataset_id: dataset } },
      recent: {
        id: "recent",
        type: "filter",
        config: { filter: { kind: "cmp", col: "signup", op: ">=", value: "2024-01-01" } },
      },
      shape: { id: "shape", type: "transform", config: { drop: ["customer_id"] } },
      out: { id: "out", type: "output" },
    },
    connections: [
      link("data", "table", "recent", "table"),
      link("recent", "table", "shape", "table"),
      link("shape", "table", "out", "rows"),
    ],
  };
}

beforeAll(async () => {
  server = await startServer({ port: 0, concurrency: 0 });
  alice = http(
    server.url,
    (await createTeamWithUser(server.db, { team: "alice", email: "a@example.com" })).key,
  );
  bob = http(server.url, (await createTeamWithUser(server.db, { team: "bob", email: "b@example.com" })).key);
  datasetId = await csvDataset(alice, "customers", CSV);
});
afterAll(() => server.close());

const validate = async (configuration: unknown) => {
  const answer = await alice("POST", "/v1/pipeline-configuration-versions/validate", { configuration });
  expect(answer.status).toBe(200);
  return answer.body as { valid: boolean; errors: { path: string; code: string; message: string }[] };
};

describe("pipelines", () => {
  it("creates, lists with filters, paging and ordering, renames and deletes", async () => {
    const names = ["Churn scoring", "churn retrain", "Fraud", "Weekly report"];
    const ids: string[] = [];
    for (const name of names) {
      const created = await alice("POST", "/v1/pipelines", { name, description: `about ${name}` });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name, description: `about ${name}` });
      ids.push(created.body.id);
    }
    const like = await alice("GET", "/v1/pipelines?name_like=CHURN&order_by=name");
    expect(like.body.items.map((p: Json) => p.name)).toEqual(["churn retrain", "Churn scoring"]);
    const desc = await alice("GET", "/v1/pipelines?order_by=name&order_direction=desc&page_size=3");
    expect(desc.body.items.map((p: Json) => p.name)).toEqual(["Weekly report", "Fraud", "Churn scoring"]);
    expect(desc.body.pagination).toEqual({ page: 1, page_size: 3, total_items: 4, total_pages: 2 });
    const second = await alice("GET", "/v1/pipelines?order_by=createdAt&page_size=3&page=2");
    expect(second.body.items.map((p: Json) => p.name)).toEqual(["Weekly report"]);
    const byIds = await alice("GET", `/v1/pipelines?pipeline_ids=${ids[0]},${ids[2]}`);
    expect(byIds.body.items.map((p: Json) => p.id).sort()).toEqual([ids[0], ids[2]].sort());
    expect((await alice("GET", "/v1/pipelines?page_size=1001")).status).toBe(400);
    expect((await alice("GET", "/v1/pipelines?pipeline_ids=nope")).body.error.details[0].path).toBe(
      "query.pipeline_ids.0",
    );

    const renamed = await alice("PATCH", `/v1/pipelines/${ids[2]}`, { name: "Fraud v2" });
    expect(renamed.body).toMatchObject({ name: "Fraud v2", description: "about Fraud" });
    const updated = await alice("GET", "/v1/pipelines?order_by=updatedAt&order_direction=desc&page_size=1");
    expect(updated.body.items[0].id).toBe(ids[2]);
    expect((await alice("DELETE", `/v1/pipelines/${ids[3]}`)).status).toBe(204);
    expect((await alice("GET", `/v1/pipelines/${ids[3]}`)).status).toBe(404);
  });

  it("refuses a second pipeline with the same name in a team (409), not across teams", async () => {
    expect((await alice("POST", "/v1/pipelines", { name: "Dup" })).status).toBe(201);
    const again = await alice("POST", "/v1/pipelines", { name: "Dup" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    const other = await alice("POST", "/v1/pipelines", { name: "Other" });
    expect((await alice("PATCH", `/v1/pipelines/${other.body.id}`, { name: "Dup" })).status).toBe(409);
    expect((await bob("POST", "/v1/pipelines", { name: "Dup" })).status).toBe(201);
  });

  it("hides another team's pipeline and version (404)", async () => {
    const p = await alice("POST", "/v1/pipelines", { name: "Private" });
    const v = await alice("POST", "/v1/pipeline-configuration-versions", {
      pipeline_id: p.body.id,
      configuration: SEED_EXAMPLE,
    });
    for (const [method, path] of [
      ["GET", `/v1/pipelines/${p.body.id}`],
      ["PATCH", `/v1/pipelines/${p.body.id}`],
      ["DELETE", `/v1/pipelines/${p.body.id}`],
      ["GET", `/v1/pipeline-configuration-versions/${v.body.id}`],
      ["POST", `/v1/pipeline-configuration-versions/${v.body.id}/clone`],
      ["POST", `/v1/pipeline-configuration-versions/${v.body.id}/publish`],
      ["DELETE", `/v1/pipeline-configuration-versions/${v.body.id}`],
    ]) {
      const answer = await bob(method, path, method === "PATCH" ? { name: "mine" } : undefined);
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    const create = await bob("POST", "/v1/pipeline-configuration-versions", {
      pipeline_id: p.body.id,
      configuration: SEED_EXAMPLE,
    });
    expect(create.status).toBe(404);
    expect(
      (await bob("GET", `/v1/pipeline-configuration-versions?pipeline_ids=${p.body.id}`)).body.items,
    ).toEqual([]);
    // Bob cannot point a block at Alice's dataset either.
    const theirs = await bob("POST", "/v1/pipeline-configuration-versions/validate", {
      configuration: tableConfig(),
    });
    expect(theirs.body.errors).toContainEqual(
      expect.objectContaining({ path: "$.blocks.data.config.dataset_id", code: "unknown_dataset" }),
    );
  });
});

describe("configuration versions", () => {
  it("accepts the seed's example as written and publishes the JSON Schema", async () => {
    expect(await validate(SEED_EXAMPLE)).toMatchObject({ valid: true, errors: [] });
    const schema = await alice("GET", "/v1/pipeline-configuration-versions/schema");
    expect(schema.status).toBe(200);
    expect(schema.body.required).toEqual(["id", "name", "version", "blocks"]);
    expect(schema.body.$defs.Block.properties.type.enum).toEqual([
      "input",
      "dataset",
      "filter",
      "transform",
      "train",
      "predict",
      "evaluate",
      "output",
    ]);
  });

  it("numbers versions, clones to a new draft, updates drafts only, deletes", async () => {
    const p = (await alice("POST", "/v1/pipelines", { name: "Versioned" })).body;
    const v1 = await alice("POST", "/v1/pipeline-configuration-versions", {
      pipeline_id: p.id,
      configuration: SEED_EXAMPLE,
    });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({
      pipeline_id: p.id,
      version_number: 1,
      status: "draft",
      published_at: null,
    });
    const changed = { ...tableConfig(), version: "1.1.0" };
    const edited = await alice("PATCH", `/v1/pipeline-configuration-versions/${v1.body.id}`, {
      configuration: changed,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.configuration.version).toBe("1.1.0");
    const published = await alice("POST", `/v1/pipeline-configuration-versions/${v1.body.id}/publish`);
    expect(published.body).toMatchObject({ status: "published", version_number: 1 });
    expect(published.body.published_at).not.toBeNull();
    const refused = await alice("PATCH", `/v1/pipeline-configuration-versions/${v1.body.id}`, {
      configuration: SEED_EXAMPLE,
    });
    expect(refused.status).toBe(409);
    const clone = await alice("POST", `/v1/pipeline-configuration-versions/${v1.body.id}/clone`);
    expect(clone.status).toBe(201);
    expect(clone.body).toMatchObject({ version_number: 2, status: "draft", configuration: changed });
    expect(clone.body.id).not.toBe(v1.body.id);
    const v3 = await alice("POST", "/v1/pipeline-configuration-versions", {
      pipeline_id: p.id,
      configuration: SEED_EXAMPLE,
    });
    expect(v3.body.version_number).toBe(3);
    // A deleted version's number is not reused while a higher one exists.
    expect((await alice("DELETE", `/v1/pipeline-configuration-versions/${clone.body.id}`)).status).toBe(204);
    const v4 = await alice("POST", `/v1/pipeline-configuration-versions/${v3.body.id}/clone`);
    expect(v4.body.version_number).toBe(4);

    const list = await alice(
      "GET",
      `/v1/pipeline-configuration-versions?pipeline_ids=${p.id}&order_by=createdAt&order_direction=desc`,
    );
    expect(list.body.items.map((v: Json) => v.version_number)).toEqual([4, 3, 1]);
    const byId = await alice(
      "GET",
      `/v1/pipeline-configuration-versions?pipeline_configuration_version_ids=${v1.body.id}&pipeline_configuration_version_ids=${v4.body.id}`,
    );
    expect(byId.body.items.map((v: Json) => v.version_number)).toEqual([1, 4]);
    const byUpdate = await alice(
      "GET",
      `/v1/pipeline-configuration-versions?pipeline_ids=${p.id}&order_by=updatedAt&order_direction=asc`,
    );
    expect(byUpdate.body.items.map((v: Json) => v.version_number)).toEqual([1, 3, 4]);
  });

  it("refuses an invalid configuration on create (400 with paths) and an unknown pipeline (404)", async () => {
    const p = (await alice("POST", "/v1/pipelines", { name: "Strict" })).body;
    const bad = await alice("POST", "/v1/pipeline-configuration-versions", {
      pipeline_id: p.id,
      configuration: { ...SEED_EXAMPLE, blocks: { input: { id: "input", type: "input" } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toContainEqual(
      expect.objectContaining({ path: "body.configuration.blocks.input.config" }),
    );
    const unknown = await alice("POST", "/v1/pipeline-configuration-versions", {
      pipeline_id: "00000000-0000-4000-8000-000000000000",
      configuration: SEED_EXAMPLE,
    });
    expect(unknown.status).toBe(404);
  });
});

describe("validate", () => {
  it("passes a valid table pipeline and gives its run order", async () => {
    const v = await validate(tableConfig());
    expect(v).toMatchObject({ valid: true, errors: [], order: ["data", "recent", "shape", "out"] });
  });

  it("finds each graph error with its path", async () => {
    const base = tableConfig();
    const cases: [string, (c: Json) => void, { path: unknown; code: string }][] = [
      [
        "a cycle",
        (c) => {
          c.blocks.back = {
            id: "back",
            type: "filter",
            config: { filter: { kind: "cmp", col: "plan", value: "a" } },
          };
          c.connections[0] = link("back", "table", "recent", "table");
          c.connections.push(link("shape", "table", "back", "table"));
        },
        // Any connection along the loop recent → shape → back → recent.
        { path: expect.stringMatching(/^\$\.connections\[(0|1|4)\]$/), code: "cycle" },
      ],
      [
        "a connection to an unknown block",
        (c) => c.connections.push(link("ghost", "table", "out", "more")),
        { path: "$.connections[3].from.block", code: "unknown_block" },
      ],
      [
        "a connection from an unknown port",
        (c) => (c.connections[1].from.port = "rows"),
        { path: "$.connections[1].from.port", code: "unknown_port" },
      ],
      [
        "an unconnected required input",
        (c) => c.connections.splice(1, 1),
        { path: "$.blocks.shape", code: "unconnected_port" },
      ],
      [
        "an input fed twice",
        (c) => c.connections.push(link("data", "table", "shape", "table")),
        { path: "$.connections[3].to.port", code: "port_taken" },
      ],
      [
        "a type mismatch",
        (c) => {
          c.blocks.in = { id: "in", type: "input", config: { json_schema: { type: "object" } } };
          c.connections[0] = link("in", "data", "recent", "table");
        },
        { path: "$.connections[0]", code: "type_mismatch" },
      ],
      [
        "an unknown dataset",
        (c) => (c.blocks.data.config.dataset_id = "00000000-0000-4000-8000-000000000001"),
        { path: "$.blocks.data.config.dataset_id", code: "unknown_dataset" },
      ],
      [
        "an unknown model",
        (c) => {
          c.blocks.score = {
            id: "score",
            type: "predict",
            config: { model_id: "00000000-0000-4000-8000-000000000002" },
          };
          c.connections.push(link("shape", "table", "score", "table"));
        },
        { path: "$.blocks.score.config.model_id", code: "unknown_model" },
      ],
      [
        "a schema error",
        (c) => (c.blocks.recent.config.filter.op = "~"),
        { path: "$.blocks.recent.config.filter.op", code: "schema" },
      ],
      [
        "an unknown column",
        (c) => (c.blocks.shape.config = { drop: ["customer_ID"] }),
        { path: "$.blocks.shape.config.drop[0]", code: "unknown_column" },
      ],
      [
        "a block id differing from its key",
        (c) => (c.blocks.out.id = "output"),
        { path: "$.blocks.out.id", code: "block_id_mismatch" },
      ],
    ];
    for (const [what, change, expected] of cases) {
      const config = structuredClone(base);
      change(config);
      const v = await validate(config);
      expect(v.valid, what).toBe(false);
      expect(v.errors, what).toContainEqual(expect.objectContaining(expected));
    }
  });

  it("reports a configuration that is not an object as a schema error", async () => {
    const v = await validate("nope");
    expect(v).toMatchObject({ valid: false, errors: [{ path: "$", code: "schema" }] });
  });
});
