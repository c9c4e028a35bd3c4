import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { ParzenClient } from "@parzen/client";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { teamArtifactKeys } from "../src/tenancy/artifacts.js";
import { type FuzzRequest, requestsFor, specOperations } from "./fuzz/requests.js";
import type { Schema } from "./fuzz/schema-values.js";

// `pnpm test` sends about a thousand requests; `pnpm fuzz` sends PARZEN_FUZZ_RUNS (20,000). PARZEN_FUZZ_SEED
// repeats a run.
const RUNS = Number(process.env.PARZEN_FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.PARZEN_FUZZ_SEED ?? Date.now() % 2 ** 31);
// Generous for a loaded two-core machine; a request still running then counts as a hang.
const HANG_MS = 15_000;

const spec = parse(readFileSync(new URL("../../../spec/openapi.yaml", import.meta.url), "utf8"));
const resolve = (ref: string): Schema => {
  const [, , section, name] = ref.split("/");
  return spec.components[section][name];
};
const operations = specOperations(spec, resolve);

let server: RunningServer;
let victimKey: string;
let fuzzerKey: string;
let ids: string[];
const CSV = `x,z,y\n${Array.from({ length: 30 }, (_, i) => `${i},${i % 4},${i % 2 ? "a" : "b"}`).join("\n")}\n`;

/** What the victim team can see of its data, and every byte of its artifacts. */
async function snapshot(): Promise<string> {
  const victim = (path: string) =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${victimKey}` } }).then((r) =>
      r.text(),
    );
  const [, file, dataset, model, team] = ids;
  const views = await Promise.all([
    victim(`/v1/files/${file}`),
    victim(`/v1/files/${file}/content`),
    victim(`/v1/datasets/${dataset}`),
    victim(`/v1/datasets/${dataset}/versions`),
    victim(`/v1/models/${model}`),
    victim(`/v1/teams/${team}`),
  ]);
  const hash = createHash("sha256");
  for (const view of views) hash.update(view);
  for (const key of await teamArtifactKeys(server.db, team)) {
    if (key.startsWith("datasets/")) continue; // a directory: its versions are read through the API above
    try {
      hash.update(readFileSync(server.context.blobs.path(key)));
    } catch {
      hash.update(`absent:${key}`);
    }
  }
  return hash.digest("hex");
}

beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1 });
  const victim = await createTeamWithUser(server.db, { team: "victim", email: "victim@example.com" });
  victimKey = victim.key;
  fuzzerKey = (await createTeamWithUser(server.db, { team: "fuzzer", email: "fuzzer@example.com" })).key;
  const client = new ParzenClient({ baseUrl: server.url, apiKey: victimKey, maxRetries: 0 });
  const file = await client.files.upload(new TextEncoder().encode(CSV), { name: "victim.csv" });
  const dataset = await client.datasets.create({ name: "victim", file_id: file.id });
  const run = await client.trainer.run({
    dataset_id: dataset.id,
    task: { label_column: "y" },
    model_types: ["linear"],
    n_trials: 1,
    n_splits: 2,
  });
  const job = await client.jobs.waitForCompletion(run.job_id, { timeoutMs: 120_000, intervalMs: 200 });
  ids = [run.job_id, file.id, dataset.id, String(job.result?.model_id), victim.teamId, victim.userId];
}, 180_000);
afterAll(() => server?.close());

/** Sends one request; the answer's status, or `hang` when it did not finish in time. */
async function send(request: FuzzRequest): Promise<number | "hang"> {
  try {
    const response = await fetch(`${server.url}${request.url}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(HANG_MS),
    });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    if ((error as Error).name === "TimeoutError") return "hang";
    return 0; // the server closed the connection on a request it could not read: not a 5xx
  }
}

describe(`property-based fuzz: ${RUNS} generated requests over every operation (seed ${SEED})`, () => {
  it(
    "never answers 5xx, never hangs, and leaves another team's data byte-identical",
    async () => {
      expect(operations.length).toBeGreaterThan(50);
      const before = await snapshot();
      const generator = fc.oneof(...operations.map((op) => requestsFor(op, resolve, ids, fuzzerKey)));
      const failures: string[] = [];
      const slow: string[] = [];
      const covered = new Set<string>();
      for (const request of fc.sample(generator, { numRuns: RUNS, seed: SEED })) {
        const started = Date.now();
        const status = await send(request);
        const ms = Date.now() - started;
        covered.add(request.label);
        const line = `${status} ${request.method} ${request.url.slice(0, 200)} [${request.label}]`;
        if (ms > 1000) slow.push(`${ms} ms: ${line}`);
        if (status === "hang" || status >= 500) {
          const body = request.body instanceof FormData ? "<form>" : String(request.body ?? "").slice(0, 200);
          failures.push(`${line} ${body}`);
        }
      }
      if (process.env.PARZEN_FUZZ_TIMINGS) console.log(slow.join("\n"));
      expect(failures, failures.join("\n")).toEqual([]);
      expect(await snapshot()).toBe(before);
      expect(covered.size).toBeGreaterThan(operations.length * 0.9);
    },
    600_000 + RUNS * 100,
  );
});
