import { rm } from "node:fs/promises";
import { DuckDBInstance } from "@duckdb/node-api";
import { HttpError } from "../http/errors.js";
import { DEFAULT_LIMITS, type Limits } from "../limits.js";
import { type ColumnSpec, columnType, type ParsingOptions, STORAGE_TYPE } from "./columns.js";
import { checkJsonData } from "./json-check.js";
import { checkDelimitedText } from "./text-check.js";

const TEXT_TABLES = ["text/csv", "text/plain", "text/tab-separated-values"];
const JSON_TABLES = ["application/json", "application/x-ndjson"];
const ROW = "__parzen_row";

const str = (value: string) => `'${value.replaceAll("'", "''")}'`;
const ident = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** The bounds ingestion enforces. */
export type IngestLimits = Pick<Limits, "maxJsonDepth" | "maxDatasetCells">;

/**
 * The DuckDB table function that reads a file of this type, or a 400 naming what is supported. Text and JSON
 * are checked first (`text-check.ts`, `json-check.ts`), so DuckDB never has to guess a table's shape.
 */
async function reader(
  path: string,
  mime: string,
  name: string,
  parsing: ParsingOptions,
  limits: IngestLimits,
): Promise<string> {
  if (TEXT_TABLES.includes(mime)) {
    const shape = await checkDelimitedText(path, {
      delimiter: parsing.delimiter,
      headerRow: parsing.header_row,
    });
    const options = [`header = true`, `delim = ${str(shape.delimiter)}`, `quote = '"'`, `escape = '"'`];
    if (parsing.header_row && parsing.header_row > 1) options.push(`skip = ${parsing.header_row - 1}`);
    return `read_csv(${str(path)}, ${options.join(", ")})`;
  }
  if (JSON_TABLES.includes(mime)) await checkJsonData(path, limits.maxJsonDepth);
  if (mime === "application/vnd.apache.parquet") return `read_parquet(${str(path)})`;
  if (JSON_TABLES.includes(mime)) return `read_json_auto(${str(path)})`;
  throw new HttpError(
    400,
    "unsupported_data",
    `File "${name}" is ${mime}, not a table: upload CSV, Parquet or JSON (records) data.`,
    [{ path: "body.file", message: `unsupported type ${mime}` }],
  );
}

export interface IngestResult {
  rowCount: number;
  columns: ColumnSpec[];
}

type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;

