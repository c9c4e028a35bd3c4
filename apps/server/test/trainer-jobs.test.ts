import { type Job, NotFoundError, ParzenClient, ValidationError } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { teamClient } from "./clients.js";

const PENGUINS = new URL("../../../examples/penguins.csv", import.meta.url).pathname;
const LABEL = "Species";

let server: RunningServer;
let alice: ParzenClient;
let bob: ParzenClient;
let datasetId: string;
beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1, concurrency: 2 });
  alice = await teamClient(server, "alice");
  bob = await teamClient(server, "bob");
  const file = await alice.files.upload(PENGUINS);
  datasetId = (await alice.datasets.create({ name: "penguins", file_id: file.id })).id;
});
afterAll(() => server.close());

// biome-ignore lint/suspicious/noExplicitAny: the job result's shape depends on its kind
const result = (job: Job) => job.result as any;

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("a trainer job", () => {
  it("trains, streams its progress, stores the model and predicts with it", async () => {
    const accepted = await alice.trainer.run({
      dataset_id: datasetId,
      task: { label_column: LABEL },
      model_types: ["gbdt", "linear"],
      n_trials: 2,
      n_splits: 3,
    });
    expect(accepted).toMatchObject({ status: "pending", dataset_id: datasetId });
    const seen: Job[] = [];
    for await (const job of alice.jobs.stream(accepted.job_id)) seen.push(job);
    const done = seen.at(-1)!;
    expect(done.status, JSON.stringify(done.error)).toBe("completed");
    const trialsDone = seen.map((j) => Number(j.progress.trials_done ?? 0));
    expect(trialsDone).toEqual([...trialsDone].sort((a, b) => a - b));
    expect(done.progress).toMatchObject({ phase: "done", fraction: 1, trials_total: 4 });

    const r = result(done);
    expect(r.leaderboard.map((e: { model_type: string }) => e.model_type).sort()).toEqual(["gbdt", "linear"]);
    expect(r.leaderboard[0].cv_score).toBeLessThanOrEqual(r.leaderboard[1].cv_score);
    expect(r.leaderboard[0].cv_score).toBeLessThan(0.3);
    expect(r.trials).toHaveLength(4);
    expect(r.selected_model_ids).toEqual([r.model_id]);

    const model = await alice.models.retrieve(r.model_id);
    expect(model).toMatchObject({
      job_id: accepted.job_id,
      dataset_id: datasetId,
      kind: "single",
      metric: "logloss",
    });
    expect(model.task).toEqual({ kind: "multiclass", label_column: LABEL });
    expect(model.input_columns).not.toContain(LABEL);
    expect(model.lineage).toHaveProperty("nodes");

    const csv = await alice.datasets.downloadData(datasetId);
    const [header, ...lines] = csv.trim().split("\n");
    const names = header.split(",").filter((n) => n !== LABEL);
    const rows = lines.slice(0, 20).map((line) => {
      const cells = line.split(",");
      return Object.fromEntries(
        header
          .split(",")
          .map((n, i) => [
            n,
            cells[i] === "" ? null : Number.isNaN(Number(cells[i])) ? cells[i] : Number(cells[i]),
          ]),
      );
    });
    const byRecords = await alice.models.predict(r.model_id, rows);
    const bySamples = await alice.models.predict(r.model_id, {
      feature_names: names,
      samples: rows.map((row) => names.map((n) => row[n])),
    });
    expect(bySamples.predictions).toEqual(byRecords.predictions);
    expect(byRecords.classes).toEqual(["Adelie", "Chinstrap", "Gentoo"]);
    for (const p of byRecords.probabilities!) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const correct = byRecords.predictions.filter((p, i) => p === rows[i][LABEL]).length;
    expect(correct).toBeGreaterThanOrEqual(18);

    // A large request is predicted on a prediction thread; it must answer exactly as small in-process requests do.
    const many = Array.from({ length: 400 }, (_, i) => rows[i % rows.length]);
    const threaded = await alice.models.predict(r.model_id, many);
    const chunks = await Promise.all(
      [0, 100, 200, 300].map((at) => alice.models.predict(r.model_id, many.slice(at, at + 100))),
    );
    expect(threaded.predictions).toEqual(chunks.flatMap((c) => c.predictions));
    expect(threaded.probabilities).toEqual(chunks.flatMap((c) => c.probabilities!));
  });

  it("applies the documented defaults: 4 trials per family, optuna, seed 42, holdout split", async () => {
    const accepted = await alice.trainer.run({
      dataset_id: datasetId,
      task: { label_column: LABEL },
      model_types: ["linear"],
    });
    const job = await alice.jobs.waitForCompletion(accepted.job_id, { intervalMs: 100, timeoutMs: 60_000 });
    expect(job.status).toBe("completed");
    expect(result(job)).toMatchObject({ n_trials: 4, strategy: "optuna" });
    expect(result(job).leaderboard[0].fold_scores).toHaveLength(1);
    const [{ request }] = await server.db.query<{ request: Record<string, unknown> }>(
      "SELECT request FROM jobs WHERE id = $1",
      [accepted.job_id],
    );
    expect(request).toMatchObject({ n_trials: 4, strategy: "optuna", random_state: 42, ensemble: false });
  });

  it("blends an ensemble and reports the Pareto set for two metrics", async () => {
    const accepted = await alice.trainer.run({
      dataset_id: datasetId,
      task: { label_column: LABEL },
      model_types: ["linear", "random_forest"],
      metrics: ["logloss", "accuracy"],
      grid_size: 0.5,
      ensemble: true,
      n_trials: 2,
      n_splits: 3,
    });
    const job = await alice.jobs.waitForCompletion(accepted.job_id, { intervalMs: 100, timeoutMs: 120_000 });
    expect(job.status, JSON.stringify(job.error)).toBe("completed");
    const r = result(job);
    expect(r.ensemble.weights.reduce((a: number, w: { weight: number }) => a + w.weight, 0)).toBeCloseTo(
      1,
      9,
    );
    expect(r.pareto.front.length).toBeGreaterThan(0);
    expect(r.pareto.selections).toHaveLength(3);
    // On penguins the blend's nested logloss beats the best single trial's, so the blend is the model.
    expect(r.ensemble.kept).toBe(true);
    expect(r.cv_score).toBe(r.ensemble.cv_score);
    expect((await alice.models.retrieve(r.model_id)).kind).toBe("ensemble");
  });

  it("can be cancelled while it runs", async () => {
    const accepted = await alice.trainer.run({
      dataset_id: datasetId,
      task: { label_column: LABEL },
      model_types: ["gbdt"],
      n_trials: 200,
      n_splits: 5,
    });
    for await (const job of alice.jobs.stream(accepted.job_id)) {
      if (job.status === "running") break;
    }
    await alice.jobs.cancel(accepted.job_id);
    const job = await alice.jobs.waitForCompletion(accepted.job_id, { intervalMs: 100, timeoutMs: 30_000 });
    expect(job.status).toBe("cancelled");
    expect((await alice.models.list({ job_id: accepted.job_id })).items).toEqual([]);
  });
});

