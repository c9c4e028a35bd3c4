import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { ParzenClient } from "@parzen/client";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PHASES } from "../src/agentic/phase-names.js";
import { insertRun, runById, saveRun } from "../src/agentic/repository.js";
import { createConversation } from "../src/agents/conversations.js";
import { insertExecution } from "../src/agents/executions.js";
import { type RunningServer, startServer } from "../src/index.js";
import { createJob } from "../src/jobs/repository.js";
import { createTeam } from "../src/tenancy/repository.js";

interface Operation {
  operationId: string;
  security?: unknown[];
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
}
const spec = parse(readFileSync(new URL("../../../spec/openapi.yaml", import.meta.url), "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
};
const METHODS = ["get", "post", "put", "patch", "delete"];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);

let server: RunningServer;
let teamId: string;
let userId: string;
let modelId: string;
const CSV = "x,y,label\n1,2,a\n2,1,b\n3,4,a\n4,3,b\n5,6,a\n6,5,b\n7,8,a\n8,7,b\n9,9,a\n10,1,b\n";
const auth = () => ({ authorization: `Bearer ${server.adminKey}` });

async function api(method: string, path: string, body?: unknown): Promise<Record<string, string>> {
  const init: RequestInit = { method, headers: auth() };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...auth(), "content-type": "application/json" };
  }
  const response = await fetch(`${server.url}${path}`, init);
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return (await response.json()) as Record<string, string>;
}

function csvForm(): FormData {
  const form = new FormData();
  form.set("file", new Blob([CSV], { type: "text/csv" }), "data.csv");
  return form;
}

beforeAll(async () => {
  server = await startServer({ port: 0 });
  const [user] = await server.db.query<{ id: string; team_id: string }>(
    "SELECT id, team_id FROM users LIMIT 1",
  );
  teamId = user.team_id;
  userId = user.id;
  const file = await api("POST", "/v1/files", csvForm());
  const dataset = await api("POST", "/v1/datasets", { name: "contract", file_id: file.id });
  const run = await api("POST", "/v1/trainer/run", {
    dataset_id: dataset.id,
    task: { label_column: "label" },
    model_types: ["linear"],
    n_trials: 1,
  });
  const job = await createClient().jobs.waitForCompletion(run.job_id, { intervalMs: 100, timeoutMs: 60_000 });
  modelId = String(job.result?.model_id);
});
afterAll(() => server.close());

const createClient = () => new ParzenClient({ baseUrl: server.url, apiKey: server.adminKey });

