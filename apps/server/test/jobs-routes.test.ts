import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { claimJob, createJob } from "../src/jobs/repository.js";

let server: RunningServer;
let mine: { key: string; teamId: string };
let theirs: { key: string; teamId: string };
beforeAll(async () => {
  server = await startServer({ port: 0 });
  mine = await createTeamWithUser(server.db, { team: "mine", email: "me@example.com" });
  theirs = await createTeamWithUser(server.db, { team: "theirs", email: "them@example.com" });
});
afterAll(() => server.close());

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field below
const json = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

const call = (path: string, key?: string, method = "GET") =>
  fetch(`${server.url}${path}`, { method, headers: key ? { authorization: `Bearer ${key}` } : {} });

describe("authentication", () => {
  it("answers 401 without a key or with an unknown one", async () => {
    for (const key of [undefined, "pz_nope"]) {
      const response = await call("/v1/jobs", key);
      expect(response.status).toBe(401);
      expect((await json(response)).error.code).toBe("unauthorized");
    }
  });

  it("keeps health public and unknown routes 404", async () => {
    expect((await call("/v1/health")).status).toBe(200);
    expect((await call("/v1/unknown")).status).toBe(404);
  });

  it("prints an admin key on first start that works", async () => {
    expect(server.adminKey).toMatch(/^pz_/);
    expect((await call("/v1/jobs", server.adminKey)).status).toBe(200);
  });
});

describe("/v1/jobs", () => {
  it("shows a team its own jobs only: another team's job is 404", async () => {
    const job = await createJob(server.db, mine.teamId, "test.job", { a: 1 });
    const response = await call(`/v1/jobs/${job.id}`, mine.key);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ id: job.id, kind: "test.job", status: "pending" });
    expect((await call(`/v1/jobs/${job.id}`, theirs.key)).status).toBe(404);
    expect((await call(`/v1/jobs/${job.id}/cancel`, theirs.key, "POST")).status).toBe(404);
    const list = await json(call("/v1/jobs?kind=test.job", theirs.key));
    expect(list.items).toEqual([]);
  });

  it("pages, filters and orders", async () => {
    const { teamId, key } = await createTeamWithUser(server.db, {
      team: "pager",
      email: "pager@example.com",
    });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createJob(server.db, teamId, "test.page", { i })).id);
    const page = await json(call("/v1/jobs?page=2&page_size=2&order_direction=asc", key));
    expect(page.pagination).toEqual({ page: 2, page_size: 2, total_items: 5, total_pages: 3 });
    expect(page.items.map((j: { id: string }) => j.id)).toEqual(ids.slice(2, 4));
    const newest = await json(call("/v1/jobs?page_size=1", key));
    expect(newest.items[0].id).toBe(ids[4]);
    expect((await json(call("/v1/jobs?status=completed", key))).items).toEqual([]);
  });

  it("cancels a pending job, and answers 409 once it has ended", async () => {
    const job = await createJob(server.db, mine.teamId, "test.cancel", {});
    const first = await call(`/v1/jobs/${job.id}/cancel`, mine.key, "POST");
    expect(first.status).toBe(200);
    expect(await json(first)).toMatchObject({ status: "cancelled", error: { code: "cancelled" } });
    const again = await call(`/v1/jobs/${job.id}/cancel`, mine.key, "POST");
    expect(again.status).toBe(409);
    expect((await json(again)).error.message).toMatch(/already ended \(cancelled\)/);
  });

  it("flags a running job for its worker", async () => {
    const job = await createJob(server.db, mine.teamId, "test.running", {});
    await claimJob(server.db, "worker", 60_000, ["test.running"]);
    const response = await call(`/v1/jobs/${job.id}/cancel`, mine.key, "POST");
    expect(await json(response)).toMatchObject({ status: "running" });
  });

  it("refuses bad parameters with 400 naming the field", async () => {
    const cases: [string, string][] = [
      ["/v1/jobs?page_size=101", "query.page_size"],
      ["/v1/jobs?page=0", "query.page"],
      ["/v1/jobs?status=paused", "query.status"],
      ["/v1/jobs?order_by=name", "query.order_by"],
      ["/v1/jobs/not-a-uuid", "params.job_id"],
    ];
    for (const [path, field] of cases) {
      const response = await call(path, mine.key);
      expect(response.status, path).toBe(400);
      const body = await json(response);
      expect(body.error.code).toBe("validation_error");
      expect(body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect((await call(`/v1/jobs/${randomUUID()}`, mine.key)).status).toBe(404);
  });
});
