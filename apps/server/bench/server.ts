// Server benchmark on loopback: throughput and latency of job reads and predictions, health latency while a
// training job runs (goal: p99 < 50 ms — training never runs on the event loop), and 50 trainer jobs
// submitted at once to a server with 2 job workers. The server runs in its own process, as `pnpm start` runs it.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ParzenClient } from "@parzen/client";
import autocannon from "autocannon";
import { kill, startServerProcess, syntheticCsv } from "../test/processes.js";

const KEY = "pz_bench_key_0123456789abcdef012345";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PENGUINS = new URL("../../../examples/penguins.csv", import.meta.url);

const server = (dir: string, env: Record<string, string> = {}) => startServerProcess(dir, KEY, env);

interface Load {
  label: string;
  reqs: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(label: string, url: string, options: Partial<autocannon.Options> = {}): Promise<Load> {
  const result = await autocannon({
    url,
    duration: SECONDS,
    connections: 10,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    ...options,
  });
  return {
    label,
    reqs: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function dataset(client: ParzenClient, bytes: Uint8Array, name: string): Promise<string> {
  const file = await client.files.upload(bytes, { name });
  return (await client.datasets.create({ name, file_id: file.id })).id;
}

function print(rows: Load[]): void {
  console.log(
    `\n${"endpoint".padEnd(44)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"errors".padStart(7)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(44)} ${r.reqs.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.errors).padStart(7)}`,
    );
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "parzen-bench-"));
  const a = await server(dir, { PARZEN_WORKERS: "1" });
  try {
    const penguins = await dataset(a.client, await readFile(PENGUINS), "penguins.csv");
    const trained = await a.client.trainer.run({
      dataset_id: penguins,
      task: { label_column: "Species" },
      model_types: ["gbdt"],
      n_trials: 1,
      n_splits: 3,
    });
    const job = await a.client.jobs.waitForCompletion(trained.job_id, { intervalMs: 100 });
    const modelId = String(job.result?.model_id);
    const csv = (await a.client.datasets.downloadData(penguins)).trim().split("\n");
    const names = csv[0].split(",").filter((n) => n !== "Species");
    const sample = (i: number) => {
      const cells = csv[1 + (i % (csv.length - 1))].split(",").slice(1);
      return cells.map((c) => (c === "" ? null : Number.isNaN(Number(c)) ? c : Number(c)));
    };
    const predictBody = (n: number) =>
      JSON.stringify({ feature_names: names, samples: Array.from({ length: n }, (_, i) => sample(i)) });

    const rows: Load[] = [];
    rows.push(await load(`GET /v1/jobs/{id}`, `${a.url}/v1/jobs/${trained.job_id}`));
    rows.push(
      await load("POST /v1/models/{id}/predict (1 row)", `${a.url}/v1/models/${modelId}/predict`, {
        method: "POST",
        body: predictBody(1),
      }),
    );
    rows.push(
      await load("POST /v1/models/{id}/predict (1,000 rows)", `${a.url}/v1/models/${modelId}/predict`, {
        method: "POST",
        body: predictBody(1000),
      }),
    );
    rows.push(await load("GET /v1/health (idle)", `${a.url}/v1/health`, { connections: 1 }));

    const big = await dataset(a.client, new TextEncoder().encode(syntheticCsv(50_000)), "synthetic.csv");
    const busy = await a.client.trainer.run({
      dataset_id: big,
      task: { label_column: "y" },
      model_types: ["gbdt"],
      n_trials: 50,
      n_splits: 5,
    });
    for await (const j of a.client.jobs.stream(busy.job_id)) if (Number(j.progress.trials_done) >= 1) break;
    const duringTraining = await load("GET /v1/health (while training)", `${a.url}/v1/health`, {
      connections: 1,
    });
    rows.push(duringTraining);
    const state = await a.client.jobs.retrieve(busy.job_id);
    await a.client.jobs.cancel(busy.job_id);
    print(rows);
    console.log(
      `\nHealth p99 while a training job ran (job still ${state.status}): ${duringTraining.p99.toFixed(1)} ms — goal < 50 ms: ${duringTraining.p99 < 50 ? "met" : "NOT met"}`,
    );
  } finally {
    await kill(a.process);
  }

  const b = await server(join(dir, "b"), { PARZEN_WORKERS: "2", PARZEN_TRIAL_WORKERS: "1" });
  try {
    const penguins = await dataset(b.client, await readFile(PENGUINS), "penguins.csv");
    const started = Date.now();
    const jobs = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        b.client.trainer.run({
          dataset_id: penguins,
          task: { label_column: "Species" },
          model_types: ["linear", "gbdt"],
          n_trials: 2,
          n_splits: 3,
          random_state: i,
        }),
      ),
    );
    const submitted = Date.now() - started;
    const done = await Promise.all(
      jobs.map((j) => b.client.jobs.waitForCompletion(j.job_id, { intervalMs: 250 })),
    );
    const seconds = (Date.now() - started) / 1000;
    const completed = done.filter((j) => j.status === "completed").length;
    console.log(
      `\n50 trainer jobs (linear + gbdt, 2 trials, 3 folds each) on 2 job workers: submitted in ${submitted} ms, ` +
        `${completed} completed, ${50 - completed} not, ${seconds.toFixed(1)} s in all (${(seconds / 50).toFixed(2)} s per job).`,
    );
  } finally {
    await kill(b.process);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
