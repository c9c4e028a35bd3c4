import { expect, it } from "vitest";
import { csvDataset, type Json, waitFor } from "./agents-http.js";
import { link } from "./pipeline-fixtures.js";
import { kill, syntheticCsv } from "./processes.js";
import { restartableServers } from "./restartable-server.js";

const KEY = "pz_pipelines_recovery_key_0123456789ab";
const server = restartableServers("pipelines-recovery", KEY);

it("an execution whose server is killed while training continues after a restart from its finished blocks", async () => {
  const first = await server();
  const dataset = await csvDataset(first.call, "synthetic", syntheticCsv(6_000));
  const pipeline = (await first.call("POST", "/v1/pipelines", { name: "recovering" })).body;
  const version = await first.call("POST", "/v1/pipeline-configuration-versions", {
    pipeline_id: pipeline.id,
    configuration: {
      id: "r",
      name: "Recovering",
      version: "1",
      blocks: {
        data: { id: "data", type: "dataset", config: { dataset_id: dataset } },
        some: {
          id: "some",
          type: "filter",
          config: { filter: { kind: "cmp", col: "x5", op: ">", value: 0.05 } },
        },
        train: {
          id: "train",
          type: "train",
          config: { task: { label_column: "y" }, model_types: ["gbdt"], n_trials: 5, n_splits: 3 },
        },
        out: { id: "out", type: "output" },
      },
      connections: [
        link("data", "table", "some", "table"),
        link("some", "table", "train", "table"),
        link("train", "model", "out", "model"),
      ],
    },
  });
  const started = await first.call("POST", "/v1/pipeline-executions", {
    pipeline_configuration_version_id: version.body.id,
    pipeline_input: {},
    pipeline_input_summary: "survives a crash",
  });
  expect(started.status).toBe(202);
  // Kill the server (SIGKILL, no cleanup) once the train block's trainer job has journaled two trials.
  const before = await waitFor(async () => {
    const e = (await first.call("GET", `/v1/pipeline-executions/${started.body.id}`)).body;
    const jobId = e.progress_data.blocks?.train?.trainer_job_id;
    if (!jobId) return undefined;
    const job = (await first.call("GET", `/v1/jobs/${jobId}`)).body;
    return Number(job.progress?.trials_done) >= 2 ? e : undefined;
  }, 120_000);
  await kill(first.process);

  const second = await server();
  const done: Json = await waitFor(async () => {
    const e = (await second.call("GET", `/v1/pipeline-executions/${started.body.id}`)).body;
    return ["completed", "failed", "cancelled"].includes(e.status) ? e : undefined;
  }, 150_000);
  expect(done.status, JSON.stringify(done.error)).toBe("completed");
  const [was, now] = [before.progress_data.blocks, done.progress_data.blocks];
  // The finished blocks were not run again; the train block reused its dataset and its trainer job.
  expect(now.some.finished_at).toBe(was.some.finished_at);
  expect(now.train.trainer_job_id).toBe(was.train.trainer_job_id);
  expect(now.train.dataset).toEqual(was.train.dataset);
  const job = (await second.call("GET", `/v1/jobs/${now.train.trainer_job_id}`)).body;
  expect(job.result.resumed_trials).toBeGreaterThanOrEqual(2);
  expect(done.pipeline_output.model.model_id).toBe(job.result.model_id);
}, 300_000);
