import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimJob,
  createJob,
  finishJob,
  getJob,
  heartbeat,
  listJobs,
  requestCancel,
} from "../src/jobs/repository.js";
import type { Database } from "../src/store/database.js";
import { bothStores } from "./databases.js";

const page = { page: 1, pageSize: 20, orderBy: "created_at", orderDirection: "asc" } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(bothStores())("jobs on %s", (_name, open) => {
  let db: Database;
  let team: string;
  let other: string;
  beforeAll(async () => {
    db = await open();
    team = randomUUID();
    other = randomUUID();
    await db.query("INSERT INTO teams (id, name) VALUES ($1, 'a'), ($2, 'b')", [team, other]);
  });
  afterAll(() => db.close());

  it("runs a job through claim, heartbeat and completion", async () => {
    const job = await createJob(db, team, "test.run", { x: 1 });
    expect(job).toMatchObject({ status: "pending", progress: {}, started_at: null, result: null });
    const claimed = (await claimJob(db, "w1", 60_000, ["test.run"]))!;
    expect(claimed.id).toBe(job.id);
    expect(claimed).toMatchObject({ status: "running", request: { x: 1 }, attempts: 1, teamId: team });
    expect(await claimJob(db, "w2", 60_000, ["test.run"])).toBeUndefined();
    expect(await heartbeat(db, job.id, "w1", 60_000, { fraction: 0.5 })).toEqual({
      owned: true,
      cancelRequested: false,
    });
    expect((await getJob(db, team, job.id))!.progress).toEqual({ fraction: 0.5 });
    expect(await finishJob(db, job.id, "w1", { status: "completed", result: { ok: true } })).toBe(true);
    const done = (await getJob(db, team, job.id))!;
    expect(done).toMatchObject({ status: "completed", result: { ok: true }, error: null });
    expect(Date.parse(done.finished_at!)).toBeGreaterThanOrEqual(Date.parse(done.started_at!));
  });

  it("hands a job whose worker stopped renewing its lease to another worker", async () => {
    const job = await createJob(db, team, "test.lease", {});
    await claimJob(db, "dead", 50, ["test.lease"]);
    expect(await claimJob(db, "alive", 60_000, ["test.lease"])).toBeUndefined();
    await sleep(120);
    const reclaimed = (await claimJob(db, "alive", 60_000, ["test.lease"]))!;
    expect(reclaimed).toMatchObject({ id: job.id, attempts: 2 });
    // The first worker, back from the dead, no longer owns it and cannot finish it.
    expect((await heartbeat(db, job.id, "dead", 60_000)).owned).toBe(false);
    expect(await finishJob(db, job.id, "dead", { status: "completed", result: {} })).toBe(false);
    expect(await finishJob(db, job.id, "alive", { status: "completed", result: {} })).toBe(true);
  });

  it("never gives one job to two concurrent claimers", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 6; i++) ids.add((await createJob(db, team, "test.race", { i })).id);
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => claimJob(db, `w${i}`, 60_000, ["test.race"])),
    );
    const got = claims.filter(Boolean).map((c) => c!.id);
    expect(new Set(got).size).toBe(got.length);
    expect(new Set(got)).toEqual(ids);
  });

  it("cancels pending jobs at once, flags running ones, refuses finished ones", async () => {
    const pending = await createJob(db, team, "test.cancel", {});
    expect(await requestCancel(db, team, pending.id)).toMatchObject({
      status: "cancelled",
      error: { code: "cancelled" },
    });
    const running = await createJob(db, team, "test.cancel", {});
    await claimJob(db, "w", 60_000, ["test.cancel"]);
    expect(await requestCancel(db, team, running.id)).toMatchObject({ status: "running" });
    expect(await heartbeat(db, running.id, "w", 60_000)).toEqual({ owned: true, cancelRequested: true });
    await finishJob(db, running.id, "w", {
      status: "cancelled",
      error: { code: "cancelled", message: "stopped" },
    });
    expect(await requestCancel(db, team, running.id)).toBe("conflict");
    expect(await requestCancel(db, other, running.id)).toBeUndefined();
  });

  it("scopes jobs to their team and pages through them", async () => {
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push((await createJob(db, other, "test.page", { i })).id);
    expect(await getJob(db, team, mine[0])).toBeUndefined();
    const first = await listJobs(db, other, { ...page, pageSize: 2, kind: "test.page" });
    expect(first.pagination).toEqual({ page: 1, page_size: 2, total_items: 5, total_pages: 3 });
    const all = [];
    for (let p = 1; p <= 3; p++)
      all.push(...(await listJobs(db, other, { ...page, page: p, pageSize: 2, kind: "test.page" })).items);
    expect(all.map((j) => j.id)).toEqual(mine);
    expect((await listJobs(db, other, { ...page, status: "completed" })).items).toEqual([]);
    const newest = await listJobs(db, other, { ...page, orderDirection: "desc", kind: "test.page" });
    expect(newest.items[0].id).toBe(mine[4]);
  });
});