/** A fresh valid request for each operation that takes a body (a function when it needs fresh ids). */
const BODIES: Record<string, (v: Record<string, string>) => unknown> = {
  createTeam: () => ({ name: "Contract team", description: "made by the contract test" }),
  updateTeam: () => ({ name: "Renamed" }),
  updateUser: () => ({ full_name: "Ada Lovelace" }),
  uploadFile: () => csvForm(),
  createFileUploadUrl: () => ({ filename: "later.csv", file_size: CSV.length }),
  updateFile: () => ({ name: "renamed.csv" }),
  createDataset: (v) => ({ name: "from a file", file_id: v.file_id }),
  updateDataset: () => ({ description: "described" }),
  uploadDatasetData: () => csvForm(),
  createDatasetSchema: () => ({ columns: [{ name: "x", type: "float", required: true }] }),
  createDatasetSchemaFromSample: (v) => ({ file_id: v.file_id }),
  runTrainer: (v) => ({ dataset_id: v.dataset_id, task: { label_column: "label" }, model_types: ["linear"] }),
  predictModel: () => ({ samples: [[1, 2]], feature_names: ["x", "y"] }),
  createModel: (v) => ({ name: "registered", file_id: v.onnx_file_id }),
  createAgent: () => ({ name: "Contract agent", settings: { file_upload_enabled: true } }),
  updateAgent: () => ({ description: "described", settings: { max_retries: 1 } }),
  createAgenticExecution: (v) => ({ execution_key: "train-model", input: trainInput(v) }),
  createAgentExecution: (v) => ({
    agent_id: v.agent_id,
    execution_key: "train-model",
    input_data: trainInput(v),
  }),
  createApiKey: () => ({ name: "contract key" }),
  createAuthToken: () => ({ expires_in: 60 }),
  createDeployment: () => ({ name: `contract ${Math.random()}`, model_id: modelId }),
  predictDeployment: () => ({ records: [{ x: 1, y: 2 }] }),
  switchDeploymentModel: () => ({ model_id: modelId, reason: "contract" }),
  rollbackDeployment: () => ({}),
  createReport: () => ({ model_id: modelId, sections: ["leaderboard", "fold_scores"] }),
  createMonitor: (v) => ({ deployment_id: v.deployment_id }),
  submitMonitorBatch: () => ({ records: [{ x: 1, y: 2, label: "a" }] }),
  startAgenticRun: (v) => ({
    model_name: "contract run",
    dataset_id: v.dataset_id,
    phase_plan: ["data_preparation"],
  }),
  submitAgenticDecision: () => ({ decision_type: "model_deployment", action: "skip" }),
  sendAgenticChat: () => ({ content: "What are my options?" }),
  retrainAgenticRun: () => ({ params: { plan: "fast", model_types: ["linear"] } }),
  createPipeline: () => ({ name: `contract ${Math.random()}`, description: "made by the contract test" }),
  updatePipeline: () => ({ description: "described" }),
  createPipelineConfigurationVersion: (v) => ({ pipeline_id: v.pipeline_id, configuration: PIPELINE }),
  updatePipelineConfigurationVersion: () => ({ configuration: { ...PIPELINE, version: "1.0.1" } }),
  validatePipelineConfiguration: () => ({ configuration: PIPELINE }),
  createPipelineExecution: (v) => ({
    pipeline_configuration_version_id: v.pipeline_configuration_version_id,
    pipeline_input: { documents: ["a.csv"] },
    pipeline_input_summary: "one document",
  }),
  updatePipelineExecution: () => ({ current_step: 1, progress_data: { message: "halfway" } }),
  cancelPipelineExecution: () => ({ reason: "contract" }),
  createPipelineAssistantSession: (v) => ({ goal: `Predict label from dataset ${v.dataset_id}` }),
  sendPipelineAssistantMessage: () => ({ content: "Use 2 trials" }),
  savePipelineAssistantConfiguration: (v) => ({ pipeline_id: v.pipeline_id }),
};

/**
 * An agentic run stored directly: completed with the contract's model (to retrain and read lineage), or waiting for
 * its deployment decision (for the decision, skip, cancel, resume and chat operations).
 */
async function agenticValues(path: string, datasetId: string): Promise<Record<string, string>> {
  const id = randomUUID();
  const completed = /retrain|preprocessing/.test(path);
  await insertRun(server.db, {
    id,
    teamId,
    modelName: "contract",
    modelDescription: "",
    config: {
      auto_mode: false,
      require_approval: [...PHASES],
      auto_apply_safe_features: true,
      auto_deploy: false,
      user_query: null,
      phase_plan: [...PHASES],
      dataset_id: datasetId,
      decision_timeout_seconds: null,
    },
  });
  const [version] = await server.db.query<{ id: string }>(
    "SELECT current_version_id AS id FROM datasets WHERE id = $1",
    [datasetId],
  );
  const run = (await runById(server.db, id))!;
  run.state = {
    dataset_id: datasetId,
    dataset_version_id: version.id,
    label_column: "label",
    task_kind: "binary",
    model_id: modelId,
    metric: "auc",
    score: 0.5,
  };
  run.currentPhase = completed ? null : "model_deployment";
  run.status = completed ? "completed" : "waiting_for_decision";
  run.pendingDecision = completed
    ? null
    : {
        id: randomUUID(),
        phase: "model_deployment",
        decision_type: "model_deployment",
        round: 1,
        prompt: "Deploy?",
        options: [],
        recommended_index: 0,
        multi_select: false,
        answer_with: ["action"],
        context: {},
        created_at: new Date().toISOString(),
        expires_at: null,
      };
  await saveRun(server.db, run);
  return { run_id: id };
}

