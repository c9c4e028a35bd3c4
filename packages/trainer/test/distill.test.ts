import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  distill,
  exportOnnx,
  type Frame,
  frameFromColumns,
  httpTeacher,
  mungeRows,
  OnnxModel,
  onnxTeacher,
  type Predictor,
  predictorTeacher,
  readFrame,
  train,
} from "../src/index.js";

const example = (name: string) => new URL(`../../../examples/${name}.csv`, import.meta.url).pathname;
let penguins: Frame;
let diabetes: Frame;
let teacher: Predictor;
beforeAll(async () => {
  penguins = await readFrame(example("penguins"));
  diabetes = await readFrame(example("diabetes"));
  // The teacher: a Caruana ensemble, the kind of model worth distilling into something small.
  teacher = (
    await train({
      data: penguins,
      task: { labelColumn: "Species" },
      modelTypes: ["gbdt", "linear", "random_forest"],
      nTrials: 2,
      nSplits: 3,
      ensemble: true,
      workers: 1,
    })
  ).model;
});

describe("synthetic rows (MUNGE)", () => {
  it("makes rows near the data whose categories stay valid", () => {
    const rows = mungeRows(penguins, { rows: 500, seed: 3 });
    expect(rows.nRows).toBe(500);
    const island = rows.column("Island");
    expect(island.kind).toBe("categorical");
    if (island.kind === "categorical")
      for (const code of island.codes) expect(code).toBeLessThan(island.categories.length);
    const real = penguins.column("Body Mass (g)");
    const made = rows.column("Body Mass (g)");
    if (real.kind === "categorical" || made.kind === "categorical") throw new Error("numeric expected");
    const present = real.values.filter((v) => !Number.isNaN(v));
    const [lo, hi] = [Math.min(...present), Math.max(...present)];
    const inside = made.values.filter((v) => v >= lo - 0.2 * (hi - lo) && v <= hi + 0.2 * (hi - lo)).length;
    expect(inside / made.values.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(0.95);
    // Not copies: a good share of the values are new draws between neighbours.
    const realValues = new Set(Array.from(real.values));
    expect(made.values.filter((v) => !realValues.has(v)).length / made.values.length).toBeGreaterThan(0.25);
  });
});

describe("distillation", () => {
  it("distils an in-process ensemble into one boosted model that agrees with it", async () => {
    const result = await distill({
      data: penguins,
      task: { labelColumn: "Species" },
      teacher: predictorTeacher(teacher),
      synthetic: 300,
      nSplits: 3,
    });
    expect(result.student).toBe("gbdt");
    expect(result.model.kind).toBe("single");
    expect(result.fidelity).toBeGreaterThan(0.93);
    expect(result.cvScore).toBeLessThan(0.3);
    expect(result.teacherRows).toBe(344 + 4 * 300);
    const predicted = result.model.predict(penguins.take([0, 200, 300]));
    expect(predicted.classes).toEqual(["Adelie", "Chinstrap", "Gentoo"]);
  });

  it("distils a regression teacher given as an ONNX model into a linear student", async () => {
    const regression = (
      await train({
        data: diabetes,
        task: { labelColumn: "target" },
        modelTypes: ["gbdt"],
        nSplits: null,
        workers: 1,
      })
    ).model;
    const onnx = await OnnxModel.load(exportOnnx(regression));
    const result = await distill({
      data: diabetes,
      task: { labelColumn: "target" },
      teacher: onnxTeacher(onnx),
      student: "linear",
      synthetic: 200,
      nSplits: 3,
    });
    expect(result.fidelity).toBeGreaterThan(0.6);
    expect(result.metric).toBe("rmse");
    expect(result.cvScore).toBeLessThan(75);
    await onnx.close();
  });
});

describe("an HTTP teacher on 127.0.0.1", () => {
  let server: Server;
  let url: string;
  const seen: { authorization?: string; rows: number }[] = [];
  let failNext = 0;
  let mode: "ok" | "bad-request" | "silent" | "short" = "ok";

  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = "";
      req.on("data", (c) => (text += c));
      req.on("end", () => resolve(text));
    });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const { samples, feature_names } = JSON.parse(await body(req)) as {
        samples: unknown[][];
        feature_names: string[];
      };
      seen.push({ authorization: req.headers.authorization, rows: samples.length });
      if (mode === "silent") return; // never answers
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end("busy");
        return;
      }
      if (mode === "bad-request") {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":"unknown feature"}');
        return;
      }
      const columns = Object.fromEntries(feature_names.map((n, j) => [n, samples.map((row) => row[j])]));
      const predicted = teacher.predict(frameFromColumns(columns));
      const k = predicted.classes.length;
      const probabilities = Array.from({ length: samples.length - (mode === "short" ? 1 : 0) }, (_, i) =>
        Array.from(predicted.probabilities!.subarray(i * k, i * k + k)),
      );
      // Classes in another order than the student's, as a foreign service might send them.
      const order = [2, 0, 1];
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          classes: order.map((c) => predicted.classes[c]),
          probabilities: probabilities.map((p) => order.map((c) => p[c])),
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/predict`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("batches rows, sends the headers, retries a 503 and distils", async () => {
    seen.length = 0;
    failNext = 1;
    mode = "ok";
    const result = await distill({
      data: penguins,
      task: { labelColumn: "Species" },
      teacher: httpTeacher({ url, headers: { authorization: "Bearer teacher-key" }, batchSize: 100 }),
      synthetic: 150,
      nSplits: null,
    });
    expect(result.fidelity).toBeGreaterThan(0.9);
    expect(Math.max(...seen.map((s) => s.rows))).toBe(100);
    expect(seen.every((s) => s.authorization === "Bearer teacher-key")).toBe(true);
    // One failed call, then every row exactly once: 344 real + 150 synthetic per fit, two fits.
    expect(seen.slice(1).reduce((a, s) => a + s.rows, 0)).toBe(344 + 2 * 150);
  });

  it("fails clearly on a 400, a timeout and a short answer", async () => {
    const run = (options: Partial<Parameters<typeof httpTeacher>[0]>) =>
      distill({
        data: penguins,
        task: { labelColumn: "Species" },
        teacher: httpTeacher({ url, ...options }),
        synthetic: 0,
        nSplits: null,
      });
    mode = "bad-request";
    // The status and content type, never the body: the URL may reach something that must not be read back.
    const refused = await run({}).catch((error: Error) => error);
    expect((refused as Error).message).toMatch(
      /teacher at http:\/\/127\.0\.0\.1:\d+\/predict failed: answered 400 \(application\/json[^)]*\)/,
    );
    expect((refused as Error).message).not.toMatch(/unknown feature/);
    mode = "silent";
    await expect(run({ timeoutMs: 200, retries: 1 })).rejects.toThrow(
      /no answer within 200 ms \(after 2 attempts\)/,
    );
    mode = "short";
    await expect(run({})).rejects.toThrow(
      /answered 499 predictions for 344 rows|answered \d+ predictions for \d+ rows/,
    );
    mode = "ok";
  });
});
