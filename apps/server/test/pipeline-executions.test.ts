import { binaryAuc } from "@parzen/trainer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { type Call, csvDataset, http, type Json, waitFor } from "./agents-http.js";
import { churnPipeline, customers, link, RECENT, TRAIN, toCsv } from "./pipeline-fixtures.js";

// Pipeline executions on a real server: the DAG runs as a job through the runner with the trainer and models.
let server: RunningServer;
let alice: Call;
let bob: Call;
let datasetId: string;
const rows = customers(400);

beforeAll(async () => {
  server = await startServer({ port: 0, concurrency: 1, trialWorkers: 1, leaseMs: 2000 });
  alice = http(
    server.url,
    (await createTeamWithUser(server.db, { team: "alice", email: "a@example.com" })).key,
  );
  bob = http(server.url, (await createTeamWithUser(server.db, { team: "bob", email: "b@example.com" })).key);
  datasetId = await csvDataset(alice, "customers", toCsv(rows as never));
});
afterAll(() => server.close());

/** A new pipeline with one version of `configuration`; returns the version's id. */
async function version(configuration: unknown, name = `p ${Math.random()}`): Promise<string> {
  const pipeline = await alice("POST", "/v1/pipelines", { name });
  const created = await alice("POST", "/v1/pipeline-configuration-versions", {
    pipeline_id: pipeline.body.id,
    configuration,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function start(
  versionId: string,
  input: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  const started = await alice("POST", "/v1/pipeline-executions", {
    pipeline_configuration_version_id: versionId,
    pipeline_input: input,
    pipeline_input_summary: "test run",
    ...extra,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return started.body;
}

/** Polls until the execution ended. */
const ended = (id: string): Promise<Json> =>
  waitFor(async () => {
    const { body } = await alice("GET", `/v1/pipeline-executions/${id}`);
    return ["completed", "failed", "cancelled"].includes(body.status) ? body : undefined;
  }, 180_000);

describe("an end-to-end pipeline", () => {
  it("runs dataset → filter → transform → train → predict → evaluate → output like the trainer directly", async () => {
    const versionId = await version(churnPipeline(datasetId));
    const execution = await start(versionId);
    expect(execution).toMatchObject({
      status: "pending",
      total_steps: 7,
      current_step: 0,
      executor: "server",
    });
    const done = await ended(execution.id);
    expect(done.status, JSON.stringify(done.error)).toBe("completed");
    expect(done).toMatchObject({ current_step: 7, total_steps: 7, output_storage: "inline", error: null });
    expect(done.started_at).not.toBeNull();
    expect(done.completed_at).not.toBeNull();
    expect(Object.values(done.progress_data.blocks).map((b: Json) => b.status)).toEqual(
      Array(7).fill("completed"),
    );
    const output = (await alice("GET", `/v1/pipeline-executions/${execution.id}/output`)).body;
    expect(output).toMatchObject({ storage: "inline", download_url: null });
    const { metrics, predictions, model } = output.output;

    // The same steps by hand: filter and transform the rows, train through /v1/trainer/run, predict, score.
    const recent = rows.filter((r) => r.signup >= "2024-01-01");
    const shaped = rows.map(({ customer_id: _id, plan: _plan, ...r }) => ({
      ...r,
      spend_per_month: r.spend / (r.tenure + 1),
    }));
    const direct = await csvDataset(alice, "customers-shaped", toCsv(shaped));
    const run = await alice("POST", "/v1/trainer/run", { dataset_id: direct, filter: RECENT, ...TRAIN });
    expect(run.status).toBe(202);
    const job = await waitFor(async () => {
      const { body } = await alice("GET", `/v1/jobs/${run.body.job_id}`);
      return body.status === "completed" || body.status === "failed" ? body : undefined;
    }, 180_000);
    expect(job.status).toBe("completed");
    const records = recent.map(({ customer_id: _id, plan: _plan, churned: _label, ...r }) => ({
      ...r,
      spend_per_month: r.spend / (r.tenure + 1),
    }));
    const predicted = await alice("POST", `/v1/models/${job.result.model_id}/predict`, { records });
    expect(predicted.status).toBe(200);
    const churn = predicted.body.classes.indexOf("churn");
    expect(predicted.body.classes).toEqual(["churn", "stay"]);
    // The positive class is the second in sorted order ("stay"), as the trainer encodes it.
    const scores = predicted.body.probabilities.map((p: number[]) => p[1 - churn]);
    const labels = recent.map((r) => (r.churned === "stay" ? 1 : 0));
    const accuracy =
      predicted.body.predictions.filter((p: string, i: number) => p === recent[i].churned).length /
      recent.length;

    expect(predictions.row_count).toBe(recent.length);
    expect(predictions.rows.map((r: Json) => r.prediction)).toEqual(predicted.body.predictions);
    expect(predictions.rows.map((r: Json) => r.proba_stay)).toEqual(scores);
    expect(metrics.metrics.auc).toBeGreaterThan(0.7);
    expect(metrics.metrics.auc).toBeCloseTo(binaryAuc(labels, scores), 12);
    expect(metrics.metrics.accuracy).toBeCloseTo(accuracy, 12);
    expect(metrics).toMatchObject({ label_column: "churned", rows: recent.length });
    expect(model.cv_score).toBeCloseTo(job.result.leaderboard[0].cv_score, 12);
    // The training table is registered as a dataset of the team.
    const trained = await alice("GET", `/v1/datasets/${model.dataset_id}`);
    expect(trained.body).toMatchObject({ record_count: recent.length });
  });
});

describe("failures, cancel and outputs", () => {
  it("fails the execution naming the block; blocks before it keep their outputs", async () => {
    const config = {
      id: "bad",
      name: "Bad filter",
      version: "1",
      blocks: {
        data: { id: "data", type: "dataset", config: { dataset_id: datasetId } },
        odd: {
          id: "odd",
          type: "filter",
          config: { filter: { kind: "cmp", col: "spend", op: ">", value: "lots" } },
        },
        out: { id: "out", type: "output" },
      },
      connections: [link("data", "table", "odd", "table"), link("odd", "table", "out", "rows")],
    };
    const done = await ended((await start(await version(config))).id);
    expect(done.status).toBe("failed");
    expect(done.failed_at).not.toBeNull();
    expect(done.error).toMatchObject({ block_id: "odd", code: "invalid_filter" });
    expect(done.error.message).toMatch(/^Block "odd" \(filter\) failed: .*"lots"/);
    expect(done.progress_data.blocks.data).toMatchObject({ status: "completed", output: { rows: 400 } });
    expect(done.progress_data.blocks.odd.status).toBe("failed");
    expect(done.progress_data.blocks.out.status).toBe("pending");
    expect((await alice("GET", `/v1/pipeline-executions/${done.id}/output`)).status).toBe(404);
  });

  it("checks the input against the input block's schema (400 naming the path)", async () => {
    const config = {
      id: "in",
      name: "Input",
      version: "1",
      blocks: {
        input: {
          id: "input",
          type: "input",
          config: {
            json_schema: { type: "object", required: ["since"], properties: { since: { type: "string" } } },
          },
        },
        out: { id: "out", type: "output" },
      },
      connections: [link("input", "data", "out", "echo")],
    };
    const versionId = await version(config);
    const bad = await alice("POST", "/v1/pipeline-executions", {
      pipeline_configuration_version_id: versionId,
      pipeline_input: { since: 5 },
      pipeline_input_summary: "wrong type",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("body.pipeline_input.since");
    const done = await ended((await start(versionId, { since: "2024-01-01" })).id);
    expect(done.pipeline_output).toEqual({ echo: { since: "2024-01-01" } });
  });

  it("returns a large output through an expiring signed URL", async () => {
    const big = await csvDataset(alice, "big", toCsv(customers(2500, 5) as never));
    const config = {
      id: "big",
      name: "Big",
      version: "1",
      blocks: {
        data: { id: "data", type: "dataset", config: { dataset_id: big } },
        out: { id: "out", type: "output" },
      },
      connections: [link("data", "table", "out", "rows")],
    };
    const done = await ended((await start(await version(config))).id);
    expect(done).toMatchObject({ status: "completed", output_storage: "artifact", pipeline_output: null });
    const output = (await alice("GET", `/v1/pipeline-executions/${done.id}/output`)).body;
    expect(output).toMatchObject({ storage: "artifact", output: null });
    expect(output.size_bytes).toBeGreaterThan(64 * 1024);
    expect(Date.parse(output.expires_at)).toBeGreaterThan(Date.now());
    // No credentials: the signature is the permission.
    const fetched = await fetch(`${server.url}${output.download_url}`);
    expect(fetched.status).toBe(200);
    const body = (await fetched.json()) as Json;
    expect(body.rows.row_count).toBe(2500);
    expect(body.rows.rows[0]).toMatchObject({ customer_id: 1000 });
    const forged = await fetch(
      `${server.url}${output.download_url.replace(/signature=[^&]+/, "signature=abc")}`,
    );
    expect(forged.status).toBe(403);
    const expired = output.download_url.replace(/expires=\d+/, "expires=1000");
    expect((await fetch(`${server.url}${expired}`)).status).toBe(403);
  });

  it("lets an external worker drive an execution with update; cancel only while not terminal", async () => {
    const versionId = await version({
      id: "w",
      name: "Worker",
      version: "1",
      blocks: { input: { id: "input", type: "input", config: { json_schema: { type: "object" } } } },
    });
    const e = await start(versionId, { documents: ["a", "b"] }, { executor: "external", total_steps: 3 });
    expect(e).toMatchObject({ status: "pending", executor: "external", total_steps: 3, current_step: null });
    const running = await alice("PATCH", `/v1/pipeline-executions/${e.id}`, {
      status: "running",
      current_step: 1,
      progress_data: { message: "reading" },
    });
    expect(running.body).toMatchObject({
      status: "running",
      current_step: 1,
      progress_data: { message: "reading" },
    });
    expect(running.body.started_at).not.toBeNull();
    const paused = await alice("PATCH", `/v1/pipeline-executions/${e.id}`, { status: "paused" });
    expect(paused.body.paused_at).not.toBeNull();
    const done = await alice("PATCH", `/v1/pipeline-executions/${e.id}`, {
      status: "completed",
      current_step: 3,
      pipeline_output: { results: [1, 2] },
      pipeline_output_summary: "2 documents",
    });
    expect(done.body).toMatchObject({
      status: "completed",
      pipeline_output: { results: [1, 2] },
      pipeline_output_summary: "2 documents",
      output_storage: "inline",
    });
    expect(done.body.completed_at).not.toBeNull();
    expect((await alice("GET", `/v1/pipeline-executions/${e.id}/output`)).body.output).toEqual({
      results: [1, 2],
    });
    expect((await alice("PATCH", `/v1/pipeline-executions/${e.id}`, { status: "running" })).status).toBe(409);
    const refused = await alice("POST", `/v1/pipeline-executions/${e.id}/cancel`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "validation_error" });
    expect(refused.body.error.message).toMatch(/status is completed/);

    const other = await start(versionId, {}, { executor: "external" });
    const cancelled = await alice("POST", `/v1/pipeline-executions/${other.id}/cancel`, {
      reason: "not needed",
    });
    expect(cancelled.body).toMatchObject({ status: "cancelled", cancel_reason: "not needed" });
    expect(cancelled.body.cancelled_at).not.toBeNull();
    const again = await alice("POST", `/v1/pipeline-executions/${other.id}/cancel`, {});
    expect(again.body.error.message).toMatch(/status is cancelled/);
    // The server runs its own executions: no worker reports into them.
    const served = await start(versionId);
    expect((await alice("PATCH", `/v1/pipeline-executions/${served.id}`, { status: "running" })).status).toBe(
      409,
    );
  });

  it("cancels a running server execution and its trainer job", async () => {
    const config = churnPipeline(datasetId);
    config.blocks.train.config = { ...TRAIN, n_trials: 200, model_types: ["gbdt", "random_forest"] } as never;
    const e = await start(await version(config));
    const training = await waitFor(async () => {
      const { body } = await alice("GET", `/v1/pipeline-executions/${e.id}`);
      return body.progress_data.blocks?.train?.trainer_job_id ? body : undefined;
    }, 60_000);
    const cancelled = await alice("POST", `/v1/pipeline-executions/${e.id}/cancel`, { reason: "too slow" });
    expect(cancelled.body).toMatchObject({ status: "cancelled", cancel_reason: "too slow" });
    const child = training.progress_data.blocks.train.trainer_job_id;
    const job = await waitFor(async () => {
      const { body } = await alice("GET", `/v1/jobs/${child}`);
      return ["cancelled", "completed", "failed"].includes(body.status) ? body : undefined;
    }, 60_000);
    expect(job.status).toBe("cancelled");
    expect((await alice("GET", `/v1/pipeline-executions/${e.id}`)).body.status).toBe("cancelled");
  });
});

describe("listing executions", () => {
  it("filters by pipeline, version, execution and status, and orders", async () => {
    const config = {
      id: "l",
      name: "List",
      version: "1",
      blocks: { input: { id: "input", type: "input", config: { json_schema: { type: "object" } } } },
    };
    const a = await version(config);
    const b = await version(config);
    const pipelineOfB = (await alice("GET", `/v1/pipeline-configuration-versions/${b}`)).body.pipeline_id;
    const e1 = await start(a, {}, { executor: "external" });
    const e2 = await start(b, {}, { executor: "external" });
    const e3 = await start(b, {}, { executor: "external" });
    await alice("PATCH", `/v1/pipeline-executions/${e3.id}`, { status: "running" });
    await alice("PATCH", `/v1/pipeline-executions/${e1.id}`, { status: "running" });
    await alice("POST", `/v1/pipeline-executions/${e2.id}/cancel`, {});
    const ids = (q: string) =>
      alice("GET", `/v1/pipeline-executions?${q}`).then((r) => {
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        return r.body.items.map((x: Json) => x.id);
      });
    const mine = `pipeline_execution_ids=${e1.id},${e2.id},${e3.id}`;
    expect(await ids(`pipeline_ids=${pipelineOfB}`)).toEqual([e2.id, e3.id]);
    expect(await ids(`pipeline_configuration_version_ids=${a}`)).toEqual([e1.id]);
    expect(await ids(`${mine}&status=running`)).toEqual([e1.id, e3.id]);
    expect(await ids(`${mine}&statuses=running&statuses=cancelled&order_direction=desc`)).toEqual([
      e3.id,
      e2.id,
      e1.id,
    ]);
    expect(await ids(`${mine}&order_by=startedAt`)).toEqual([e3.id, e1.id, e2.id]);
    expect(await ids(`${mine}&order_by=updatedAt&order_direction=desc`)).toEqual([e2.id, e1.id, e3.id]);
    expect(await ids(`${mine}&order_by=createdAt&page_size=2&page=2`)).toEqual([e3.id]);
    const bad = await alice("GET", "/v1/pipeline-executions?statuses=done");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("query.statuses.0");
    // Another team sees none of it.
    expect((await bob("GET", `/v1/pipeline-executions/${e1.id}`)).status).toBe(404);
    expect((await bob("POST", `/v1/pipeline-executions/${e1.id}/cancel`, {})).status).toBe(404);
    expect((await bob("GET", `/v1/pipeline-executions/${e1.id}/output`)).status).toBe(404);
    expect((await bob("GET", `/v1/pipeline-executions?${mine}`)).body.items).toEqual([]);
    const foreign = await bob("POST", "/v1/pipeline-executions", {
      pipeline_configuration_version_id: a,
      pipeline_input: {},
      pipeline_input_summary: "not mine",
    });
    expect(foreign.status).toBe(404);
  });
});