/** The reference SDK's smallest pipeline configuration: one input block. */
const PIPELINE = {
  id: "contract",
  name: "Contract",
  version: "1.0.0",
  blocks: { input: { id: "input", type: "input", config: { json_schema: { type: "object" } } } },
};

/** A pipeline with a draft configuration version, for pipeline paths. */
async function pipelineValues(path: string, datasetId: string): Promise<Record<string, string>> {
  if (!path.includes("pipeline")) return {};
  const pipeline = await api("POST", "/v1/pipelines", { name: `contract ${Math.random()}` });
  const version = await api("POST", "/v1/pipeline-configuration-versions", {
    pipeline_id: pipeline.id,
    configuration: PIPELINE,
  });
  // Run by an external worker that already reported an output, so every execution operation has something to do.
  const execution = await api("POST", "/v1/pipeline-executions", {
    pipeline_configuration_version_id: version.id,
    pipeline_input: {},
    pipeline_input_summary: "contract",
    executor: "external",
  });
  await api("PATCH", `/v1/pipeline-executions/${execution.id}`, {
    status: "running",
    pipeline_output: { rows: 1 },
  });
  const session = await api("POST", "/v1/pipeline-assistant/sessions", {
    goal: `Predict label from dataset ${datasetId}`,
  });
  return {
    pipeline_id: pipeline.id,
    pipeline_configuration_version_id: version.id,
    pipeline_execution_id: execution.id,
    session_id: session.session_id,
  };
}

/** A small train-model input (the execution runs in the background; the contract only reads the 202). */
function trainInput(v: Record<string, string>) {
  return {
    dataset_id: v.dataset_id,
    label_column: "label",
    model_types: ["linear"],
    n_trials: 1,
    n_splits: 2,
  };
}

/** An agent and a pending execution of it, stored directly with a job kind no worker takes, so it stays cancellable. */
async function agentValues(datasetId: string): Promise<Record<string, string>> {
  const agent = await api("POST", "/v1/agents", { name: "scratch agent" });
  const job = await createJob(server.db, teamId, "contract.test", {});
  const conversation = await createConversation(server.db, teamId, agent.id);
  const execution = randomUUID();
  await insertExecution(server.db, {
    id: execution,
    teamId,
    agentId: agent.id,
    jobId: job.id,
    conversationId: conversation,
    executionKey: "train-model",
    input: { dataset_id: datasetId },
    datasetId,
    maxRetries: 0,
    fileIds: [],
  });
  return { agent_id: agent.id, execution_id: execution, conversation_id: conversation };
}

const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: "spec", components: spec.components });
const validatorFor = (schema: unknown) =>
  ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/')));

/** A real value for each path parameter, made fresh for every call (some operations delete what they get). */
async function pathValues(path: string): Promise<Record<string, string>> {
  const job = await createJob(server.db, teamId, "contract.test", {});
  const team = await createTeam(server.db, userId, { name: "scratch" });
  const file = await api("POST", "/v1/files", csvForm());
  const dataset = await api("POST", "/v1/datasets", { name: "scratch", file_id: file.id });
  const apiKey = await api("POST", "/v1/api-keys", { name: "scratch" });
  const values: Record<string, string> = {
    api_key_id: apiKey.id,
    job_id: job.id,
    team_id: team.id,
    user_id: userId,
    file_id: file.id,
    dataset_id: dataset.id,
    model_id: modelId,
    ...(await agentValues(dataset.id)),
    ...(path.includes("/agentic/runs/") ? await agenticValues(path, dataset.id) : {}),
    ...(await pipelineValues(path, dataset.id)),
  };
  if (/deployment|monitor|report/.test(path)) {
    const deployment = await api("POST", "/v1/deployments", {
      name: `contract ${job.id}`,
      model_id: modelId,
    });
    // Switched once, so a rollback has a model to go back to.
    await api("POST", `/v1/deployments/${deployment.id}/switch`, { model_id: modelId });
    values.deployment_id = deployment.id;
    values.monitor_id = (await api("POST", "/v1/monitors", { deployment_id: deployment.id })).id;
    values.report_id = (
      await api("POST", "/v1/reports", { model_id: modelId, sections: ["leaderboard"] })
    ).id;
  }
  return values;
}

