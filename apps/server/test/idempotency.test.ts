import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";

let server: RunningServer;
let key: string;
beforeAll(async () => {
  server = await startServer({ port: 0 });
  key = (await createTeamWithUser(server.db, { team: "idem", email: "idem@example.com" })).key;
});
afterAll(() => server.close());

const post = (path: string, body: unknown, idempotencyKey?: string) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
    body: JSON.stringify(body),
  });

describe("Idempotency-Key", () => {
  it("acts once and replays the first answer to a retry", async () => {
    const first = await post("/v1/teams", { name: "Once" }, "k-1");
    const second = await post("/v1/teams", { name: "Once" }, "k-1");
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const [a, b] = (await Promise.all([first.json(), second.json()])) as { id: string }[];
    expect(b.id).toBe(a.id);
    const teams = await server.db.query("SELECT id FROM teams WHERE name = 'Once'");
    expect(teams).toHaveLength(1);
  });

  it("acts every time without a key", async () => {
    await post("/v1/teams", { name: "Twice" });
    await post("/v1/teams", { name: "Twice" });
    expect(await server.db.query("SELECT id FROM teams WHERE name = 'Twice'")).toHaveLength(2);
  });

  it("refuses a key reused for another request", async () => {
    const team = (await (await post("/v1/teams", { name: "Other" }, "k-2")).json()) as { id: string };
    const reused = await fetch(`${server.url}/v1/teams/${team.id}`, {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "idempotency-key": "k-2",
      },
      body: JSON.stringify({ name: "x" }),
    });
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { error: { message: string } }).error.message).toMatch(
      /already used for POST \/v1\/teams/,
    );
  });

  it("refuses a key reused with a different body (422), never replaying the first answer", async () => {
    const first = await post("/v1/teams", { name: "First body" }, "k-body");
    expect(first.status).toBe(201);
    const other = await post("/v1/teams", { name: "Second body" }, "k-body");
    expect(other.status).toBe(422);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    const error = ((await other.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("idempotency_key_reused");
    expect(error.message).toMatch(/different body/);
    expect(await server.db.query("SELECT id FROM teams WHERE name = 'Second body'")).toHaveLength(0);
    // The same body again is still a replay.
    const again = await post("/v1/teams", { name: "First body" }, "k-body");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("lets only one of several simultaneous first requests act", async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        post(
          "/v1/trainer/run",
          { dataset_id: "00000000-0000-4000-8000-000000000000", task: { label_column: "y" } },
          "k-race",
        ),
      ),
    );
    // The one that acted answers 404 (no such dataset); the others replay it or are told it is in progress.
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.every((s) => s === 404 || s === 409)).toBe(true);
    expect(
      answers.filter((a) => a.status === 404 && a.headers.get("idempotent-replayed") !== "true"),
    ).toHaveLength(1);
    const teamsBefore = (await server.db.query("SELECT id FROM teams WHERE name = 'Raced'")).length;
    const creates = await Promise.all(
      Array.from({ length: 8 }, () => post("/v1/teams", { name: "Raced" }, "k-race-2")),
    );
    expect(creates.some((c) => c.status === 201)).toBe(true);
    expect((await server.db.query("SELECT id FROM teams WHERE name = 'Raced'")).length - teamsBefore).toBe(1);
  });

  it("takes over a key left in progress by a request whose server died", async () => {
    await server.db.query(
      "INSERT INTO idempotency_keys (team_id, key, method, path, status_code, body, created_at) SELECT id, 'k-stale', 'POST', '/v1/teams', 0, '', now() - interval '2 minutes' FROM teams WHERE name = 'idem'",
    );
    const retried = await post("/v1/teams", { name: "After a crash" }, "k-stale");
    expect(retried.status).toBe(201);
  });
});
