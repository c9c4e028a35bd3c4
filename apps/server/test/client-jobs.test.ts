import {
  ConflictError,
  createClient,
  NotFoundError,
  type ParzenClient,
  ValidationError,
} from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { claimJob, createJob, finishJob, heartbeat } from "../src/jobs/repository.js";

let server: RunningServer;
let client: ParzenClient;
let teamId: string;
beforeAll(async () => {
  server = await startServer({ port: 0 });
  const team = await createTeamWithUser(server.db, { team: "sdk", email: "sdk@example.com" });
  teamId = team.teamId;
  client = createClient({ baseUrl: server.url, apiKey: team.key, retry: { initialDelayMs: 10 } });
});
afterAll(() => server.close());

describe("client.jobs against the real server", () => {
  it("retrieves, lists every page and cancels", async () => {
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await createJob(server.db, teamId, "sdk.test", { i })).id);
    expect((await client.jobs.retrieve(ids[0])).status).toBe("pending");
    const seen = [];
    for await (const job of client.jobs.listAll(
      { kind: "sdk.test", order_direction: "asc" },
      { pageSize: 3 },
    ))
      seen.push(job.id);
    expect(seen).toEqual(ids);
    expect((await client.jobs.cancel(ids[1])).status).toBe("cancelled");
    await expect(client.jobs.cancel(ids[1])).rejects.toBeInstanceOf(ConflictError);
    await expect(client.jobs.retrieve("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(client.jobs.list({ page_size: 500 })).rejects.toBeInstanceOf(ValidationError);
  });

  it("waits for a job a worker completes", async () => {
    const job = await createJob(server.db, teamId, "sdk.wait", {});
    setTimeout(async () => {
      await claimJob(server.db, "w", 60_000, ["sdk.wait"]);
      await heartbeat(server.db, job.id, "w", 60_000, { fraction: 0.5 });
      setTimeout(
        () => void finishJob(server.db, job.id, "w", { status: "completed", result: { answer: 42 } }),
        100,
      );
    }, 100);
    const states: string[] = [];
    const done = await client.jobs.waitForCompletion(job.id, {
      intervalMs: 30,
      timeoutMs: 10_000,
      onUpdate: (j) => states.push(j.status),
    });
    expect(done).toMatchObject({ status: "completed", result: { answer: 42 } });
    expect(states[0]).toBe("pending");
    expect(states).toContain("running");
  });
});