/** The request for an operation: the signed upload is called at the URL the server hands out, without a key. */
async function send(
  op: Operation,
  method: string,
  url: string,
  values: Record<string, string>,
): Promise<Response> {
  if (op.operationId === "putFileContent") {
    const ticket = (await api("POST", "/v1/files/upload-url", {
      filename: "put.csv",
      file_size: CSV.length,
    })) as unknown as { upload_url: string };
    return fetch(ticket.upload_url, { method: "PUT", body: CSV, headers: { "content-type": "text/csv" } });
  }
  if (op.operationId === "streamJobEvents") {
    // A finished job, so the stream ends after its one event.
    await server.db.query("UPDATE jobs SET status = 'completed', finished_at = now() WHERE id = $1", [
      values.job_id,
    ]);
  }
  if (op.operationId === "getCurrentDatasetSchema") {
    await api("POST", `/v1/datasets/${values.dataset_id}/schemas/from-sample`, { file_id: values.file_id });
  }
  if (op.operationId === "createModel") {
    // Register the trained model's own ONNX export, uploaded as a file.
    const onnx = await fetch(`${server.url}/v1/models/${values.model_id}/onnx`, { headers: auth() });
    const form = new FormData();
    form.set("file", new Blob([await onnx.arrayBuffer()]), "model.onnx");
    values.onnx_file_id = (await api("POST", "/v1/files", form)).id;
  }
  if (op.operationId === "downloadPipelineExecutionOutput") {
    // An output stored as an artifact, fetched through the signed URL the output operation hands out.
    const id = values.pipeline_execution_id;
    await server.context.blobs.write(
      `pipelines/${id}/output.json`,
      Readable.from([Buffer.from('{"rows":1}')]),
    );
    await server.db.query("UPDATE pipeline_executions SET output_storage = 'artifact' WHERE id = $1", [id]);
    const output = await api("GET", `/v1/pipeline-executions/${id}/output`);
    return fetch(`${server.url}${output.download_url}`);
  }
  const payload = BODIES[op.operationId]?.(values);
  const headers: Record<string, string> = auth();
  let body: FormData | string | undefined;
  if (payload instanceof FormData) body = payload;
  else if (payload !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(payload);
  }
  return fetch(`${server.url}${url}`, { method, headers, body });
}

describe("the server serves exactly the spec", () => {
  it.each(operations)("$method $path is routed", ({ path, method }) => {
    expect(server.app.hasRoute({ method, url: path.replace(/\{([^}]+)\}/g, ":$1") })).toBe(true);
  });

  it.each(operations)("$method $path answers as the spec says", async ({ path, method, op }) => {
    const values = await pathValues(path);
    const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name]);
    const response = await send(op, method, url, values);
    let documented = op.responses[String(response.status)];
    expect(documented, `status ${response.status} is documented`).toBeDefined();
    if (documented.$ref) documented = spec.components.responses[documented.$ref.split("/").at(-1)!];
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    if (response.status === 204) return;
    const type = String(response.headers.get("content-type")).split(";")[0];
    const content = documented.content ?? {};
    const declared = Object.keys(content);
    expect(
      declared.includes(type) || declared.includes("application/octet-stream"),
      `${type} is documented`,
    ).toBe(true);
    if (type !== "application/json") return;
    const validate = validatorFor(content["application/json"]?.schema);
    const body = await response.json();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });
});
