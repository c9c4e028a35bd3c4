import { describe, expect, it } from "vitest";
import { frameFromColumns, frameFromRecords, Pipeline } from "../src/index.js";

const col = (m: { names: string[]; columns: Float64Array[] }, name: string) => {
  const i = m.names.indexOf(name);
  if (i < 0) throw new Error(`no feature ${name} in ${m.names.join(", ")}`);
  return Array.from(m.columns[i]);
};

describe("imputation and missing indicators", () => {
  const train = frameFromColumns({ x: [1, 2, 3, null, 10], k: [5, 6, 7, 8, 9] });
  const test = frameFromColumns({ x: [null, 100], k: [1, null] });

  it("imputes with the training median and flags missing values", () => {
    const p = Pipeline.fit(train, { impute: true });
    expect(p.featureNames).toEqual(["x", "x__missing", "k"]);
    const m = p.transform(test);
    expect(col(m, "x")).toEqual([2.5, 100]);
    expect(col(m, "x__missing")).toEqual([1, 0]);
    // k had no missing training values: no indicator, but a missing test value still gets the training median.
    expect(col(m, "k")).toEqual([1, 7]);
  });

  it("uses statistics of the training rows only", () => {
    const bigger = frameFromColumns({
      x: [1, 2, 3, null, 10, 1000, 1000, 1000],
      k: [5, 6, 7, 8, 9, 9, 9, 9],
    });
    const fitOnTrainRows = Pipeline.fit(bigger.take([0, 1, 2, 3, 4]), { impute: true, scale: true });
    const fitOnAll = Pipeline.fit(bigger, { impute: true, scale: true });
    const probe = frameFromColumns({ x: [null], k: [7] });
    expect(col(fitOnTrainRows.transform(probe), "k")[0]).toBeCloseTo(0, 12);
    expect(col(fitOnAll.transform(probe), "k")[0]).not.toBeCloseTo(0, 3);
    expect(fitOnTrainRows.toJSON()).toEqual(Pipeline.fit(train, { impute: true, scale: true }).toJSON());
  });

  it("without imputation keeps NaN for models that handle it", () => {
    const m = Pipeline.fit(train).transform(test);
    expect(col(m, "x")[0]).toBeNaN();
  });
});

describe("scaling", () => {
  it("standardises with the training mean and standard deviation", () => {
    const p = Pipeline.fit(frameFromColumns({ a: [1, 2, 3, 4], c: [0, 1, 0, 1] }), { scale: true });
    const m = p.transform(frameFromColumns({ a: [2.5, 5], c: [1, 1] }));
    const sd = Math.sqrt(1.25);
    expect(col(m, "a")[0]).toBeCloseTo(0, 12);
    expect(col(m, "a")[1]).toBeCloseTo(2.5 / sd, 12);
  });
});

describe("categorical encoding", () => {
  const cities = ["Oslo", "Oslo", "Lima", "Pune", "Oslo", "Lima", null];
  const many = Array.from({ length: 7 }, (_, i) => `level${i % 6}`);
  const train = frameFromColumns({ city: cities, code: many });

  it("one-hot encodes few levels and maps unseen or missing values safely", () => {
    const p = Pipeline.fit(train, { oneHotMaxLevels: 3 });
    expect(p.featureNames.filter((n) => n.startsWith("city"))).toEqual([
      "city=Oslo",
      "city=Lima",
      "city=Pune",
    ]);
    const m = p.transform(
      frameFromColumns({ city: ["Lima", "Cairo", null], code: ["level1", "level1", "level1"] }),
    );
    expect([col(m, "city=Oslo"), col(m, "city=Lima"), col(m, "city=Pune")]).toEqual([
      [0, 0, Number.NaN],
      [1, 0, Number.NaN],
      [0, 0, Number.NaN],
    ]);
  });

  it("frequency + ordinal encodes many levels; unseen levels get frequency 0", () => {
    const p = Pipeline.fit(train, { oneHotMaxLevels: 3 });
    expect(p.featureNames).toContain("code__frequency");
    const m = p.transform(frameFromColumns({ city: ["Oslo", "Oslo"], code: ["level0", "level9"] }));
    expect(col(m, "code__frequency")).toEqual([2 / 7, 0]);
    expect(col(m, "code__ordinal")[0]).toBe(0);
    expect(col(m, "code__ordinal")[1]).toBeNaN();
  });

  it("accepts a numeric column where training saw text, and the reverse", () => {
    const p = Pipeline.fit(
      frameFromColumns({ zip: ["10", "20", "10", "30"], v: [1, 2, 3, 4] }, { zip: "categorical" }),
    );
    const m = p.transform(frameFromColumns({ zip: [20, 99], v: ["5", "6"] }));
    expect(col(m, "zip=20")).toEqual([1, 0]);
    expect(col(m, "v")).toEqual([5, 6]);
  });
});

