import { mkdtempSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import {
  frameFromRecords,
  predictionColumns,
  readFrame,
  resolveTask,
  TrainerInputError,
  writeCsv,
} from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "parzen-data-"));
const csv = join(dir, "people.csv");
writeFileSync(
  csv,
  "id,age,city,joined,member\n1,34,Oslo,2024-01-05,true\n2,,Lima,2023-07-01,false\n3,51,,2022-02-28,true\n",
);

describe("readers", () => {
  it("reads CSV with types, missing values and dates", async () => {
    const frame = await readFrame(csv);
    expect(frame.schema).toEqual([
      { name: "id", kind: "numeric" },
      { name: "age", kind: "numeric" },
      { name: "city", kind: "categorical" },
      { name: "joined", kind: "datetime" },
      { name: "member", kind: "boolean" },
    ]);
    expect(frame.nRows).toBe(3);
    expect(frame.value("age", 1)).toBeNull();
    expect(frame.value("city", 2)).toBeNull();
    expect(frame.value("city", 1)).toBe("Lima");
    expect((frame.value("joined", 0) as Date).toISOString()).toBe("2024-01-05T00:00:00.000Z");
    expect(frame.value("member", 1)).toBe(false);
  });

  it("reads Parquet and JSON written by another tool", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const parquet = join(dir, "people.parquet");
    const json = join(dir, "people.json");
    await connection.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`);
    await connection.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${json}' (FORMAT json, ARRAY true)`);
    connection.closeSync();
    instance.closeSync();
    for (const file of [parquet, json]) {
      const frame = await readFrame(file);
      expect(frame.nRows).toBe(3);
      expect(frame.value("city", 0)).toBe("Oslo");
      expect(frame.value("age", 2)).toBe(51);
      expect(frame.column("joined").kind).toBe("datetime");
    }
  });

  it("names the file when it is missing, unreadable or of an unknown type", async () => {
    await expect(readFrame(join(dir, "nope.csv"))).rejects.toThrow(/File not found: .*nope.csv/);
    const garbage = join(dir, "garbage.parquet");
    writeFileSync(garbage, "this is not parquet");
    await expect(readFrame(garbage)).rejects.toThrow(/Cannot read .*garbage.parquet/);
    await expect(readFrame(join(dir, "people.xlsx"))).rejects.toThrow();
    const xlsx = join(dir, "data.xlsx");
    writeFileSync(xlsx, "x");
    await expect(readFrame(xlsx)).rejects.toThrow(/unknown extension ".xlsx"/);
  });

  it("writes predictions as CSV", async () => {
    const out = join(dir, "pred.csv");
    const probabilities = Float64Array.of(0.25, 0.75, 0.9, 0.1);
    await writeCsv(out, predictionColumns({ predictions: ["b", "a"], classes: ["a", "b"], probabilities }));
    expect(await readFile(out, "utf8")).toBe("prediction,proba_a,proba_b\nb,0.25,0.75\na,0.9,0.1\n");
  });
});

describe("label errors", () => {
  const frame = frameFromRecords([
    { x: 1, y: "a", z: "1.5" },
    { x: 2, y: "a", z: "oops" },
    { x: 3, y: null, z: "2" },
  ]);

  it("a missing label column lists the columns", () => {
    expect(() => resolveTask(frame, { labelColumn: "target" })).toThrow(
      'Label column "target" is not in the data. Columns: x, y, z.',
    );
  });

  it("a label with a single class", () => {
    const error = (() => {
      try {
        resolveTask(frame, { labelColumn: "y" });
      } catch (e) {
        return e as TrainerInputError;
      }
    })();
    expect(error).toBeInstanceOf(TrainerInputError);
    expect(error?.message).toMatch(/"y" has a single class \("a"\)/);
  });

  it("a non-numeric regression label names the row", () => {
    expect(() => resolveTask(frame, { labelColumn: "z", taskKind: "regression" })).toThrow(
      /Regression needs a numeric label, but column "z" holds "oops" at row 2/,
    );
  });

  it("infers the task and says why", () => {
    const t = frameFromRecords(
      Array.from({ length: 40 }, (_, i) => ({ a: i % 2, b: i % 3, c: i * 1.5, d: i % 2 ? "x" : "y" })),
    );
    expect(resolveTask(t, { labelColumn: "a" }).task).toMatchObject({
      kind: "binary",
      classes: ["0", "1"],
      inferred: true,
    });
    expect(resolveTask(t, { labelColumn: "b" }).task.kind).toBe("multiclass");
    expect(resolveTask(t, { labelColumn: "c" }).task).toMatchObject({ kind: "regression", inferred: true });
    expect(resolveTask(t, { labelColumn: "d" }).task.classes).toEqual(["x", "y"]);
    expect(resolveTask(t, { labelColumn: "b", taskKind: "regression" }).task).toMatchObject({
      kind: "regression",
      inferred: false,
    });
  });
});
