import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ensureNeuralBackend,
  type FittedModel,
  frameFromRecords,
  getFamily,
  linear,
  type ModelFamily,
  mlp,
  tabm,
  train,
} from "../src/index.js";
import { slice, synthetic } from "./synthetic.js";

beforeAll(() => ensureNeuralBackend());

/** Fewer epochs than the defaults keep the suite quick; the function is simple enough to learn in them. */
const QUICK = { max_epochs: 80, patience: 8, width: 64, batch_size: 128, learning_rate: 0.01, k: 8 };

function fit(
  family: ModelFamily,
  data: ReturnType<typeof synthetic>,
  kind: "regression" | "binary",
  extra = {},
) {
  return family.fit({
    x: data.x,
    y: data.y,
    kind,
    nClasses: kind === "binary" ? 2 : 0,
    params: { ...family.defaults, ...QUICK, ...extra },
    seed: 7,
  });
}

function r2(model: FittedModel, data: ReturnType<typeof synthetic>): number {
  const p = model.predict(data.x);
  const mean = data.y.reduce((a, b) => a + b, 0) / data.y.length;
  let ss = 0;
  let tot = 0;
  for (let i = 0; i < p.length; i++) {
    ss += (p[i] - data.y[i]) ** 2;
    tot += (data.y[i] - mean) ** 2;
  }
  return 1 - ss / tot;
}

// y = sin(3·x0) + x1² — no linear model can fit it.
const wave = synthetic(2500, 4, (x) => Math.sin(3 * x[0]) + x[1] * x[1]);
const [waveTrain, waveTest] = [slice(wave, 0, 2000), slice(wave, 2000, 2500)];
// The label is the XOR of two signs.
const xor = synthetic(2500, 3, (x) => (x[0] > 0 !== x[1] > 0 ? 1 : 0), 3);
const [xorTrain, xorTest] = [slice(xor, 0, 2000), slice(xor, 2000, 2500)];

describe.each([mlp, tabm])("$name", (family) => {
  it("learns a nonlinear regression function that a linear model cannot", () => {
    const model = fit(family, waveTrain, "regression");
    const linearFit = linear.fit({
      x: waveTrain.x,
      y: waveTrain.y,
      kind: "regression",
      nClasses: 0,
      params: linear.defaults,
      seed: 1,
    });
    const neural = r2(model, waveTest);
    expect(neural).toBeGreaterThan(0.9);
    expect(r2(linearFit, waveTest)).toBeLessThan(neural - 0.3);
  });

  it("learns XOR", () => {
    const model = fit(family, xorTrain, "binary", { dropout: 0 });
    const p = model.predict(xorTest.x);
    const correct = p.filter((v, i) => (v > 0.5 ? 1 : 0) === xorTest.y[i]).length;
    expect(correct / p.length).toBeGreaterThan(0.93);
    for (const v of p) expect(v).toBeGreaterThanOrEqual(0);
  });

  it("is deterministic for a seed and survives a JSON round trip exactly", () => {
    const data = slice(wave, 0, 300);
    const a = fit(family, data, "regression", { max_epochs: 5 });
    const b = fit(family, data, "regression", { max_epochs: 5 });
    expect(Array.from(b.predict(waveTest.x))).toEqual(Array.from(a.predict(waveTest.x)));
    const restored = family.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(Array.from(restored.predict(waveTest.x))).toEqual(Array.from(a.predict(waveTest.x)));
  });
});

it("TabM's members share their hidden weights: its size grows by vectors, not matrices, with k", () => {
  const size = (k: number) => {
    const state = fit(tabm, slice(wave, 0, 200), "regression", { max_epochs: 1, k }).toJSON() as {
      weights: { layers: { w: number[]; r: number[]; s: number[]; b: number[] }[] };
    };
    return state.weights.layers.reduce((a, l) => a + l.w.length, 0);
  };
  expect(size(32)).toBe(size(2));
});

it("trains in the model matrix on trial threads, with classes", async () => {
  const csv = readFileSync(new URL("../../../examples/penguins.csv", import.meta.url), "utf8")
    .trim()
    .split("\n");
  const header = csv[0].split(",");
  const records = csv
    .slice(1)
    .map((line) => Object.fromEntries(line.split(",").map((v, i) => [header[i], v === "" ? null : v])));
  const result = await train({
    data: frameFromRecords(records),
    task: { labelColumn: "Species" },
    modelTypes: ["mlp", "tabm"],
    params: { mlp: { max_epochs: 20 }, tabm: { max_epochs: 20, k: 4 } },
    nSplits: 3,
    workers: 2,
  });
  for (const entry of result.leaderboard) expect(entry.cvScore).toBeLessThan(0.2);
  const predicted = result.model.predict(frameFromRecords(records.slice(0, 5)));
  expect(predicted.classes).toEqual(["Adelie", "Chinstrap", "Gentoo"]);
});

it("rejects xrfm and tabicl with the list of available families", () => {
  expect(() => getFamily("xrfm")).toThrow(
    /xrfm" is not available: Recursive Feature Machines.*Available: .*mlp, tabm/,
  );
  expect(() => getFamily("tabicl")).toThrow(/pretrained weights.*Available: .*tabm/);
});
