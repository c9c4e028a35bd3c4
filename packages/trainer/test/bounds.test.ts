import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkFilterDepth,
  type Filter,
  filterDepth,
  filterRows,
  frameFromRecords,
  getFamily,
  getMetric,
  gridPointCount,
  readFrame,
  simplexGrid,
  TrainerInputError,
  train,
} from "../src/index.js";

const frame = frameFromRecords(
  Array.from({ length: 40 }, (_, i) => ({ x: i, z: (i * 7) % 5, y: i % 2 === 0 ? "a" : "b" })),
);

/** A filter of `levels` nested `not`s around one comparison. */
function nested(levels: number): Filter {
  let filter: Filter = { kind: "cmp", col: "x", op: ">", value: 3 };
  for (let i = 0; i < levels; i++) filter = { kind: "not", filter };
  return filter;
}

describe("filter depth bound", () => {
  it("measures depth without recursion, even 100,000 deep", () => {
    expect(filterDepth(nested(0))).toBe(1);
    expect(filterDepth({ kind: "and", filters: [nested(2), nested(5)] })).toBe(7);
    expect(filterDepth(nested(100_000))).toBe(100_001);
  });

  it("refuses a filter nested 5,000 deep with an input error naming the bound", () => {
    expect(() => filterRows(frame, nested(5000))).toThrow(TrainerInputError);
    expect(() => filterRows(frame, nested(5000))).toThrow(/max_filter_depth/);
    expect(() => checkFilterDepth(nested(40), 32, "body.filter")).toThrow(/body\.filter nests 41 levels/);
  });

  it("still evaluates filters within the bound", () => {
    // Thirty nots cancel out: the rows with x > 3.
    expect(filterRows(frame, nested(30)).length).toBe(36);
    expect(filterRows(frame, nested(31)).length).toBe(4);
  });
});

describe("Pareto grid bound", () => {
  it("counts weight vectors as simplexGrid makes them", () => {
    expect(gridPointCount(2, 0.25)).toBe(simplexGrid(2, 0.25).length);
    expect(gridPointCount(3, 0.1)).toBe(simplexGrid(3, 0.1).length);
  });

  it("refuses a grid of a billion points before building it", () => {
    expect(() => simplexGrid(2, 1e-9)).toThrow(/max_grid_points/);
    expect(gridPointCount(10, 1e-9)).toBeGreaterThan(1e15);
  });

  it("refuses grid_size 1e-9 before any trial runs", async () => {
    const trials: unknown[] = [];
    await expect(
      train({
        data: frame,
        task: { labelColumn: "y" },
        modelTypes: ["linear"],
        metrics: ["logloss", "accuracy"],
        gridSize: 1e-9,
        nSplits: 2,
        journal: { load: () => [], append: (t) => trials.push(t) },
      }),
    ).rejects.toThrow(/max_grid_points/);
    expect(trials).toHaveLength(0);
  });
});

describe("names that exist on every object", () => {
  it.each(["constructor", "__proto__", "toString"])(
    "metric %s is an input error, not a TypeError",
    (name) => {
      expect(() => getMetric(name, "binary")).toThrow(TrainerInputError);
      expect(() => getFamily(name)).toThrow(TrainerInputError);
    },
  );
});

describe("data files with nothing to learn from", () => {
  it.each([
    ["an empty file", ""],
    ["a header line alone", "a,b,y\n"],
  ])("readFrame refuses %s with an input error", async (_label, text) => {
    const path = join(mkdtempSync(join(tmpdir(), "parzen-empty-")), "data.csv");
    writeFileSync(path, text);
    await expect(readFrame(path)).rejects.toThrow(TrainerInputError);
    await expect(readFrame(path)).rejects.toThrow(/has no data rows/);
  });
});
