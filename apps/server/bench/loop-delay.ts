// Diagnosis for the serving benchmark: what holds up the event loop of an embedded server (store on disk, as
// `pnpm start` keeps it), measured with `monitorEventLoopDelay` in four phases — idle, one-row predictions over
// one keep-alive connection, idle while a training job runs, and the predictions again while it runs. The load
// comes from this process too (it does little per request). PROFILE=<dir> writes a CPU profile of each phase.
// Run: `pnpm --filter @parzen/server exec tsx bench/loop-delay.ts` (SECONDS per phase, default 5).
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createClient } from "@parzen/client";
import { createTeamWithUser, startServer } from "../src/index.js";
import { syntheticCsv } from "../test/processes.js";
import { quantile, runLoad } from "./load.js";

const SECONDS = Number(process.env.SECONDS ?? 5);
const dir = await mkdtemp(join(tmpdir(), "parzen-loop-"));
const server = await startServer({
  port: 0,
  concurrency: 1,
  dataDir: join(dir, "data"),
  artifactsDir: join(dir, "artifacts"),
});
const { key } = await createTeamWithUser(server.db, { team: "p", email: "p@example.com" });
const client = createClient({ baseUrl: server.url, apiKey: key });
const session = new Session();
session.connect();

async function dataset(bytes: Uint8Array, name: string): Promise<string> {
  const file = await client.files.upload(bytes, { name });
  return (await client.datasets.create({ name, file_id: file.id })).id;
}

const penguins = await dataset(
  await readFile(new URL("../../../examples/penguins.csv", import.meta.url)),
  "penguins.csv",
);
const run = await client.trainer.run({
  dataset_id: penguins,
  task: { label_column: "Species" },
  model_types: ["gbdt"],
  n_trials: 1,
  n_splits: 3,
});
const job = await client.jobs.waitForCompletion(run.job_id, { intervalMs: 100 });
const csv = (await client.datasets.downloadData(penguins)).trim().split("\n");
const names = csv[0].split(",").filter((n) => n !== "Species");
const cells = csv[1].split(",").slice(1);
const body = JSON.stringify({
  feature_names: names,
  samples: [cells.map((c) => (c === "" ? null : Number.isNaN(Number(c)) ? c : Number(c)))],
});

/** Runs `work` while measuring the event loop's delay (and profiling, with PROFILE). */
async function phase(label: string, work: () => Promise<string>): Promise<void> {
  const eld = monitorEventLoopDelay({ resolution: 1 });
  if (process.env.PROFILE) {
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  eld.enable();
  const said = await work();
  eld.disable();
  if (process.env.PROFILE) {
    const { profile } = await session.post("Profiler.stop");
    await mkdir(process.env.PROFILE, { recursive: true });
    await writeFile(
      join(process.env.PROFILE, `${label.replaceAll(/\W+/g, "-")}.cpuprofile`),
      JSON.stringify(profile),
    );
  }
  const ms = (ns: number) => (ns / 1e6).toFixed(2);
  console.log(
    `${label.padEnd(34)} loop delay p50 ${ms(eld.percentile(50))} p99 ${ms(eld.percentile(99))} max ${ms(eld.max)} ms ${said}`,
  );
}

const idle = () => new Promise<string>((resolve) => setTimeout(() => resolve(""), SECONDS * 1000));
const predict = async () => {
  const r = await runLoad({
    url: `${server.url}/v1/models/${job.result?.model_id}/predict`,
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
    connections: 1,
    durationMs: SECONDS * 1000,
  });
  const q = (p: number) => quantile(r.latencies, p).toFixed(2);
  return `| predict ${(r.requests / r.seconds).toFixed(0)}/s p50 ${q(0.5)} p99 ${q(0.99)} max ${q(1)} ms, errors ${r.errors}`;
};

await phase("idle", idle);
await phase("predictions", predict);
const big = await dataset(new TextEncoder().encode(syntheticCsv(50_000)), "synthetic.csv");
const busy = await client.trainer.run({
  dataset_id: big,
  task: { label_column: "y" },
  model_types: ["gbdt"],
  n_trials: 50,
  n_splits: 5,
});
for await (const j of client.jobs.stream(busy.job_id)) if (Number(j.progress.trials_done) >= 1) break;
await phase("idle, training", idle);
await phase("predictions, training", predict);
await client.jobs.cancel(busy.job_id);
await server.close();
await rm(dir, { recursive: true, force: true });
