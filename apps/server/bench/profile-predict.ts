// Where one-row predictions spend their time: an embedded server in this process, a trained penguins model, and
// a few thousand predictions over one keep-alive connection (PROFILE=<file> writes a CPU profile of the load).
import { readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createClient } from "@parzen/client";
import { createTeamWithUser, startServer } from "../src/index.js";
import { quantile, runLoad } from "./load.js";

const server = await startServer({ port: 0, concurrency: 1 });
const { key } = await createTeamWithUser(server.db, { team: "p", email: "p@example.com" });
const client = createClient({ baseUrl: server.url, apiKey: key });
const file = await client.files.upload(
  await readFile(new URL("../../../examples/penguins.csv", import.meta.url)),
  {
    name: "penguins.csv",
  },
);
const dataset = await client.datasets.create({ name: "penguins", file_id: file.id });
const run = await client.trainer.run({
  dataset_id: dataset.id,
  task: { label_column: "Species" },
  model_types: ["gbdt"],
  n_trials: 1,
  n_splits: 3,
});
const job = await client.jobs.waitForCompletion(run.job_id, { intervalMs: 100 });
const csv = (await client.datasets.downloadData(dataset.id)).trim().split("\n");
const names = csv[0].split(",").filter((n) => n !== "Species");
const cells = csv[1].split(",").slice(1);
const body = JSON.stringify({
  feature_names: names,
  samples: [cells.map((c) => (c === "" ? null : Number.isNaN(Number(c)) ? c : Number(c)))],
});
const eld = monitorEventLoopDelay({ resolution: 1 });
const session = new Session();
session.connect();
if (process.env.PROFILE) {
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
}
eld.enable();
const result = await runLoad({
  url: `${server.url}/v1/models/${job.result?.model_id}/predict`,
  method: "POST",
  headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  body,
  connections: 1,
  durationMs: Number(process.env.SECONDS ?? 5) * 1000,
});
eld.disable();
if (process.env.PROFILE) {
  const { profile } = await session.post("Profiler.stop");
  await writeFile(process.env.PROFILE, JSON.stringify(profile));
}
console.log(
  `${result.requests} requests, ${(result.requests / result.seconds).toFixed(0)}/s, p50 ${quantile(result.latencies, 0.5).toFixed(3)} ms, p99 ${quantile(result.latencies, 0.99).toFixed(3)} ms, errors ${result.errors}; loop delay p99 ${(eld.percentile(99) / 1e6).toFixed(2)} ms`,
);
await server.close();
