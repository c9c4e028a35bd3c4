import { describe, expect, it } from "vitest";
import type { ExecutionRecord } from "../src/agents/executions.js";
import { agenticView, failureOf, jobStatusesOf } from "../src/agents/views.js";

const record = (over: Partial<ExecutionRecord>): ExecutionRecord => ({
  id: "e",
  teamId: "t",
  agentId: "a",
  jobId: "j",
  conversationId: "c",
  executionKey: "batch-predict",
  input: {},
  datasetId: null,
  maxRetries: 2,
  checkpoint: {},
  createdAt: "2026-01-01T00:00:00.000Z",
  status: "failed",
  result: null,
  error: null,
  startedAt: "2026-01-01T00:00:01.000Z",
  finishedAt: "2026-01-01T00:00:17.554Z",
  files: [],
  ...over,
});

describe("the failure code an execution shows", () => {
  it.each([
    ["a common code as it is", { code: "max_retries_exceeded", message: "m" }, "max_retries_exceeded", "m"],
    ["a code of the definition's own", { code: "missing_columns", message: "m" }, "missing_columns", "m"],
    [
      "another definition's code as a runtime error",
      { code: "training_failed", message: "m" },
      "runtime_error",
      "training_failed: m",
    ],
    [
      "a platform code as a runtime error",
      { code: "too_many_attempts", message: "m" },
      "runtime_error",
      "too_many_attempts: m",
    ],
    ["no code as unknown", null, "unknown", "The execution failed."],
  ])("maps %s", (_name, error, code, explanation) => {
    expect(failureOf(record({ error }))).toEqual({ code, explanation });
  });

  it("shows a cancelled execution as failed with code cancelled, and a finished one with none", () => {
    const cancelled = agenticView(
      record({ status: "cancelled", error: { code: "cancelled", message: "Cancelled while running." } }),
    );
    expect(cancelled).toMatchObject({ status: "failed", failure_code: "cancelled", result: null });
    const done = agenticView(record({ status: "completed", result: { rows: 3 } }));
    expect(done).toMatchObject({
      status: "finished",
      failure_code: null,
      result: { rows: 3 },
      duration_seconds: 16.554,
    });
    expect(jobStatusesOf("failed")).toEqual(["failed", "cancelled"]);
    expect(jobStatusesOf("in_progress")).toEqual(["running"]);
  });
});
