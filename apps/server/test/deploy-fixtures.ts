import { readFileSync } from "node:fs";
import { ParzenClient } from "@parzen/client";
import { expect } from "vitest";
import { createTeamWithUser, type RunningServer } from "../src/index.js";
import { teamClient } from "./clients.js";

/** A bundled example dataset: its path, and its rows as records (numbers parsed, empty cells null). */
export function example(name: "penguins" | "diabetes" | "breast_cancer") {
  const path = new URL(`../../../examples/${name}.csv`, import.meta.url).pathname;
  const [header, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const names = header.split(",");
  const rows = lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(
      names.map((n, i) => [
        n,
        cells[i] === "" ? null : Number.isNaN(Number(cells[i])) ? cells[i] : Number(cells[i]),
      ]),
    ) as Record<string, string | number | null>;
  });
  return { path, rows };
}

/** Uploads an example as a dataset and trains a small model on it through the real trainer job; the model's id. */
export async function trainExample(
  client: ParzenClient,
  name: "penguins" | "diabetes" | "breast_cancer",
  label: string,
  modelTypes: string[] = ["gbdt"],
): Promise<{ modelId: string; datasetId: string }> {
  const file = await client.files.upload(example(name).path);
  const datasetId = (await client.datasets.create({ name, file_id: file.id })).id;
  const { job_id } = await client.trainer.run({
    dataset_id: datasetId,
    task: { label_column: label },
    model_types: modelTypes,
    n_trials: 1,
    n_splits: 3,
  });
  const job = await client.jobs.waitForCompletion(job_id, { intervalMs: 100, timeoutMs: 120_000 });
  expect(job.status, JSON.stringify(job.error)).toBe("completed");
  return { modelId: String((job.result as { model_id: string }).model_id), datasetId };
}

/** A seeded uniform generator on [0, 1) (mulberry32): test data that is random but the same on every run. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded random half of the rows (the example files are sorted, and alternate sexes: a regular stride is biased). */
export function randomHalf<T>(rows: T[], seed = 1): T[] {
  const next = seededUniform(seed);
  return rows.filter(() => next() < 0.5);
}
/** Alice's team (its id and key too, for domain calls and raw requests) and Bob's, each with a client. */
export async function twoTeams(server: RunningServer) {
  const access = await createTeamWithUser(server.db, { team: "alice", email: "alice@example.com" });
  return {
    alice: new ParzenClient({ baseUrl: server.url, apiKey: access.key, maxRetries: 0 }),
    aliceTeam: access.teamId,
    aliceKey: access.key,
    bob: await teamClient(server, "bob"),
  };
}

/** The error a promise rejects with, checked to be of `type`. */
export async function failure<T extends Error>(
  promise: Promise<unknown>,
  type: new (...a: never[]) => T,
): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}
