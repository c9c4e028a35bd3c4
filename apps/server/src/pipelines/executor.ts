import { Readable } from "node:stream";
import type { BlobStore } from "../blobs/blob-store.js";
import { JobError, type JobHandler, JobInterrupted } from "../jobs/runner.js";
import { PredictorCache } from "../models/predictor-cache.js";
import type { Database } from "../store/database.js";
import { type BlockContext, BlockFailure, type BlockValue } from "./block-context.js";
import { type BlockOutput, executionOfJob, patchExecution, TERMINAL_STATUSES } from "./execution-store.js";
import { type Configuration, runOrder } from "./graph.js";
import { getPipeline } from "./pipelines.js";
import { runDataset, runFilter, runInput, runOutput, runTransform } from "./run-data.js";
import { runEvaluate, runPredict, runTrain } from "./run-models.js";
import { loadTable, saveTable, tableKey } from "./tables.js";
import { getConfigurationVersion } from "./versions.js";

/** Outputs up to this size (JSON bytes) are returned inline; larger ones become an artifact behind a signed URL. */
export const INLINE_OUTPUT_BYTES = 64 * 1024;

/** The blob key of an execution's large output. */
export const outputKey = (executionId: string) => `pipelines/${executionId}/output.json`;

const RUNNERS: Record<string, (ctx: BlockContext) => Promise<BlockValue>> = {
  input: runInput,
  dataset: runDataset,
  filter: runFilter,
  transform: runTransform,
  train: runTrain,
  predict: runPredict,
  evaluate: runEvaluate,
  output: runOutput,
};

/** Per-block progress as `progress_data.blocks` shows it. */
type BlockProgress = Record<string, unknown> & { type: string; status: string };

/** A one-line account of a block's output for `progress_data`. */
function summary(output: BlockOutput): Record<string, unknown> {
  if (output.type === "table") return { rows: output.rows, columns: output.columns };
  if (output.type === "json") return { keys: Object.keys((output.value as object) ?? {}) };
  const { type: _type, ...rest } = output;
  return rest;
}

/** The execution's output: its output blocks' values (merged), or else the last block's value. */
function finalOutput(
  config: Configuration,
  order: string[],
  values: Map<string, BlockValue>,
): Record<string, unknown> {
  const outputs = order.filter((k) => config.blocks[k].type === "output");
  if (outputs.length > 0)
    return Object.assign({}, ...outputs.map((k) => (values.get(k) as { value: object }).value));
  const last = values.get(order[order.length - 1]);
  if (!last) return {};
  if (last.type === "table") return { columns: last.frame.names, row_count: last.frame.nRows };
  if (last.type === "json") return { [order[order.length - 1]]: last.value };
  const { type: _t, ...rest } = last;
  return rest;
}

/**
 * The `pipeline.execution` job: runs the version's blocks in order, each on the outputs of those feeding it.
 * Every finished block's output is kept (tables as files), so a restarted job continues after the last one and a
 * failed execution still shows what its earlier blocks made. A failing block fails the execution naming it.
 */
