import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { buildColumn, type ColumnKind, cellValue, Frame, readFrame, writeCsv } from "@parzen/trainer";
import type { BlobStore } from "../blobs/blob-store.js";
import { insertDataset } from "../datasets/repository.js";
import { addVersion } from "../datasets/versions.js";
import { fileKey, insertFile } from "../files/repository.js";
import type { Database } from "../store/database.js";
import { evaluate, parseExpression, type Value } from "./expression.js";

/** A frame's columns as plain values (dates as `Date`, missing as null), ready for CSV or JSON. */
export function plainColumns(frame: Frame, rows = frame.nRows): Record<string, unknown[]> {
  const n = Math.min(rows, frame.nRows);
  return Object.fromEntries(
    frame.columns.map((c) => [c.name, Array.from({ length: n }, (_, r) => cellValue(c, r))]),
  );
}

/** A frame as JSON records (dates in ISO-8601), at most `rows` of them. */
export function frameRecords(frame: Frame, rows = frame.nRows): Record<string, unknown>[] {
  const columns = plainColumns(frame, rows);
  const names = Object.keys(columns);
  const n = Math.min(rows, frame.nRows);
  return Array.from({ length: n }, (_, r) =>
    Object.fromEntries(
      names.map((name) => {
        const v = columns[name][r];
        return [name, v instanceof Date ? v.toISOString() : v];
      }),
    ),
  );
}

/** The blob key of a block's table in an execution. */
export const tableKey = (executionId: string, block: string) =>
  `pipelines/${executionId}/${Buffer.from(block).toString("hex")}.csv`;

/** Writes a frame as a CSV blob (the trainer's own writer) and returns its key. */
export async function saveTable(blobs: BlobStore, key: string, frame: Frame): Promise<void> {
  const scratch = await blobs.scratch(".csv");
  try {
    await writeCsv(scratch, plainColumns(frame));
    await blobs.adopt(key, scratch);
  } finally {
    await rm(scratch, { force: true });
  }
}

/** Reads a table blob back (DuckDB infers the types, as for an upload). */
export async function loadTable(blobs: BlobStore, key: string): Promise<Frame> {
  // The reader picks its format by extension; blob paths keep the key's `.csv`.
  return readFrame(blobs.path(key));
}

/**
 * Registers a frame as a new dataset of the team (a CSV file ingested like an upload, so the trainer reads it as
 * it would a user's data). Returns the dataset and version ids.
 */
export async function registerDataset(
  store: { db: Database; blobs: BlobStore },
  teamId: string,
  frame: Frame,
  name: string,
  description: string,
): Promise<{ datasetId: string; versionId: string }> {
  const fileId = randomUUID();
  const scratch = await store.blobs.scratch(".csv");
  try {
    await writeCsv(scratch, plainColumns(frame));
    const blob = await store.blobs.write(fileKey(fileId), createReadStream(scratch));
    const file = await insertFile(store.db, teamId, {
      id: fileId,
      name: `${name}.csv`,
      mimeType: "text/csv",
      size: blob.size,
      sha256: blob.sha256,
      status: "ready",
      metadata: { derived: true },
    });
    const datasetId = randomUUID();
    const version = await addVersion(store, datasetId, file, (tx) =>
      insertDataset(tx, teamId, { id: datasetId, name, description }),
    );
    return { datasetId, versionId: version.id };
  } finally {
    await rm(scratch, { force: true });
  }
}

const CAST_KINDS: Record<string, ColumnKind> = {
  int: "numeric",
  float: "numeric",
  string: "categorical",
  category: "categorical",
  bool: "boolean",
  datetime: "datetime",
};

export interface TransformConfig {
  derive?: { name: string; expression: string }[];
  cast?: Record<string, string>;
  rename?: Record<string, string>;
  drop?: string[];
  select?: string[];
}

/** Applies a transform block: derive, cast, rename, drop, select, in that order. */
export function transformFrame(frame: Frame, config: TransformConfig): Frame {
  let columns = [...frame.columns];
  const byName = () => new Map(columns.map((c) => [c.name, c]));
  for (const d of config.derive ?? []) {
    const tree = parseExpression(d.expression);
    const current = byName();
    const values: Value[] = Array.from({ length: frame.nRows }, (_, r) =>
      evaluate(tree, (name) => {
        const column = current.get(name);
        if (!column) throw new Error(`derive "${d.name}": no column "${name}"`);
        return cellValue(column, r);
      }),
    );
    const cells = values.map((v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)) as unknown[];
    const built = buildColumn(d.name, cells);
    columns = current.has(d.name) ? columns.map((c) => (c.name === d.name ? built : c)) : [...columns, built];
  }
  for (const [name, type] of Object.entries(config.cast ?? {})) {
    const column = byName().get(name);
    if (!column) throw new Error(`cast: no column "${name}"`);
    const raw = Array.from({ length: frame.nRows }, (_, r) => {
      const v = cellValue(column, r);
      if (v === null) return null;
      if (type === "int") return Math.trunc(Number(v instanceof Date ? v.getTime() : v));
      if (type === "float") return Number(v instanceof Date ? v.getTime() : v);
      if (type === "string" || type === "category") return v instanceof Date ? v.toISOString() : String(v);
      return v;
    }) as unknown[];
    const cast = buildColumn(name, raw, CAST_KINDS[type]);
    columns = columns.map((c) => (c.name === name ? cast : c));
  }
  const rename = config.rename ?? {};
  columns = columns.map((c) => (rename[c.name] ? { ...c, name: rename[c.name] } : c));
  const dropped = new Set(config.drop ?? []);
  columns = columns.filter((c) => !dropped.has(c.name));
  if (config.select) {
    const current = byName();
    columns = config.select.map((name) => {
      const column = current.get(name);
      if (!column) throw new Error(`select: no column "${name}"`);
      return column;
    });
  }
  return new Frame(columns);
}
