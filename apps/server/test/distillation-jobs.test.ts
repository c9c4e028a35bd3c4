import type { Job, ParzenClient } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { teamAccess, teamClient } from "./clients.js";

const PENGUINS = new URL("../../../examples/penguins.csv", import.meta.url).pathname;
const LABEL = "Species";

let server: RunningServer;
let alice: ParzenClient;
let aliceKey: string;
let datasetId: string;
beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1 });
  ({ client: alice, key: aliceKey } = await teamAccess(server, "alice"));
  const file = await alice.files.upload(PENGUINS);
  datasetId = (await alice.datasets.create({ name: "penguins", file_id: file.id })).id;
});
afterAll(() => server.close());

// biome-ignore lint/suspicious/noExplicitAny: the job result's shape depends on its kind
const result = (job: Job) => job.result as any;

/** A second server that may call loopback teachers (the student side), with the penguins dataset uploaded. */
async function studentSide() {
  const studentServer = await startServer({ port: 0, allowPrivateTeacherUrls: true, trialWorkers: 1 });
  const carol = await teamClient(studentServer, "carol");
  const file = await carol.files.upload(PENGUINS);
  const dataset = await carol.datasets.create({ name: "penguins", file_id: file.id });
  return { studentServer, carol, dataset };
}

describe("distillation jobs", () => {
  let teacherId: string;
  beforeAll(async () => {
    const run = await alice.trainer.run({
      dataset_id: datasetId,
      task: { label_column: LABEL },
      model_types: ["gbdt", "linear"],
      n_trials: 2,
      n_splits: 3,
      ensemble: true,
    });
    const job = await alice.jobs.waitForCompletion(run.job_id, { intervalMs: 100, timeoutMs: 60_000 });
    teacherId = result(job).model_id;
  });

  it("distils a model of the same server, called in-process", async () => {
    const run = await alice.trainer.run({
      dataset_id: datasetId,
      task: { label_column: LABEL },
      model_types: ["linear"],
      n_splits: 3,
      teacher_model_id: teacherId,
    });
    const job = await alice.jobs.waitForCompletion(run.job_id, { intervalMs: 100, timeoutMs: 60_000 });
    expect(job.status, JSON.stringify(job.error)).toBe("completed");
    const r = result(job);
    expect(r.distillation).toMatchObject({
      student: "linear",
      synthetic_rows: 344,
      teacher: `model ${teacherId}`,
    });
    expect(r.distillation.fidelity).toBeGreaterThan(0.9);
    expect(r.leaderboard[0].model_type).toBe("linear");
    const student = await alice.models.retrieve(r.model_id);
    expect(student.model_types).toEqual(["linear"]);
  });

  it("distils from another Parzen server's predict endpoint over HTTP, and serves the student as ONNX", async () => {
    const { studentServer, carol, dataset } = await studentSide();
    try {
      const run = await carol.trainer.run({
        dataset_id: dataset.id,
        task: { label_column: LABEL },
        n_splits: null,
        teacher_predict_url: `${server.url}/v1/models/${teacherId}/predict`,
        teacher_predict_headers: { authorization: `Bearer ${aliceKey}` },
      });
      const job = await carol.jobs.waitForCompletion(run.job_id, { intervalMs: 100, timeoutMs: 60_000 });
      expect(job.status, JSON.stringify(job.error)).toBe("completed");
      expect(result(job).distillation.fidelity).toBeGreaterThan(0.9);
      const onnx = await carol.models.downloadOnnx(result(job).model_id);
      expect(onnx.length).toBeGreaterThan(1000);
      const { OnnxModel, frameFromRecords } = await import("@parzen/trainer");
      const model = await OnnxModel.load(onnx);
      const record = {
        Island: "Biscoe",
        "Beak Length (mm)": 47,
        "Beak Depth (mm)": 14.5,
        "Flipper Length (mm)": 215,
        "Body Mass (g)": 5000,
        Sex: "FEMALE",
      };
      const served = await carol.models.predict(result(job).model_id, [record]);
      expect((await model.predict(frameFromRecords([record]))).predictions).toEqual(served.predictions);
      await model.close();
    } finally {
      await studentServer.close();
    }
  });

  it("fails the job clearly when the teacher refuses the call", async () => {
    const { studentServer, carol, dataset } = await studentSide();
    try {
      const run = await carol.trainer.run({
        dataset_id: dataset.id,
        task: { label_column: LABEL },
        teacher_predict_url: `${server.url}/v1/models/${teacherId}/predict`,
        teacher_predict_headers: { authorization: "Bearer pz_wrong" },
      });
      const job = await carol.jobs.waitForCompletion(run.job_id, { intervalMs: 100, timeoutMs: 60_000 });
      expect(job.status).toBe("failed");
      expect(job.error?.message).toMatch(/teacher at http:\/\/127\.0\.0\.1:\d+\/v1\/models\/.*answered 401/);
    } finally {
      await studentServer.close();
    }
  });

  it("serves an uploaded ONNX model and teaches with it", async () => {
    const bytes = await alice.models.downloadOnnx(teacherId);
    const file = await alice.files.upload(bytes, { name: "teacher.onnx" });
    const registered = await alice.models.create({ name: "teacher as onnx", file_id: file.id });
    expect(registered).toMatchObject({ kind: "onnx", task: { kind: "multiclass", label_column: LABEL } });
    expect(registered.classes).toEqual(["Adelie", "Chinstrap", "Gentoo"]);
    const record = {
      Island: "Dream",
      "Beak Length (mm)": 49,
      "Beak Depth (mm)": 18.5,
      "Flipper Length (mm)": 195,
      "Body Mass (g)": 3700,
      Sex: "MALE",
    };
    const [served, original] = await Promise.all([
      alice.models.predict(registered.id, [record]),
      alice.models.predict(teacherId, [record]),
    ]);
    expect(served.predictions).toEqual(original.predictions);
    for (const [i, p] of served.probabilities![0].entries())
      expect(p).toBeCloseTo(original.probabilities![0][i], 5);
    expect((await alice.models.downloadOnnx(registered.id)).length).toBe(bytes.length);

    const run = await alice.trainer.run({
      dataset_id: datasetId,
      task: { label_column: LABEL },
      n_splits: null,
      teacher_model_id: registered.id,
    });
    const job = await alice.jobs.waitForCompletion(run.job_id, { intervalMs: 100, timeoutMs: 60_000 });
    expect(job.status, JSON.stringify(job.error)).toBe("completed");
    expect(result(job).distillation.fidelity).toBeGreaterThan(0.9);
  });

  it("refuses to register a file that is not an ONNX model", async () => {
    const file = await alice.files.upload(new TextEncoder().encode("a,b\n1,2\n"), {
      name: "not-a-model.onnx",
    });
    await expect(alice.models.create({ name: "broken", file_id: file.id })).rejects.toThrow(
      /Not a loadable ONNX model/,
    );
  });
});
