import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./io.js";

const examples = new URL("../../../examples/", import.meta.url).pathname;
const bin = new URL("../dist/bin.js", import.meta.url).pathname;
const run = (args: string[]) => {
  const io = captureIO();
  return main(args, io, new AbortController().signal).then((code) => ({ code, ...io }));
};

describe("parzen train", () => {
  it("prints one JSON object with the leaderboard (breast cancer, fixed folds, auc ≥ 0.985)", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      "train",
      "--data",
      join(examples, "breast_cancer.csv"),
      "--label",
      "malignant",
      "--folds-file",
      join(examples, "breast_cancer.folds.csv"),
      "--json",
    ]);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ task: "binary", metric: "auc" });
    expect(result.cv_score).toBeGreaterThanOrEqual(0.985);
    expect(result.leaderboard[0].cv_score).toBe(result.cv_score);
    for (const entry of result.leaderboard) {
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining(["model_type", "params", "cv_score", "fit_seconds"]),
      );
    }
    expect(typeof result.seconds).toBe("number");
  });

  it("prints a leaderboard table, saves the model, and predicts with it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-cli-"));
    const trained = await run([
      "train",
      "--data",
      join(examples, "diabetes.csv"),
      "--label",
      "target",
      "--models",
      "linear,xgboost",
      "--metric",
      "mae",
      "--folds",
      "3",
      "--out",
      join(dir, "model"),
    ]);
    expect(trained.code).toBe(0);
    const text = trained.stdout.join("\n");
    expect(text).toMatch(/Task: regression \(inferred/);
    expect(text).toMatch(/rank\s+model\s+mae/);
    expect(text).toMatch(/1\s+(linear|gbdt)\s+\d+\.\d{5}/);
    const predicted = await run([
      "predict",
      "--model",
      join(dir, "model"),
      "--data",
      join(examples, "diabetes.csv"),
      "--out",
      join(dir, "p.csv"),
    ]);
    expect(predicted.code).toBe(0);
    const lines = readFileSync(join(dir, "p.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("prediction");
    expect(lines).toHaveLength(443);
    expect(Number(lines[1])).toBeGreaterThan(25);
  });

  it("prints class probabilities when predicting to stdout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-cli-"));
    await run([
      "train",
      "--data",
      join(examples, "wine.csv"),
      "--label",
      "cultivar",
      "--models",
      "linear",
      "--out",
      dir,
    ]);
    const predicted = await run(["predict", "--model", dir, "--data", join(examples, "wine.csv")]);
    expect(predicted.stdout[0]).toBe("prediction,proba_0,proba_1,proba_2");
    expect(predicted.stdout).toHaveLength(179);
  });

  it("explains bad input with exit codes 1 and 2", async () => {
    const missing = await run(["train", "--data", join(examples, "wine.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr[0]).toMatch(/required option '--label <column>' not specified/);
    const wrongLabel = await run(["train", "--data", join(examples, "wine.csv"), "--label", "grape"]);
    expect(wrongLabel.code).toBe(1);
    expect(wrongLabel.stderr[0]).toMatch(/Label column "grape" is not in the data/);
    const noFile = await run(["train", "--data", "nowhere.csv", "--label", "x"]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr[0]).toMatch(/File not found: nowhere.csv/);
    const badModel = await run([
      "train",
      "--data",
      join(examples, "wine.csv"),
      "--label",
      "cultivar",
      "--models",
      "tabicl",
    ]);
    expect(badModel.stderr[0]).toMatch(/Available: gbdt, random_forest, extra_trees, linear/);
  });
});

describe("parzen train inputs", () => {
  it("reads gzipped CSV and JSON lines as DuckDB does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-cli-"));
    const csv = readFileSync(join(examples, "wine.csv"));
    writeFileSync(join(dir, "wine.csv.gz"), gzipSync(csv));
    const [header, ...rows] = csv.toString("utf8").trim().split("\n");
    const names = header.split(",");
    const jsonl = rows.map((r) =>
      JSON.stringify(Object.fromEntries(r.split(",").map((v, i) => [names[i], Number(v)]))),
    );
    writeFileSync(join(dir, "wine.jsonl"), `${jsonl.join("\n")}\n`);
    for (const file of ["wine.csv.gz", "wine.jsonl"]) {
      const answer = await run([
        "train",
        "--data",
        join(dir, file),
        "--label",
        "cultivar",
        "--models",
        "linear",
        "--folds",
        "3",
        "--json",
      ]);
      expect(answer.code, answer.stderr.join("\n")).toBe(0);
      expect(JSON.parse(answer.stdout[0])).toMatchObject({ task: "multiclass", rows: 178 });
    }
  });
});