export function pipelineExecutionHandler(options: { db: Database; blobs: BlobStore }): JobHandler {
  const { db, blobs } = options;
  const predictors = new PredictorCache(blobs);
  return async (job, jobCtx) => {
    const execution = await executionOfJob(db, job.id);
    if (!execution)
      throw new JobError("runtime_error", "The execution no longer exists (its version was deleted).");
    if (TERMINAL_STATUSES.includes(execution.status))
      return { pipeline_execution_id: execution.id, status: execution.status };
    const version = await getConfigurationVersion(
      db,
      execution.team_id,
      execution.pipeline_configuration_version_id,
    );
    const pipeline = await getPipeline(db, execution.team_id, execution.pipeline_id);
    if (!version || !pipeline)
      throw new JobError("runtime_error", "The configuration version no longer exists.");
    const config = version.configuration;
    const ordered = runOrder(config);
    if (!("order" in ordered)) throw new JobError("invalid_configuration", "The configuration has a cycle.");
    const { order } = ordered;
    const blocks: Record<string, BlockProgress> = {
      ...Object.fromEntries(order.map((k) => [k, { type: config.blocks[k].type, status: "pending" }])),
      ...((execution.progress_data.blocks as Record<string, BlockProgress>) ?? {}),
    };
    const outputs: Record<string, BlockOutput> = { ...execution.block_outputs };
    const progress = (message: string) => ({ blocks, message, order });
    const save = (patch: Parameters<typeof patchExecution>[2]) => patchExecution(db, execution.id, patch);
    await save({
      status: "running",
      started_at: execution.started_at ?? new Date().toISOString(),
      total_steps: order.length,
      current_step: 0,
      progress_data: progress(job.attempts > 1 ? "Picked up again after its worker stopped." : "Started."),
    });
    const values = new Map<string, BlockValue>();
    let current = "";
    try {
      for (const [step, key] of order.entries()) {
        current = key;
        const block = config.blocks[key];
        const saved = outputs[key];
        if (saved) {
          values.set(
            key,
            saved.type === "table" ? { type: "table", frame: await loadTable(blobs, saved.key) } : saved,
          );
          continue;
        }
        blocks[key] = { ...blocks[key], status: "running", started_at: new Date().toISOString() };
        await save({
          current_step: step,
          progress_data: progress(`Running block "${key}" (${block.type}).`),
        });
        const inputs = Object.fromEntries(
          (config.connections ?? [])
            .filter((c) => c.to.block === key)
            .map((c) => [c.to.port, values.get(c.from.block) as BlockValue]),
        );
        const ctx: BlockContext = {
          db,
          blobs,
          predictors,
          teamId: execution.team_id,
          execution,
          pipelineName: pipeline.name,
          key,
          block,
          inputs,
          job: jobCtx,
          async once(name, make) {
            if (Object.hasOwn(blocks[key], name)) return blocks[key][name] as never;
            const value = await make();
            blocks[key][name] = value;
            await save({ progress_data: progress(`Block "${key}": ${name} ready.`) });
            return value;
          },
          say: (message) => save({ progress_data: progress(`${key}: ${message}`) }).then(() => undefined),
        };
        const value = await RUNNERS[block.type](ctx);
        jobCtx.signal.throwIfAborted();
        let output: BlockOutput;
        if (value.type === "table") {
          const tKey = tableKey(execution.id, key);
          await saveTable(blobs, tKey, value.frame);
          output = { type: "table", key: tKey, rows: value.frame.nRows, columns: value.frame.names };
        } else output = value;
        values.set(key, value);
        outputs[key] = output;
        blocks[key] = {
          ...blocks[key],
          status: "completed",
          finished_at: new Date().toISOString(),
          output: summary(output),
        };
        await save({ block_outputs: outputs, progress_data: progress(`Block "${key}" done.`) });
      }
      const result = finalOutput(config, order, values);
      const text = JSON.stringify(result);
      const size = Buffer.byteLength(text);
      const artifact = size > INLINE_OUTPUT_BYTES;
      if (artifact) await blobs.write(outputKey(execution.id), Readable.from([Buffer.from(text)]));
      await save({
        status: "completed",
        completed_at: new Date().toISOString(),
        current_step: order.length,
        pipeline_output: artifact ? null : result,
        output_storage: artifact ? "artifact" : "inline",
        output_size: size,
        pipeline_output_summary: `${order.length} block(s) ran; output ${artifact ? "stored as an artifact" : "inline"} (${size} bytes).`,
        progress_data: progress("Completed."),
      });
      return { pipeline_execution_id: execution.id, status: "completed" };
    } catch (error) {
      if (error instanceof JobInterrupted) throw error;
      if (jobCtx.signal.aborted) throw jobCtx.signal.reason;
      const failure =
        error instanceof BlockFailure
          ? error
          : new BlockFailure("runtime_error", (error as Error)?.message ?? String(error));
      const type = config.blocks[current]?.type;
      blocks[current] = {
        ...blocks[current],
        status: "failed",
        finished_at: new Date().toISOString(),
        error: failure.message,
      };
      const message = `Block "${current}" (${type}) failed: ${failure.message}`;
      await save({
        status: "failed",
        failed_at: new Date().toISOString(),
        error: { code: failure.code, message, block_id: current || null },
        progress_data: progress(message),
      });
      throw new JobError(failure.code, message);
    }
  };
}
