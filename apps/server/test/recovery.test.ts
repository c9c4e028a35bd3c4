import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ParzenClient } from "@parzen/client";
import { afterAll, expect, it } from "vitest";
import { kill, type Spawned, startServerProcess, syntheticCsv } from "./processes.js";

const KEY = "pz_recovery_test_key_0123456789abcdef";
let dir: string;
const running: Spawned[] = [];
afterAll(async () => {
  await Promise.all(running.map(kill));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A server on embedded defaults in `dir`, with a short lease so takeover is quick. */
async function server(): Promise<{ process: Spawned; client: ParzenClient }> {
  const started = await startServerProcess(dir, KEY, {
    PARZEN_JOB_LEASE_MS: "2000",
    PARZEN_TRIAL_WORKERS: "1",
  });
  running.push(started.process);
  return started;
}

it("a job whose server is killed mid-run resumes from its finished trials when a server comes back", async () => {
  dir = await mkdtemp(join(tmpdir(), "parzen-recovery-"));
  const first = await server();
  const file = await first.client.files.upload(new TextEncoder().encode(syntheticCsv(20_000)), {
    name: "synthetic.csv",
  });
  const dataset = await first.client.datasets.create({ name: "synthetic", file_id: file.id });
  const { job_id } = await first.client.trainer.run({
    dataset_id: dataset.id,
    task: { label_column: "y", task_kind: "regression" },
    model_types: ["gbdt"],
    n_trials: 8,
    n_splits: 3,
  });
  for await (const job of first.client.jobs.stream(job_id)) {
    if (Number(job.progress.trials_done) >= 2) break;
    expect(job.status).not.toBe("completed");
  }
  await kill(first.process);

  const second = await server();
  const job = await second.client.jobs.waitForCompletion(job_id, { intervalMs: 200, timeoutMs: 120_000 });
  expect(job.status, JSON.stringify(job.error)).toBe("completed");
  const result = job.result as unknown as { resumed_trials: number; trials: unknown[]; model_id: string };
  expect(result.resumed_trials).toBeGreaterThanOrEqual(2);
  expect(result.trials).toHaveLength(8);
  const prediction = await second.client.models.predict(result.model_id, [
    { x0: 0.2, x1: 0.5, x2: 0.5, x3: 0.9, x4: 0, x5: 0 },
  ]);
  expect(Number(prediction.predictions[0])).toBeCloseTo(Math.sin(1.2) + 0.25 + 1 + 0.05, 0);
}, 180_000);
