import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Job, JobWaitTimeoutError, pollUntilDone } from "../src/index.js";
import { json, TestServer } from "./http-server.js";

const server = new TestServer();
let script: Job["status"][] = [];
beforeAll(async () => {
  server.fallback = (_req, res) => {
    const status = script.length > 1 ? script.shift()! : script[0];
    json(res, 200, {
      id: "6f1c1f8e-8a7b-4f57-9b40-111111111111",
      kind: "test",
      status,
      progress: { fraction: status === "completed" ? 1 : 0.5 },
      created_at: new Date().toISOString(),
      started_at: null,
      finished_at: null,
      error: status === "failed" ? { code: "boom", message: "it broke" } : null,
      result: status === "completed" ? { answer: 42 } : null,
    });
  };
  await server.start();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.reset();
});

const fetchJob = async (signal?: AbortSignal) =>
  (await (await fetch(`${server.url}/v1/jobs/x`, { signal })).json()) as Job;

describe("pollUntilDone", () => {
  it("polls until the job completes and reports every state", async () => {
    script = ["pending", "running", "running", "completed"];
    const states: string[] = [];
    const job = await pollUntilDone(fetchJob, { intervalMs: 10, onUpdate: (j) => states.push(j.status) });
    expect(job.status).toBe("completed");
    expect(job.result).toEqual({ answer: 42 });
    expect(states).toEqual(["pending", "running", "running", "completed"]);
  });

  it.each(["failed", "cancelled"] as const)("returns a %s job instead of waiting on", async (end) => {
    script = ["running", end];
    const job = await pollUntilDone(fetchJob, { intervalMs: 10 });
    expect(job.status).toBe(end);
    expect(server.seen).toHaveLength(2);
  });

  it("gives up after timeoutMs with the last state", async () => {
    script = ["running"];
    // A generous window: on a loaded machine one poll can take far longer than its interval.
    const error = await pollUntilDone(fetchJob, { intervalMs: 20, timeoutMs: 1_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(JobWaitTimeoutError);
    expect(error.lastJob.status).toBe("running");
    expect(server.seen.length).toBeGreaterThanOrEqual(3);
    expect(server.seen.length).toBeLessThan(60);
  });

  it("stops when the signal aborts", async () => {
    script = ["running"];
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user gave up")), 80);
    await expect(pollUntilDone(fetchJob, { intervalMs: 1_000, signal: controller.signal })).rejects.toThrow(
      "user gave up",
    );
    expect(server.seen).toHaveLength(1);
  });
});
