import type { Frame } from "@parzen/trainer";
import type { BlobStore } from "../blobs/blob-store.js";
import type { JobContext } from "../jobs/runner.js";
import type { PredictorCache } from "../models/predictor-cache.js";
import type { Database } from "../store/database.js";
import type { BlockOutput, ExecutionRecord } from "./execution-store.js";
import type { BlockSpec } from "./graph.js";

/** A value flowing along a connection while an execution runs (tables in memory, the rest as stored). */
export type BlockValue =
  | { type: "table"; frame: Frame }
  | Extract<BlockOutput, { type: "model" }>
  | Extract<BlockOutput, { type: "metrics" }>
  | Extract<BlockOutput, { type: "json" }>;

/** A block's failure with a stable code; the execution fails naming the block. */
export class BlockFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a block runner may use. */
export interface BlockContext {
  db: Database;
  blobs: BlobStore;
  predictors: PredictorCache;
  teamId: string;
  execution: ExecutionRecord;
  pipelineName: string;
  key: string;
  block: BlockSpec;
  /** The values on the block's input ports, by port name. */
  inputs: Record<string, BlockValue>;
  job: JobContext;
  /**
   * Runs `make` once per block and name, even across a restart: the value is kept in the execution's progress, so
   * a block picked up again reuses the dataset or child job it had already made.
   */
  once<T>(name: string, make: () => Promise<T>): Promise<T>;
  /** Reports what the block is doing (the execution's `progress_data.message`). */
  say(message: string): Promise<void>;
}

/** The table on a port, or a failure naming the port. */
export function tableInput(ctx: BlockContext, port = "table"): Frame {
  const value = ctx.inputs[port];
  if (value?.type !== "table") throw new BlockFailure("missing_input", `input "${port}" has no table`);
  return value.frame;
}
