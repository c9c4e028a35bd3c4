import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";

let server: RunningServer;
let alice: { key: string; teamId: string; userId: string };
let bob: { key: string; teamId: string; userId: string };
beforeAll(async () => {
  server = await startServer({ port: 0 });
  alice = await createTeamWithUser(server.db, { team: "alice's", email: "alice@example.com" });
  bob = await createTeamWithUser(server.db, { team: "bob's", email: "bob@example.com" });
});
afterAll(() => server.close());

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field below
type Json = any;

async function call(
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

describe("/v1/teams", () => {
  it("creates, lists, renames and deletes a team, and keeps it from other teams", async () => {
    const created = await call(alice.key, "POST", "/v1/teams", { name: "Research", description: "models" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Research", description: "models" });
    const id = created.body.id;
    const list = await call(alice.key, "GET", "/v1/teams?order_by=name&order_direction=asc");
    expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(["Research", "alice's"]);
    expect((await call(bob.key, "GET", `/v1/teams/${id}`)).status).toBe(404);
    expect((await call(bob.key, "PATCH", `/v1/teams/${id}`, { name: "Mine now" })).status).toBe(404);
    expect((await call(bob.key, "DELETE", `/v1/teams/${id}`)).status).toBe(404);
    const renamed = await call(alice.key, "PATCH", `/v1/teams/${id}`, { name: "Research 2" });
    expect(renamed.body).toMatchObject({ name: "Research 2", description: "models" });
    expect((await call(alice.key, "DELETE", `/v1/teams/${id}`)).status).toBe(204);
    expect((await call(alice.key, "GET", `/v1/teams/${id}`)).status).toBe(404);
  });

  it("refuses to delete the team the key acts for", async () => {
    const response = await call(alice.key, "DELETE", `/v1/teams/${alice.teamId}`);
    expect(response.status).toBe(409);
  });

  it("names the field of a bad body", async () => {
    const cases: [unknown, string][] = [
      [{}, "body.name"],
      [{ name: "" }, "body.name"],
      [{ name: "x", colour: "red" }, "body.colour"],
    ];
    for (const [body, path] of cases) {
      const response = await call(alice.key, "POST", "/v1/teams", body);
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const notJson = await fetch(`${server.url}/v1/teams`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.key}`, "content-type": "application/json" },
      body: "{oops",
    });
    expect(notJson.status).toBe(400);
    expect((await call(alice.key, "PATCH", `/v1/teams/${alice.teamId}`, {})).status).toBe(400);
  });
});

describe("/v1/users", () => {
  it("lists and shows the team's users only", async () => {
    const list = await call(alice.key, "GET", "/v1/users");
    expect(list.body.items.map((u: { email: string }) => u.email)).toEqual(["alice@example.com"]);
    expect((await call(alice.key, "GET", `/v1/users/${bob.userId}`)).status).toBe(404);
    expect((await call(alice.key, "GET", `/v1/users/${alice.userId}`)).body).toMatchObject({
      email: "alice@example.com",
    });
  });

  it("updates only the caller's own profile", async () => {
    const updated = await call(alice.key, "PATCH", `/v1/users/${alice.userId}`, { full_name: "Alice A." });
    expect(updated.body).toMatchObject({ full_name: "Alice A." });
    expect((await call(alice.key, "PATCH", `/v1/users/${bob.userId}`, { full_name: "x" })).status).toBe(404);
    expect((await call(alice.key, "PATCH", `/v1/users/${alice.userId}`, { full_name: 3 })).status).toBe(400);
  });
});
