import { randomUUID } from "node:crypto";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { createJob } from "../jobs/repository.js";
import {
  type ExecutionRecord,
  getExecutionRecord,
  insertExecution,
  PIPELINE_EXECUTION_JOB,
} from "./execution-store.js";
import { inputErrors } from "./run-data.js";
import { validateConfiguration } from "./validate.js";
import { getConfigurationVersion } from "./versions.js";

/** The body of `POST /v1/pipeline-executions` after spec validation. */
export interface ExecutionCreate {
  pipeline_configuration_version_id: string;
  pipeline_input: Record<string, unknown>;
  pipeline_input_summary: string;
  current_step?: number | null;
  total_steps?: number | null;
  executor?: "server" | "external";
}

/**
 * Accepts an execution: the version must be the team's (404) and still valid (its datasets and models may have
 * gone since it was saved), and the input must satisfy every input block's JSON Schema (400 naming the path).
 * The execution and its job are stored together, then the job is queued.
 */
export async function submitExecution(
  ctx: ServerContext,
  teamId: string,
  body: ExecutionCreate,
): Promise<ExecutionRecord> {
  const version = await getConfigurationVersion(ctx.db, teamId, body.pipeline_configuration_version_id);
  if (!version)
    throw new HttpError(
      404,
      "not_found",
      `No pipeline configuration version ${body.pipeline_configuration_version_id} in your team.`,
      [{ path: "body.pipeline_configuration_version_id", message: "not found" }],
    );
  const executor = body.executor ?? "server";
  const config = version.configuration;
  if (executor === "server") {
    const validation = await validateConfiguration(ctx.db, teamId, config);
    if (!validation.valid)
      throw new HttpError(
        400,
        "validation_error",
        `Version ${version.version_number} no longer validates: ${validation.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
        validation.errors.map((e) => ({ path: `configuration${e.path.slice(1)}`, message: e.message })),
      );
  }
  const problems = Object.values(config.blocks)
    .filter((b) => b.type === "input")
    .flatMap((b) => inputErrors((b.config?.json_schema ?? {}) as object, body.pipeline_input));
  if (problems.length > 0)
    throw new HttpError(
      400,
      "validation_error",
      problems.map((p) => `body.${p.path}: ${p.message}`).join("; "),
      problems.map((p) => ({ path: `body.${p.path}`, message: p.message })),
    );
  const id = randomUUID();
  const job = await ctx.db.transaction(async (tx) => {
    const created =
      executor === "server"
        ? await createJob(tx, teamId, PIPELINE_EXECUTION_JOB, { execution_id: id })
        : undefined;
    await insertExecution(tx, {
      id,
      teamId,
      versionId: version.id,
      jobId: created?.id ?? null,
      executor,
      input: body.pipeline_input,
      inputSummary: body.pipeline_input_summary,
      currentStep: body.current_step ?? (executor === "server" ? 0 : null),
      totalSteps: body.total_steps ?? (executor === "server" ? Object.keys(config.blocks).length : null),
    });
    return created;
  });
  // Committed first: if queueing fails, the workers' reconcile pass still finds the job.
  if (job) await ctx.queue.enqueue(job).catch(() => undefined);
  return (await getExecutionRecord(ctx.db, teamId, id)) as ExecutionRecord;
}
