// Server benchmark on loopback, the server in its own process as `pnpm start` runs it (embedded store):
// issue 15 goal 3 — one-row predictions at the HTTP stack's floor — in three scenarios printed beside their goals:
//   1. one keep-alive connection on an idle server: p99 < 2 ms;
//   2. 10 connections: >= 3,000 req/s with p99 < 10 ms;
//   3. the same 10 connections while a training job runs: p99 < 25 ms;
// then reference rows (job reads, 1,000-row predictions, health) and, unless BENCH_JOBS=0, 50 trainer jobs
// submitted at once to a server with 2 job workers. The machine is shared: the load average is printed with
// every row, and so is the CPU time the server's event-loop thread spent per request (from /proc, Linux), which
// other processes' load does not inflate. BENCH_SECONDS sets each measurement's length (default 10).
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { ParzenClient } from "@parzen/client";
import { kill, startServerProcess, syntheticCsv } from "../test/processes.js";
import { type LoadOptions, quantile, runLoad } from "./load.js";

const KEY = "pz_bench_key_0123456789abcdef012345";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PENGUINS = new URL("../../../examples/penguins.csv", import.meta.url);

const server = (dir: string, env: Record<string, string> = {}) => startServerProcess(dir, KEY, env);
const load1 = () => loadavg()[0].toFixed(2);

/** The process of the server under measurement. */
let serverPid: number | undefined;

/** CPU milliseconds the main (event-loop) thread of process `pid` has used, user + system; NaN off Linux. */
function loopCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Row {
  label: string;
  connections: number;
  reqs: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Event-loop thread CPU per request, microseconds. */
  cpuUs: number;
  load: string;
  goal?: string;
  met?: boolean;
}

async function measure(
  label: string,
  options: Omit<LoadOptions, "durationMs" | "headers"> & { goal?: (r: Row) => [string, boolean] },
): Promise<Row> {
  const headers = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
  // A short warm-up on the same connections count, so JIT and caches are settled before timing.
  await runLoad({ ...options, headers, durationMs: 500 });
  const cpuBefore = loopCpuMs(serverPid);
  const result = await runLoad({ ...options, headers, durationMs: SECONDS * 1000 });
  const cpuMs = loopCpuMs(serverPid) - cpuBefore;
  const row: Row = {
    label,
    connections: options.connections,
    reqs: result.requests / result.seconds,
    p50: quantile(result.latencies, 0.5),
    p99: quantile(result.latencies, 0.99),
    max: result.latencies.at(-1) ?? Number.NaN,
    errors: result.errors,
    cpuUs: (cpuMs * 1000) / Math.max(1, result.requests),
    load: load1(),
  };
  if (options.goal) [row.goal, row.met] = options.goal(row);
  return row;
}

async function dataset(client: ParzenClient, bytes: Uint8Array, name: string): Promise<string> {
  const file = await client.files.upload(bytes, { name });
  return (await client.datasets.create({ name, file_id: file.id })).id;
}

function print(rows: Row[]): void {
  const head = [
    "scenario".padEnd(46),
    "conns",
    "req/s",
    "p50 ms",
    "p99 ms",
    "max ms",
    "errors",
    "µs/req",
    "load1",
  ];
  console.log(`\n${head.map((h, i) => (i === 0 ? h : h.padStart(8))).join(" ")}  goal`);
  for (const r of rows) {
    const cells = [
      r.label.padEnd(46),
      String(r.connections).padStart(8),
      r.reqs.toFixed(0).padStart(8),
      r.p50.toFixed(2).padStart(8),
      r.p99.toFixed(2).padStart(8),
      r.max.toFixed(1).padStart(8),
      String(r.errors).padStart(8),
      r.cpuUs.toFixed(0).padStart(8),
      r.load.padStart(8),
    ];
    const goal = r.goal ? `  ${r.goal}: ${r.met ? "met" : "NOT met"}` : "";
    console.log(`${cells.join(" ")}${goal}`);
  }
}

async function servingScenarios(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "parzen-bench-"));
  const a = await server(dir, { PARZEN_WORKERS: "1" });
  serverPid = a.process.child.pid;
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
    const predict = { url: `${a.url}/v1/models/${modelId}/predict`, method: "POST" as const };

    console.log(
      `Load average before the serving scenarios: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    const rows: Row[] = [];
    rows.push(
      await measure("1. predict 1 row, idle, 1 connection", {
        ...predict,
        body: predictBody(1),
        connections: 1,
        goal: (r) => ["p99 < 2 ms", r.p99 < 2 && r.errors === 0],
      }),
    );
    rows.push(
      await measure("2. predict 1 row, idle, 10 connections", {
        ...predict,
        body: predictBody(1),
        connections: 10,
        goal: (r) => [">= 3,000 req/s, p99 < 10 ms", r.reqs >= 3000 && r.p99 < 10 && r.errors === 0],
      }),
    );
    rows.push(await measure("GET /v1/health, idle", { url: `${a.url}/v1/health`, connections: 1 }));
    rows.push(
      await measure("GET /v1/jobs/{id}, idle", {
        url: `${a.url}/v1/jobs/${trained.job_id}`,
        connections: 10,
      }),
    );
    rows.push(
      await measure("predict 1,000 rows, idle", { ...predict, body: predictBody(1000), connections: 10 }),
    );

    const big = await dataset(a.client, new TextEncoder().encode(syntheticCsv(50_000)), "synthetic.csv");
    const busy = await a.client.trainer.run({
      dataset_id: big,
      task: { label_column: "y" },
      model_types: ["gbdt"],
      n_trials: 50,
      n_splits: 5,
    });
    for await (const j of a.client.jobs.stream(busy.job_id)) if (Number(j.progress.trials_done) >= 1) break;
    rows.push(
      await measure("3. predict 1 row, training, 10 connections", {
        ...predict,
        body: predictBody(1),
        connections: 10,
        goal: (r) => ["p99 < 25 ms", r.p99 < 25 && r.errors === 0],
      }),
    );
    rows.push(
      await measure("GET /v1/health, training, 1 connection", { url: `${a.url}/v1/health`, connections: 1 }),
    );
    const state = await a.client.jobs.retrieve(busy.job_id);
    await a.client.jobs.cancel(busy.job_id);
    print(rows);
    console.log(
      `\nThe training job was still ${state.status} after the measurements (${state.progress.trials_done} trials done).`,
    );
  } finally {
    await kill(a.process);
    await rm(dir, { recursive: true, force: true });
  }
}

async function manyJobs(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "parzen-bench-"));
  const b = await server(dir, { PARZEN_WORKERS: "2", PARZEN_TRIAL_WORKERS: "1" });
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

await servingScenarios();
if (process.env.BENCH_JOBS !== "0") await manyJobs();
console.log(
  `Load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
