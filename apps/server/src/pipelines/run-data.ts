import { applyFilter, type Filter, readFrame, TrainerInputError } from "@parzen/trainer";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { getDataset, getVersion, versionKey } from "../datasets/repository.js";
import { type BlockContext, BlockFailure, type BlockValue, tableInput } from "./block-context.js";
import { frameRecords, type TransformConfig, transformFrame } from "./tables.js";

const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);

/** Errors of `value` against an input block's JSON Schema, as `pipeline_input.<path>: message`; empty when valid. */
export function inputErrors(schema: object, value: unknown): { path: string; message: string }[] {
  const check = ajv.compile(schema);
  if (check(value)) return [];
  return (check.errors ?? []).map((e) => {
    const extra = (e.params as { missingProperty?: string }).missingProperty;
    const pointer = [...e.instancePath.split("/").filter(Boolean), ...(extra ? [extra] : [])].join(".");
    return {
      path: pointer ? `pipeline_input.${pointer}` : "pipeline_input",
      message: e.message ?? "is invalid",
    };
  });
}

/** `input`: the execution's input, checked again against the block's schema. */
export async function runInput(ctx: BlockContext): Promise<BlockValue> {
  const schema = (ctx.block.config?.json_schema ?? {}) as object;
  const errors = inputErrors(schema, ctx.execution.pipeline_input);
  if (errors.length > 0)
    throw new BlockFailure("invalid_input", errors.map((e) => `${e.path} ${e.message}`).join("; "));
  return { type: "json", value: ctx.execution.pipeline_input };
}

/** `dataset`: a version of one of the team's datasets (the current one unless the block names one). */
export async function runDataset(ctx: BlockContext): Promise<BlockValue> {
  const config = ctx.block.config as { dataset_id: string; dataset_version_id?: string | null };
  const dataset = await getDataset(ctx.db, ctx.teamId, config.dataset_id);
  if (!dataset) throw new BlockFailure("dataset_missing", `dataset ${config.dataset_id} no longer exists`);
  const versionId = config.dataset_version_id ?? dataset.current_version_id;
  const version = versionId ? await getVersion(ctx.db, dataset.id, versionId) : undefined;
  if (!version)
    throw new BlockFailure("dataset_missing", `dataset ${dataset.id} has no version ${versionId ?? "yet"}`);
  await ctx.say(
    `Reading dataset "${dataset.name}" (version ${version.version_no}, ${version.row_count} rows).`,
  );
  return { type: "table", frame: await readFrame(ctx.blobs.path(versionKey(dataset.id, version.id))) };
}

/** `filter`: the rows matching the trainer's filter object (the trainer's own filter code). */
export async function runFilter(ctx: BlockContext): Promise<BlockValue> {
  const frame = tableInput(ctx);
  try {
    const kept = applyFilter(frame, structuredClone(ctx.block.config?.filter) as Filter);
    await ctx.say(`Kept ${kept.nRows} of ${frame.nRows} rows.`);
    return { type: "table", frame: kept };
  } catch (error) {
    if (error instanceof TrainerInputError) throw new BlockFailure("invalid_filter", error.message);
    throw error;
  }
}

/** `transform`: derive, cast, rename, drop and select columns. */
export async function runTransform(ctx: BlockContext): Promise<BlockValue> {
  const frame = tableInput(ctx);
  try {
    const out = transformFrame(frame, (ctx.block.config ?? {}) as TransformConfig);
    await ctx.say(`Columns now: ${out.names.join(", ")}.`);
    return { type: "table", frame: out };
  } catch (error) {
    throw new BlockFailure("invalid_transform", (error as Error).message);
  }
}

/** What an `output` block returns for one input value (tables as records, at most `maxRows`). */
export function outputValue(value: BlockValue, maxRows: number): unknown {
  if (value.type === "table") {
    return {
      columns: value.frame.names,
      row_count: value.frame.nRows,
      rows: frameRecords(value.frame, maxRows),
      truncated: value.frame.nRows > maxRows,
    };
  }
  if (value.type === "json") return value.value;
  const { type: _type, ...rest } = value;
  return rest;
}

/** `output`: its inputs under their port names. */
export async function runOutput(ctx: BlockContext): Promise<BlockValue> {
  const maxRows = Number(ctx.block.config?.max_rows ?? 10_000);
  const value = Object.fromEntries(
    Object.entries(ctx.inputs).map(([port, v]) => [port, outputValue(v, maxRows)]),
  );
  return { type: "json", value };
}
