import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { TrainerInputError } from "../errors.js";
import { type Column, type DenseColumn, Frame } from "./frame.js";
import { buildColumn } from "./infer.js";

const READERS: Record<string, string> = {
  ".csv": "read_csv",
  ".tsv": "read_csv",
  ".txt": "read_csv",
  ".parquet": "read_parquet",
  ".pq": "read_parquet",
  ".json": "read_json",
  ".jsonl": "read_json",
  ".ndjson": "read_json",
};

const NUMERIC_TYPES =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*|REAL)$/;
const TIME_TYPES = /^(DATE|TIMESTAMP.*|DATETIME)$/;

/** DuckDB's reader for a file name; text formats may be gzipped (`.csv.gz`, `.jsonl.gz`), which DuckDB detects. */
function readerFor(file: string): string | undefined {
  const lower = file.toLowerCase();
  const gzipped = lower.endsWith(".gz");
  const reader = READERS[extname(gzipped ? lower.slice(0, -3) : lower)];
  return gzipped && reader === "read_parquet" ? undefined : reader;
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function sqlIdent(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** Reads a CSV, Parquet or JSON (array or newline-delimited) file into a frame, with DuckDB inferring types. */
export async function readFrame(path: string): Promise<Frame> {
  const file = resolve(path);
  if (!existsSync(file)) throw new TrainerInputError(`File not found: ${path}`, { file: path });
  const reader = readerFor(file);
  if (!reader) {
    throw new TrainerInputError(
      `Cannot read ${path}: unknown extension "${extname(file)}" (expected ${Object.keys(READERS).join(", ")}, or a text format with .gz).`,
      { file: path },
    );
  }
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const source = `${reader}(${sqlString(file)})`;
    let described: { name: string; type: string }[];
    try {
      const result = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
      described = result
        .getRowObjectsJS()
        .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    } catch (error) {
      throw new TrainerInputError(`Cannot read ${path}: ${(error as Error).message.split("\n")[0]}`, {
        file: path,
      });
    }
    // Cast in SQL so every non-text column arrives as plain doubles.
    const projections = described.map(({ name, type }) => {
      const id = sqlIdent(name);
      if (TIME_TYPES.test(type)) return `epoch_ms(${id}::TIMESTAMP)::DOUBLE AS ${id}`;
      if (NUMERIC_TYPES.test(type) || type === "BOOLEAN") return `${id}::DOUBLE AS ${id}`;
      return `${id}::VARCHAR AS ${id}`;
    });
    const result = await connection.runAndReadAll(`SELECT ${projections.join(", ")} FROM ${source}`);
    const data = result.getColumnsJS();
    // An empty file reads as one column and no rows, a header line alone as columns and no rows: nothing to learn.
    if (data.length === 0 || (data[0] as unknown[] | undefined)?.length === 0 || result.currentRowCount === 0)
      throw new TrainerInputError(`${path} has no data rows (it is empty, or holds only a header line).`, {
        file: path,
      });
    const columns: Column[] = described.map(({ name, type }, i) => {
      const values = data[i] as (number | string | null)[];
      if (TIME_TYPES.test(type)) return { ...numeric(name, values), kind: "datetime" };
      if (type === "BOOLEAN") return { ...numeric(name, values), kind: "boolean" };
      if (NUMERIC_TYPES.test(type)) return numeric(name, values);
      return buildColumn(name, values);
    });
    return new Frame(columns);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function numeric(name: string, values: (number | string | null)[]): DenseColumn {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null ? Number.NaN : Number(v);
  }
  return { kind: "numeric", name, values: out };
}
