import { rm } from "node:fs/promises";
import { type Frame, readFrame } from "@parzen/trainer";
import { sqlString, withDuck } from "../datasets/duck.js";

/**
 * At most `maxRows` rows of a Parquet dataset version as a frame: a seeded reservoir sample drawn by DuckDB into
 * `scratch` (a `.parquet` path), so a large version is never read whole. All rows when it has fewer.
 */
export async function readSample(parquetPath: string, maxRows: number, scratch: string): Promise<Frame> {
  try {
    await withDuck((connection) =>
      connection.run(
        `COPY (SELECT * FROM read_parquet(${sqlString(parquetPath)}) USING SAMPLE reservoir(${Math.floor(maxRows)} ROWS) REPEATABLE (42))
         TO ${sqlString(scratch)} (FORMAT parquet)`,
      ),
    );
    return await readFrame(scratch);
  } finally {
    await rm(scratch, { force: true });
  }
}