async function rows(connection: Connection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** Loads the file into table `t` (with a 1-based row number), turning DuckDB's read errors into a 400. */
async function load(
  connection: Connection,
  source: { path: string; mime: string; name: string },
  parsing: ParsingOptions,
  limits: IngestLimits,
) {
  const from = await reader(source.path, source.mime, source.name, parsing, limits);
  try {
    await connection.run(`CREATE TABLE t AS SELECT row_number() OVER () AS ${ROW}, * FROM ${from}`);
  } catch (error) {
    // The reader names the file by its path in the artifact store: show the caller their file's name instead.
    const reason = (error as Error).message.split("\n")[0].replaceAll(source.path, source.name);
    throw new HttpError(400, "unreadable_data", `Cannot read "${source.name}" as a table: ${reason}`, [
      { path: "body.file", message: reason },
    ]);
  }
}

/**
 * Infers each column's schema type and whether it is ever empty. A table without rows or columns, or with more
 * cells than `max_dataset_cells`, is a 400: nothing downstream can learn from it or should have to hold it.
 */
async function inferColumns(
  connection: Connection,
  name: string,
  limits: IngestLimits,
): Promise<{ rowCount: number; columns: ColumnSpec[] }> {
  const described = (await rows(connection, "DESCRIBE t")).filter((r) => r.column_name !== ROW);
  const [{ n }] = await rows(connection, "SELECT count(*)::DOUBLE AS n FROM t");
  const rowCount = Number(n);
  const refuse = (message: string) =>
    new HttpError(400, "unreadable_data", `"${name}" ${message}`, [{ path: "body.file", message }]);
  if (described.length === 0) throw refuse("has no columns.");
  if (rowCount === 0) throw refuse("has no rows.");
  if (rowCount * described.length > limits.maxDatasetCells)
    throw refuse(
      `has ${rowCount} rows × ${described.length} columns, more than the ${limits.maxDatasetCells} cells a dataset version may hold (max_dataset_cells).`,
    );
  const stats = described
    .map((r, i) => {
      const c = ident(String(r.column_name));
      return `approx_count_distinct(${c})::DOUBLE AS d${i}, count(${c})::DOUBLE AS k${i}`;
    })
    .join(", ");
  const [s] = await rows(connection, `SELECT ${stats} FROM t`);
  const columns = described.map((r, i) => ({
    name: String(r.column_name),
    type: columnType(String(r.column_type), Number(s[`d${i}`]), rowCount),
    required: Number(s[`k${i}`]) === rowCount,
  }));
  return { rowCount, columns };
}

/** Checks the data against declared columns: each present, castable to its type, and filled where required. */
async function checkSchema(connection: Connection, declared: ColumnSpec[], present: string[]): Promise<void> {
  const missing = declared.filter((c) => !present.includes(c.name));
  if (missing.length > 0) {
    throw new HttpError(
      400,
      "schema_mismatch",
      `The data lacks column(s) the dataset's schema declares: ${missing.map((c) => c.name).join(", ")}.`,
      missing.map((c) => ({ path: `data.${c.name}`, message: "declared in the schema but missing" })),
    );
  }
  for (const column of declared) {
    const c = ident(column.name);
    const [bad] = await rows(
      connection,
      `SELECT ${ROW}::DOUBLE AS r, ${c}::VARCHAR AS v FROM t
       WHERE ${c} IS NOT NULL AND TRY_CAST(${c} AS ${STORAGE_TYPE[column.type]}) IS NULL ORDER BY ${ROW} LIMIT 1`,
    );
    if (bad) {
      const message = `row ${bad.r}: "${bad.v}" is not a valid ${column.type}`;
      throw new HttpError(400, "schema_mismatch", `Column "${column.name}", ${message}.`, [
        { path: `data.${column.name}`, message },
      ]);
    }
    if (column.required) {
      const [empty] = await rows(
        connection,
        `SELECT ${ROW}::DOUBLE AS r FROM t WHERE ${c} IS NULL ORDER BY ${ROW} LIMIT 1`,
      );
      if (empty) {
        const message = `row ${empty.r} is empty but the column is required`;
        throw new HttpError(400, "schema_mismatch", `Column "${column.name}": ${message}.`, [
          { path: `data.${column.name}`, message },
        ]);
      }
    }
  }
}

async function withDuck<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Reads an uploaded table, checks it against the declared schema (if any), and writes it as Parquet to `out`
 * with declared columns cast to their types. Bad data is a 400 naming the column and row; nothing is written.
 */
export async function ingestTable(
  source: { path: string; mime: string; name: string },
  out: string,
  schema?: { columns: ColumnSpec[]; parsing: ParsingOptions },
  limits: IngestLimits = DEFAULT_LIMITS,
): Promise<IngestResult> {
  return withDuck(async (connection) => {
    await load(connection, source, schema?.parsing ?? {}, limits);
    const inferred = await inferColumns(connection, source.name, limits);
    const declared = new Map((schema?.columns ?? []).map((c) => [c.name, c]));
    if (schema)
      await checkSchema(
        connection,
        schema.columns,
        inferred.columns.map((c) => c.name),
      );
    const select = inferred.columns
      .map(({ name }) => {
        const d = declared.get(name);
        return d ? `CAST(${ident(name)} AS ${STORAGE_TYPE[d.type]}) AS ${ident(name)}` : ident(name);
      })
      .join(", ");
    try {
      await connection.run(`COPY (SELECT ${select} FROM t ORDER BY ${ROW}) TO ${str(out)} (FORMAT parquet)`);
    } catch (error) {
      await rm(out, { force: true });
      throw error;
    }
    const columns = inferred.columns.map((c) => {
      const d = declared.get(c.name);
      return d ? { ...c, type: d.type, required: d.required ?? c.required } : c;
    });
    return { rowCount: inferred.rowCount, columns };
  });
}

/** Infers a schema (column types, required-ness) from a sample file without storing it. */
export async function inferSchema(
  source: { path: string; mime: string; name: string },
  parsing: ParsingOptions = {},
  limits: IngestLimits = DEFAULT_LIMITS,
): Promise<ColumnSpec[]> {
  return withDuck(async (connection) => {
    await load(connection, source, parsing, limits);
    return (await inferColumns(connection, source.name, limits)).columns;
  });
}

/** Writes a stored Parquet version to a CSV file with a header line. */
export async function parquetToCsv(parquet: string, csv: string): Promise<void> {
  await withDuck((connection) =>
    connection.run(
      `COPY (SELECT * FROM read_parquet(${str(parquet)})) TO ${str(csv)} (FORMAT csv, HEADER true)`,
    ),
  );
}