describe("datetime expansion", () => {
  it("expands calendar parts that vary in the training rows", () => {
    const p = Pipeline.fit(
      frameFromColumns({ at: ["2024-01-31", "2024-02-29", "2025-03-01"], v: [1, 2, 3] }),
    );
    expect(p.featureNames).toEqual(["at__year", "at__month", "at__day", "at__dayofyear", "at__weekday", "v"]);
    const m = p.transform(frameFromColumns({ at: ["2026-12-25T18:00:00Z"], v: [0] }));
    expect([
      col(m, "at__year"),
      col(m, "at__month"),
      col(m, "at__day"),
      col(m, "at__dayofyear"),
      col(m, "at__weekday"),
    ]).toEqual([[2026], [12], [25], [359], [5]]);
  });
});

describe("dropping columns", () => {
  it("drops constant and ID-like columns and says why", () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      customer_id: 1000 + i,
      email: `user${i}@example.com`,
      constant: 7,
      tier: i % 3 === 0 ? "gold" : "basic",
      spend: i * 2.5,
    }));
    const p = Pipeline.fit(frameFromRecords(rows));
    const drop = p.toJSON().steps.find((s) => s.type === "drop");
    expect(drop).toEqual({
      type: "drop",
      dropped: [
        { column: "customer_id", reason: "id_like" },
        { column: "email", reason: "id_like" },
        { column: "constant", reason: "constant" },
      ],
    });
    expect(p.featureNames).toEqual(["tier=basic", "tier=gold", "spend"]);
    // Dropped columns need not be present at predict time; kept ones must be.
    expect(p.transform(frameFromRecords([{ tier: "gold", spend: 1 }])).nRows).toBe(1);
    expect(() => p.transform(frameFromRecords([{ tier: "gold" }]))).toThrow(
      /lacks column\(s\) the model was trained on: spend/,
    );
  });
});

describe("DAG and lineage", () => {
  it("links input columns through the steps to model features", () => {
    const p = Pipeline.fit(
      frameFromColumns({
        at: ["2024-01-01", "2024-05-02", "2024-05-03"],
        city: ["a", "b", "a"],
        x: [1, null, 3],
      }),
      {
        impute: true,
        scale: true,
      },
    );
    const lineage = Object.fromEntries(p.lineage().map((l) => [l.feature, l.sources]));
    expect(lineage["city=a"]).toEqual(["city"]);
    expect(lineage.at__month).toEqual(["at"]);
    expect(lineage.x__missing).toEqual(["x"]);
    const dag = p.dag();
    expect(dag.nodes.filter((n) => n.kind === "step").map((n) => n.label)).toEqual([
      "drop",
      "datetime",
      "encode",
      "impute",
      "scale",
    ]);
    expect(dag.edges).toContainEqual({ from: "input:city", to: "step:0:drop" });
    expect(dag.edges).toContainEqual({ from: "step:4:scale", to: "output:features" });
    const ids = new Set(dag.nodes.map((n) => n.id));
    expect(dag.edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
  });
});
