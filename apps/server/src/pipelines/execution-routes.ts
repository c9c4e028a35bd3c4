import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import { fieldError, HttpError } from "../http/errors.js";
import { listParam } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import { requestCancel } from "../jobs/repository.js";
import {
  EXECUTION_STATUSES,
  type ExecutionPatch,
  type ExecutionRecord,
  type ExecutionStatus,
  executionView,
  getExecutionRecord,
  listExecutionRecords,
  patchExecution,
  TERMINAL_STATUSES,
} from "./execution-store.js";
import { idsParam, pipelineOrder, pipelinePaging } from "./ids.js";
import { outputAnswer, readSignedOutput } from "./output.js";
import { submitExecution } from "./submit.js";

/** The timestamp a status change stamps. */
const STAMP: Partial<Record<ExecutionStatus, keyof ExecutionPatch>> = {
  running: "started_at",
  completed: "completed_at",
  failed: "failed_at",
  cancelled: "cancelled_at",
  paused: "paused_at",
};

/** `/v1/pipeline-executions`: runs of configuration versions, their progress, cancellation and output. */
export function executionRoutes(ctx: ServerContext) {
  const owned = async (request: FastifyRequest): Promise<ExecutionRecord> => {
    const { pipeline_execution_id: id } = request.params as { pipeline_execution_id: string };
    const execution = await getExecutionRecord(ctx.db, request.caller.teamId, id);
    if (!execution) throw new HttpError(404, "not_found", `No pipeline execution ${id} in your team.`);
    return execution;
  };
  const reload = async (execution: ExecutionRecord) =>
    executionView((await getExecutionRecord(ctx.db, execution.team_id, execution.id)) as ExecutionRecord);
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listPipelineExecutions"),
      handler: (request) => {
        const q = request.query as Record<string, unknown>;
        const statuses = [...(listParam(q.statuses) ?? []), ...(q.status ? [String(q.status)] : [])];
        statuses.forEach((s, i) => {
          if (!(EXECUTION_STATUSES as readonly string[]).includes(s))
            throw fieldError(`query.statuses.${i}`, `"${s}" is not one of ${EXECUTION_STATUSES.join(", ")}`);
        });
        const order = pipelineOrder(request.query, ["created_at", "updated_at", "started_at"] as const);
        return listExecutionRecords(ctx.db, request.caller.teamId, {
          pipelineIds: idsParam(q.pipeline_ids, "pipeline_ids"),
          versionIds: idsParam(q.pipeline_configuration_version_ids, "pipeline_configuration_version_ids"),
          ids: idsParam(q.pipeline_execution_ids, "pipeline_execution_ids"),
          // `status` and `statuses` together keep executions in both (an intersection, as two filters do).
          statuses:
            q.status && listParam(q.statuses)
              ? (listParam(q.statuses) ?? []).filter((s) => s === q.status)
              : statuses.length > 0
                ? statuses
                : undefined,
          ...pipelinePaging(request.query),
          orderBy: order.column,
          direction: order.direction,
        });
      },
    });

    app.route({
      ...specRoute("createPipelineExecution"),
      handler: async (request, reply) => {
        const execution = await submitExecution(ctx, request.caller.teamId, request.body as never);
        return reply.status(202).send(executionView(execution));
      },
    });

    app.route({
      ...specRoute("getPipelineExecution"),
      handler: async (request) => executionView(await owned(request)),
    });

    app.route({
      ...specRoute("updatePipelineExecution"),
      handler: async (request) => {
        const execution = await owned(request);
        if (execution.executor !== "external")
          throw new HttpError(
            409,
            "conflict",
            `Execution ${execution.id} is run by the server; only executions created with executor "external" take reports.`,
          );
        if (TERMINAL_STATUSES.includes(execution.status))
          throw new HttpError(
            409,
            "conflict",
            `Execution ${execution.id} already ended (${execution.status}).`,
          );
        const body = request.body as ExecutionPatch;
        const patch: ExecutionPatch = { ...body };
        const stamp = body.status && STAMP[body.status];
        if (stamp && body[stamp] === undefined && body.status !== execution.status)
          (patch as Record<string, unknown>)[stamp] = new Date().toISOString();
        if (body.pipeline_output !== undefined) {
          patch.output_storage = body.pipeline_output === null ? "none" : "inline";
          patch.output_size = Buffer.byteLength(JSON.stringify(body.pipeline_output));
        }
        if (!(await patchExecution(ctx.db, execution.id, patch)))
          throw new HttpError(409, "conflict", `Execution ${execution.id} ended meanwhile.`);
        return reload(execution);
      },
    });

    app.route({
      ...specRoute("cancelPipelineExecution"),
      handler: async (request) => {
        const execution = await owned(request);
        const { reason } = (request.body ?? {}) as { reason?: string | null };
        const refuse = (status: string) =>
          new HttpError(
            400,
            "validation_error",
            `Cannot cancel pipeline execution ${execution.id}: its status is ${status}; only pending, running or paused executions can be cancelled.`,
            [{ path: "status", message: `is ${status}` }],
          );
        if (TERMINAL_STATUSES.includes(execution.status)) throw refuse(execution.status);
        const applied = await patchExecution(ctx.db, execution.id, {
          status: "cancelled",
          cancelled_at: new Date().toISOString(),
          cancel_reason: reason ?? null,
        });
        if (!applied) throw refuse((await reload(execution)).status);
        if (execution.job_id) await requestCancel(ctx.db, execution.team_id, execution.job_id);
        return reload(execution);
      },
    });

    app.route({
      ...specRoute("getPipelineExecutionOutput"),
      handler: async (request) => outputAnswer(ctx, await owned(request)),
    });

    app.route({
      ...specRoute("downloadPipelineExecutionOutput"),
      handler: async (request, reply) => {
        const { pipeline_execution_id: id } = request.params as { pipeline_execution_id: string };
        const { expires, signature } = request.query as { expires: number; signature: string };
        const stream = await readSignedOutput(ctx, id, Number(expires), signature);
        return reply.type("application/json").send(stream);
      },
    });
  };
}