describe("parzen train with search", () => {
  it("reports the ensemble and the Pareto front, in the table and in JSON", async () => {
    const args = [
      "train",
      "--data",
      join(examples, "wine.csv"),
      "--label",
      "cultivar",
      "--models",
      "linear,gbdt",
      "--trials",
      "3",
      "--strategy",
      "random",
      "--ensemble",
      "--metrics",
      "logloss,accuracy",
      "--grid-size",
      "0.5",
      "--workers",
      "1",
    ];
    const table = await run(args);
    expect(table.code).toBe(0);
    const text = table.stdout.join("\n");
    expect(text).toMatch(/Ensemble \(Caruana, \d+ members\): logloss \d\.\d{5} nested/);
    expect(text).toMatch(/Pareto front over logloss, accuracy/);
    expect(text).toMatch(/logloss×0\.50 \+ accuracy×0\.50/);
    const json = await run([...args, "--json"]);
    const result = JSON.parse(json.stdout[0]);
    expect(result.ensemble.weights.reduce((a: number, w: { weight: number }) => a + w.weight, 0)).toBeCloseTo(
      1,
      9,
    );
    expect(result.ensemble.weights[0]).toEqual(
      expect.objectContaining({ trial_id: expect.any(String), model_type: expect.any(String) }),
    );
    expect(result.pareto.length).toBeGreaterThan(0);
    expect(result.selections).toHaveLength(3);
  });

  it("reports the saved model's cv_score, whether the ensemble is kept or not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-cli-"));
    // Pure-noise labels: the blend's nested score falls below the best single trial's, so it is not kept.
    let state = 7;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const rows = Array.from({ length: 150 }, () => `${next()},${next()},${next() < 0.5 ? "u" : "v"}`);
    writeFileSync(join(dir, "noise.csv"), ["a,b,y", ...rows].join("\n"));
    const cases = [
      ["--data", join(dir, "noise.csv"), "--label", "y", "--models", "linear,gbdt", "--trials", "3"],
      [
        "--data",
        join(examples, "penguins.csv"),
        "--label",
        "Species",
        "--models",
        "linear,random_forest",
        "--trials",
        "2",
      ],
    ];
    const kept: boolean[] = [];
    for (const [i, flags] of cases.entries()) {
      const out = join(dir, `model${i}`);
      const answer = await run([
        "train",
        ...flags,
        "--folds",
        "3",
        "--ensemble",
        "--workers",
        "1",
        "--out",
        out,
        "--json",
      ]);
      expect(answer.code).toBe(0);
      const result = JSON.parse(answer.stdout[0]);
      const saved = JSON.parse(readFileSync(join(out, "model.json"), "utf8"));
      expect(result.cv_score).toBe(saved.info.cv_score);
      const e = result.ensemble;
      expect(result.cv_score).toBe(e.kept ? e.cv_score : e.best_single_score);
      kept.push(e.kept);
    }
    expect(kept).toEqual([false, true]);
  });

  it("rejects bad search flags", async () => {
    const base = ["train", "--data", join(examples, "wine.csv"), "--label", "cultivar"];
    const strategy = await run([...base, "--strategy", "grid"]);
    expect(strategy.code).toBe(2);
    expect(strategy.stderr[0]).toMatch(
      /'--strategy <name>' argument 'grid' is invalid. Allowed choices are optuna, tpe, random/,
    );
    expect((await run([...base, "--trials", "0"])).stderr[0]).toMatch(
      /'--trials <n>' argument '0' is invalid\. must be an integer ≥ 1/,
    );
    expect((await run([...base, "--grid-size", "2"])).stderr[0]).toMatch(/--grid-size must be in \(0, 1\]/);
  });
});
