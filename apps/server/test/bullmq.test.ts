import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ParzenClient } from "@parzen/client";
import { readFrame, train } from "@parzen/trainer";
import { Queue } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { trainOptions } from "../src/trainer/options.js";
import { temporaryPostgres } from "./databases.js";
import { kill, type Spawned, startProcess, syntheticCsv } from "./processes.js";

const REDIS_URL = process.env.PARZEN_TEST_REDIS ?? "redis://127.0.0.1:6379";
const PREFIX = `parzen-test-${randomUUID().slice(0, 8)}`;
const KEY = "pz_bullmq_test_key_0123456789abcdef0";
const postgres = temporaryPostgres();
let dir: string;
let server: RunningServer;
const workers: Spawned[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parzen-bullmq-"));
  // The API server queues jobs but runs none itself: the worker processes do.
  server = await startServer({
    port: 0,
    databaseUrl: postgres.url,
    redisUrl: REDIS_URL,
    redisPrefix: PREFIX,
    concurrency: 0,
    artifactsDir: join(dir, "artifacts"),
    apiKey: KEY,
  });
  for (let i = 0; i < 2; i++) {
    workers.push(
      await startProcess(
        "worker-main.js",
        {
          DATABASE_URL: postgres.url,
          REDIS_URL,
          PARZEN_REDIS_PREFIX: PREFIX,
          PARZEN_ARTIFACTS_DIR: join(dir, "artifacts"),
          PARZEN_JOB_LEASE_MS: "2000",
          PARZEN_TRIAL_WORKERS: "1",
        },
        /worker (\S+) waiting/,
      ),
    );
  }
});

afterAll(async () => {
  await Promise.all(workers.map(kill));
  await server?.close();
  const queue = new Queue("parzen-jobs", { connection: { url: REDIS_URL }, prefix: PREFIX });
  await queue.obliterate({ force: true });
  await queue.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("runs jobs on BullMQ workers, trials spread over both, and one killed mid-job leaves the job to the other", async () => {
  const client = new ParzenClient({ baseUrl: server.url, apiKey: KEY });
  const file = await client.files.upload(new TextEncoder().encode(syntheticCsv(20_000, 7)), {
    name: "synthetic.csv",
  });
  const dataset = await client.datasets.create({ name: "synthetic", file_id: file.id });
  const { job_id } = await client.trainer.run({
    dataset_id: dataset.id,
    task: { label_column: "y" },
    model_types: ["gbdt"],
    n_trials: 8,
    n_splits: 3,
  });
  for await (const job of client.jobs.stream(job_id)) if (Number(job.progress.trials_done) >= 2) break;
  const [{ lease_owner }] = await server.db.query<{ lease_owner: string }>(
    "SELECT lease_owner FROM jobs WHERE id = $1",
    [job_id],
  );
  const owner = workers.find((w) => w.match[1] === lease_owner);
  expect(
    owner,
    `one of the worker processes (${workers.map((w) => w.match[1])}) holds ${lease_owner}`,
  ).toBeDefined();
  await kill(owner!);

  const job = await client.jobs.waitForCompletion(job_id, { intervalMs: 200, timeoutMs: 150_000 });
  expect(job.status, JSON.stringify(job.error)).toBe("completed");
  expect((job.result as { resumed_trials: number }).resumed_trials).toBeGreaterThanOrEqual(2);
  const [row] = await server.db.query<{ attempts: number }>("SELECT attempts FROM jobs WHERE id = $1", [
    job_id,
  ]);
  expect(row.attempts).toBe(2);
  // The job's trials fanned out: both worker processes ran some of them.
  for (const worker of workers) expect(worker.output()).toContain(`of job ${job_id}`);

  // The survivor keeps taking new jobs, and a fanned-out run scores exactly as the library does in one process.
  const request = {
    dataset_id: dataset.id,
    task: { label_column: "y" },
    model_types: ["linear", "gbdt"],
    n_trials: 2,
    n_splits: 3,
  };
  const next = await client.trainer.run(request);
  const finished = await client.jobs.waitForCompletion(next.job_id, { intervalMs: 200, timeoutMs: 60_000 });
  expect(finished.status).toBe("completed");
  const csv = join(dir, "synthetic.csv");
  await writeFile(csv, syntheticCsv(20_000, 7));
  const local = await train({
    ...trainOptions(
      { ...request, strategy: "optuna", ensemble: false, random_state: 42 } as never,
      await readFrame(csv),
    ),
    workers: 1,
  });
  const remote = (finished.result as unknown as { trials: { id: string; scores: Record<string, number> }[] })
    .trials;
  expect(remote.map((t) => [t.id, t.scores])).toEqual(local.trials.map((t) => [t.id, t.scores]));
}, 240_000);
