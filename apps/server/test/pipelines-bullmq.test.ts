import { expect, it } from "vitest";
import { csvDataset, http, waitFor } from "./agents-http.js";
import { bullmqServer, completedJobs } from "./bullmq-server.js";
import { customers, link, toCsv } from "./pipeline-fixtures.js";

const cluster = bullmqServer({ concurrency: 1 });

it("runs a pipeline execution on BullMQ workers with PostgreSQL, its training trials on the trial queue", async () => {
  const { server } = cluster;
  const call = http(server.url, server.adminKey as string);
  const { completed, close } = await completedJobs(cluster.prefix, ["parzen-jobs", "parzen-trials"]);
  const dataset = await csvDataset(call, "customers", toCsv(customers(200) as never));
  const pipeline = (await call("POST", "/v1/pipelines", { name: "on bullmq" })).body;
  const version = await call("POST", "/v1/pipeline-configuration-versions", {
    pipeline_id: pipeline.id,
    configuration: {
      id: "bullmq",
      name: "On BullMQ",
      version: "1",
      blocks: {
        data: { id: "data", type: "dataset", config: { dataset_id: dataset } },
        recent: {
          id: "recent",
          type: "filter",
          config: { filter: { kind: "cmp", col: "signup", op: ">=", value: "2024-01-01" } },
        },
        train: {
          id: "train",
          type: "train",
          config: {
            task: { label_column: "churned" },
            model_types: ["linear", "gbdt"],
            n_trials: 1,
            n_splits: 2,
          },
        },
        score: { id: "score", type: "predict" },
        judge: { id: "judge", type: "evaluate" },
        out: { id: "out", type: "output" },
      },
      connections: [
        link("data", "table", "recent", "table"),
        link("recent", "table", "train", "table"),
        link("recent", "table", "score", "table"),
        link("train", "model", "score", "model"),
        link("score", "table", "judge", "table"),
        link("train", "model", "judge", "model"),
        link("judge", "metrics", "out", "metrics"),
      ],
    },
  });
  expect(version.status, JSON.stringify(version.body)).toBe(201);
  const started = await call("POST", "/v1/pipeline-executions", {
    pipeline_configuration_version_id: version.body.id,
    pipeline_input: {},
    pipeline_input_summary: "bullmq",
  });
  const done = await waitFor(async () => {
    const { body } = await call("GET", `/v1/pipeline-executions/${started.body.id}`);
    return ["completed", "failed", "cancelled"].includes(body.status) ? body : undefined;
  }, 180_000);
  expect(done.status, JSON.stringify(done.error)).toBe("completed");
  expect(done.pipeline_output.metrics.metrics.auc).toBeGreaterThan(0.5);
  const [{ job_id }] = await server.db.query<{ job_id: string }>(
    "SELECT job_id FROM pipeline_executions WHERE id = $1",
    [done.id],
  );
  await new Promise((r) => setTimeout(r, 500));
  await close();
  // The execution's job went through the BullMQ job queue; its trainer job's two trials through the trial queue.
  expect(completed["parzen-jobs"]).toContain(job_id);
  expect(completed["parzen-trials"]).toHaveLength(2);
});