describe("a trainer request is checked before a job is stored", () => {
  const base = () => ({ dataset_id: datasetId, task: { label_column: LABEL } });
  const jobCount = async () => (await alice.jobs.list()).pagination.total_items;

  it.each([
    [{ model_types: ["gbdt", "tabpfn"] }, "body.model_types.1", /Available: .*gbdt/],
    [{ model_types: ["tabicl"] }, "body.model_types.0", /pretrained weights|not available/],
    [{ n_trials: 0 }, "body.n_trials", /must be >= 1/],
    [
      { task: { label_column: "species" } },
      "body.task.label_column",
      /not in the dataset \(columns: Species/,
    ],
    [{ metrics: ["logloss", "bogus"] }, "body.metrics.1", /Unknown metric "bogus"/],
    [{ metrics: ["logloss"], grid_size: 0.25 }, "body.grid_size", /two or more metrics/],
    [{ filter: { kind: "cmp", col: "Nope", op: "==", value: 1 } }, "body.filter.col", /column "Nope"/],
    [{ strategy: "grid" }, "body.strategy", /allowed values/],
    [
      {
        teacher_model_id: "00000000-0000-4000-8000-000000000000",
        teacher_predict_url: "https://example.com/predict",
      },
      "body.teacher_predict_url",
      /mutually exclusive/,
    ],
    [
      { teacher_predict_url: "http://127.0.0.1:9/predict" },
      "body.teacher_predict_url",
      /loopback or private/,
    ],
    [{ teacher_predict_url: "http://10.1.2.3/predict" }, "body.teacher_predict_url", /loopback or private/],
    [{ teacher_predict_url: "http://[::1]/predict" }, "body.teacher_predict_url", /loopback or private/],
    [{ teacher_predict_url: "file:///etc/passwd" }, "body.teacher_predict_url", /only http and https/],
    [
      { teacher_predict_url: "https://example.com/predict", model_types: ["gbdt", "linear"] },
      "body.model_types",
      /at most one model type/,
    ],
  ])("refuses %j at %s", async (change, path, message) => {
    const before = await jobCount();
    const error = await rejection(alice.trainer.run({ ...base(), ...change } as never));
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(error.message).toMatch(message);
    expect(await jobCount()).toBe(before);
  });

  it("answers 404 for another team's dataset or teacher model", async () => {
    await expect(bob.trainer.run(base())).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      alice.trainer.run({ ...base(), teacher_model_id: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses a dataset without data", async () => {
    const empty = await alice.datasets.create({ name: "empty" });
    const error = await rejection(alice.trainer.run({ dataset_id: empty.id, task: { label_column: LABEL } }));
    expect(error.message).toMatch(/no data yet/);
  });

  it("keeps jobs and models to their team", async () => {
    const [job] = (await alice.jobs.list({ kind: "trainer.run" })).items;
    await expect(bob.jobs.retrieve(job.id)).rejects.toBeInstanceOf(NotFoundError);
    const models = await alice.models.list();
    expect(models.items.length).toBeGreaterThan(0);
    await expect(bob.models.retrieve(models.items[0].id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.models.predict(models.items[0].id, [{}])).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.models.downloadOnnx(models.items[0].id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.jobs.stream(job.id).next()).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.jobs.cancel(job.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await bob.models.list()).items).toEqual([]);
  });

  it("names a missing input column in a prediction request", async () => {
    const [model] = (await alice.models.list()).items;
    const error = await rejection(alice.models.predict(model.id, [{ Island: "Biscoe" }]));
    expect(error.message).toMatch(/Missing input column\(s\): .*Beak Length/);
    const ragged = await rejection(
      alice.models.predict(model.id, { feature_names: ["a", "b"], samples: [[1, 2], [3]] }),
    );
    expect(ragged.details).toEqual([expect.objectContaining({ path: "body.samples.1" })]);
  });
});

it("accepts the reference document's example body (with a real dataset id) and completes the job", async () => {
  const key = (await createTeamWithUser(server.db, { team: "curl", email: "curl@example.com" })).key;
  const upload = new FormData();
  upload.set("file", new Blob([await (await import("node:fs/promises")).readFile(PENGUINS)]), "penguins.csv");
  const headers = { authorization: `Bearer ${key}` };
  const file = (await (
    await fetch(`${server.url}/v1/files`, { method: "POST", headers, body: upload })
  ).json()) as { id: string };
  const dataset = (await (
    await fetch(`${server.url}/v1/datasets`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ name: "penguins", file_id: file.id }),
    })
  ).json()) as { id: string };
  const body = {
    dataset_id: dataset.id,
    filter: { col: "Island", kind: "cmp", value: "Biscoe" },
    task: { label_column: "Body Mass (g)", task_kind: "regression" },
    model_types: ["xgboost", "linear"],
    metrics: ["rmse"],
    strategy: "optuna",
    n_trials: 4,
    n_splits: 3,
    ensemble: false,
    grid_size: null,
    teacher_model_id: null,
    teacher_predict_url: null,
    teacher_predict_headers: {},
    random_state: 42,
  };
  const answer = await fetch(`${server.url}/v1/trainer/run`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(answer.status).toBe(202);
  const accepted = (await answer.json()) as { job_id: string };
  expect(Object.keys(accepted).sort()).toEqual(["dataset_id", "job_id", "message", "status"]);
  const client = new ParzenClient({ baseUrl: server.url, apiKey: key });
  const job = await client.jobs.waitForCompletion(accepted.job_id, { intervalMs: 100, timeoutMs: 60_000 });
  expect(job.status, JSON.stringify(job.error)).toBe("completed");
  const r = result(job);
  expect(r.filtered_out).toBeGreaterThan(0);
  expect(r.n_rows + r.filtered_out + r.missing_label_rows).toBe(344);
  expect(r.leaderboard.map((e: { model_type: string }) => e.model_type).sort()).toEqual(["gbdt", "linear"]);
});
