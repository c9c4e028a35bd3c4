import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimJob, createJob, getJob, requestCancel } from "../src/jobs/repository.js";
import { JobError, JobRunner } from "../src/jobs/runner.js";
import type { Database } from "../src/store/database.js";
import { bothStores } from "./databases.js";

const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(bothStores())("job runner on %s", (_name, open) => {
  let db: Database;
  let team: string;
  beforeAll(async () => {
    db = await open();
    team = randomUUID();
    await db.query("INSERT INTO teams (id, name) VALUES ($1, 't')", [team]);
  });
  afterAll(() => db.close());

  const statusOf = async (id: string) => (await getJob(db, team, id))!.status;

  it("runs jobs to completion or failure, recording progress", async () => {
    const runner = new JobRunner({
      db,
      pollMs: 20,
      handlers: {
        "t.ok": async (job, ctx) => {
          await ctx.progress({ fraction: 0.5 });
          return { doubled: (job.request.n as number) * 2 };
        },
        "t.bad": async () => {
          throw new JobError("bad_input", "column x is missing");
        },
      },
    }).start();
    const ok = await createJob(db, team, "t.ok", { n: 21 });
    const bad = await createJob(db, team, "t.bad", {});
    await until(async () => (await statusOf(ok.id)) === "completed" && (await statusOf(bad.id)) === "failed");
    await runner.stop();
    expect(await getJob(db, team, ok.id)).toMatchObject({
      result: { doubled: 42 },
      progress: { fraction: 0.5 },
    });
    expect((await getJob(db, team, bad.id))!.error).toEqual({
      code: "bad_input",
      message: "column x is missing",
    });
  });

  it("aborts a running handler when the job is cancelled", async () => {
    let sawAbort = false;
    const runner = new JobRunner({
      db,
      pollMs: 20,
      leaseMs: 300,
      handlers: {
        "t.slow": (_job, ctx) =>
          new Promise((_resolve, reject) => {
            ctx.signal.addEventListener("abort", () => {
              sawAbort = true;
              reject(ctx.signal.reason);
            });
          }),
      },
    }).start();
    const job = await createJob(db, team, "t.slow", {});
    await until(async () => (await statusOf(job.id)) === "running");
    await requestCancel(db, team, job.id);
    await until(async () => (await statusOf(job.id)) === "cancelled");
    await runner.stop();
    expect(sawAbort).toBe(true);
  });

  it("lets another runner finish a job whose runner died mid-way", async () => {
    // A worker claimed the job and then died: it holds a lease it will never renew.
    const job = await createJob(db, team, "t.crash", {});
    await claimJob(db, "dead-worker", 150, ["t.crash"]);
    expect(await statusOf(job.id)).toBe("running");
    const alive = new JobRunner({
      db,
      pollMs: 20,
      leaseMs: 150,
      handlers: { "t.crash": async (j) => ({ attempts: j.attempts }) },
    }).start();
    await until(async () => (await statusOf(job.id)) === "completed");
    await alive.stop();
    expect((await getJob(db, team, job.id))!.result).toEqual({ attempts: 2 });
  });
});
