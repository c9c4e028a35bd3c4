import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NotFoundError, type ParzenClient, ValidationError } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDuck } from "../src/datasets/duck.js";
import { profileParquet } from "../src/datasets/profile.js";
import { type RunningServer, startServer } from "../src/index.js";
import { teamClient } from "./clients.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parzen-profile-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Writes rows as CSV, converts them to Parquet with DuckDB (as ingestion does), and returns the Parquet path. */
async function parquetOf(name: string, header: string[], rows: (string | number)[][]): Promise<string> {
  const csv = join(dir, `${name}.csv`);
  await writeFile(csv, [header.join(","), ...rows.map((r) => r.join(","))].join("\n"));
  const out = join(dir, `${name}.parquet`);
  await withDuck((c) => c.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${out}' (FORMAT parquet)`));
  return out;
}

/** A table with one of each thing the profile must notice, built row by row so the expected figures are known. */
function syntheticRows(): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let i = 0; i < 60; i++) {
    const label = i % 3 === 0 ? "churned" : "stayed";
    const income = i === 59 ? 1_000_000 : 1000 + i * 10; // one far outlier, right-skewed
    const age = i % 5 === 0 ? "" : String(20 + (i % 40)); // missing every fifth row
    rows.push([1000 + i, label, label === "churned" ? "Y" : "N", income, age, "same", i % 4]);
  }
  rows.push([...rows[0]]); // one exact duplicate row (its id repeats, so the id is not unique any more)
  return rows;
}

describe("profileParquet", () => {
  it("counts missing and distinct values and finds constant, ID-like, skewed, outlying, duplicated and leaking columns", async () => {
    const rows = syntheticRows();
    const path = await parquetOf(
      "synthetic",
      ["uid", "churn", "flag", "income", "age", "constant", "bucket"],
      rows,
    );
    const p = await profileParquet(path, { labelColumn: "churn" });
    expect(p).toMatchObject({
      row_count: 61,
      column_count: 7,
      profiled_rows: 61,
      sampled: false,
      duplicate_row_count: 1,
    });
    const col = (name: string) => p.columns.find((c) => c.name === name)!;

    const ages = rows
      .map((r) => r[4])
      .filter((v) => v !== "")
      .map(Number);
    expect(col("age")).toMatchObject({ missing_count: 61 - ages.length, distinct_count: new Set(ages).size });
    expect(col("age").numeric!.mean).toBeCloseTo(ages.reduce((a, b) => a + b, 0) / ages.length, 9);
    expect(col("constant")).toMatchObject({ constant: true, distinct_count: 1 });
    expect(col("bucket")).toMatchObject({ type: "int", constant: false, id_like: false });
    // The duplicate row repeats an id, so "uid" is not unique — but it is still named and shaped like an identifier.
    expect(col("uid").id_like).toBe(true);
    expect(col("income").numeric).toMatchObject({ outlier_count: 1, max: 1_000_000 });
    expect(col("income").numeric!.skewness!).toBeGreaterThan(5);

    const kinds = p.findings.map((f) => `${f.kind}:${f.column}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "duplicates:null",
        "constant:constant",
        "id_like:uid",
        "skewed:income",
        "outliers:income",
        "leakage:flag",
      ]),
    );
    expect(kinds).not.toContain("leakage:bucket");
    expect(p.label).toMatchObject({
      column: "churn",
      task_kind: "binary",
      // 40 "stayed" and 20 "churned" rows, plus the duplicate of row 0 ("churned").
      classes: [
        { value: "stayed", count: 40 },
        { value: "churned", count: 21 },
      ],
    });
    expect(p.label!.imbalance_ratio).toBeCloseTo(40 / 21, 9);
    expect(p.label!.leakage_suspects.map((s) => s.column)).toEqual(["flag"]);
  });

  it("infers regression for a numeric label with many values and flags a near-copy by correlation", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => [
      i * 1.5 + (i % 3),
      i * 1.5 + (i % 3) + 0.01 * (i % 2),
      (i * 37) % 11,
    ]);
    const p = await profileParquet(await parquetOf("regression", ["y", "y_noisy", "x"], rows), {
      labelColumn: "y",
    });
    expect(p.label).toMatchObject({ task_kind: "regression", classes: null });
    expect(p.label!.leakage_suspects.map((s) => s.column)).toEqual(["y_noisy"]);
  });

  it("raises no false alarms on a clean public dataset", async () => {
    const p = await profileParquet(await parquetOf("copy", ["a", "b"], [[1, 2]]));
    expect(p.label).toBeNull();
    const penguins = join(dir, "penguins.parquet");
    await withDuck((c) =>
      c.run(
        `COPY (SELECT * FROM read_csv('${join(__dirname, "../../../examples/penguins.csv")}')) TO '${penguins}' (FORMAT parquet)`,
      ),
    );
    const profile = await profileParquet(penguins, { labelColumn: "Species" });
    expect(profile.label!.leakage_suspects).toEqual([]);
    expect(profile.findings.filter((f) => f.severity === "warning")).toEqual([]);
  });
});

describe("GET /v1/datasets/{id}/profile", () => {
  let server: RunningServer;
  let alice: ParzenClient;
  let bob: ParzenClient;
  beforeAll(async () => {
    server = await startServer({ port: 0 });
    alice = await teamClient(server, "alice");
    bob = await teamClient(server, "bob");
  });
  afterAll(() => server.close());

  it("profiles the current version when stored, against a label on request, and scopes it to the team", async () => {
    const file = await alice.files.upload(join(__dirname, "../../../examples/penguins.csv"));
    const dataset = await alice.datasets.create({ name: "penguins", file_id: file.id });
    const stored = await server.db.query<{ profile: unknown }>(
      "SELECT profile FROM dataset_versions WHERE dataset_id = $1",
      [dataset.id],
    );
    expect(stored[0].profile).toMatchObject({ row_count: 344, label: null });

    const profile = await alice.datasets.getProfile(dataset.id);
    expect(profile).toMatchObject({ row_count: 344, column_count: 7, label: null });
    const withLabel = await alice.datasets.getProfile(dataset.id, { labelColumn: "Species" });
    expect(withLabel.label!.classes!.map((c) => [c.value, c.count])).toEqual([
      ["Adelie", 152],
      ["Gentoo", 124],
      ["Chinstrap", 68],
    ]);

    const bad = await alice.datasets.getProfile(dataset.id, { labelColumn: "Nope" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).details).toEqual([
      expect.objectContaining({ path: "query.label_column" }),
    ]);
    await expect(
      alice.datasets.getProfile(dataset.id, { versionId: crypto.randomUUID() }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.datasets.getProfile(dataset.id)).rejects.toBeInstanceOf(NotFoundError);
    const empty = await alice.datasets.create({ name: "empty" });
    await expect(alice.datasets.getProfile(empty.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
