import { fileURLToPath } from "node:url";
import { createClient } from "@parzen/client";
import { startServer } from "@parzen/server";
import { readFrame, train } from "@parzen/trainer";
import type { Command } from "../command.js";
import { printLeaderboard } from "../leaderboard.js";
import { progressBar } from "../progress-bar.js";

const EXAMPLE = fileURLToPath(new URL("../../../../examples/penguins.csv", import.meta.url));

/** `parzen demo`: the README's main job, on embedded defaults. */
export const demoCommand: Command = {
  name: "demo",
  summary: "Start a server on embedded defaults, check it, and train on the bundled penguins example.",
  options: { data: { type: "string" }, label: { type: "string" } },
  async run({ values, io, signal }) {
    const server = await startServer({ port: 0 });
    try {
      io.out(`Started a Parzen server on ${server.url}`);
      const health = await createClient({ baseUrl: server.url }).health();
      io.out(`GET /v1/health -> ${health.status} (server ${health.version})`);
    } finally {
      await server.close();
    }
    const dataPath = (values.data as string | undefined) ?? EXAMPLE;
    const label = (values.label as string | undefined) ?? "Species";
    io.out(`\nTraining on ${dataPath} (label "${label}") with 5-fold cross-validation...\n`);
    const data = await readFrame(dataPath);
    const result = await train({
      data,
      task: { labelColumn: label },
      signal,
      onProgress: progressBar((t) => process.stderr.write(t), io.interactive),
    });
    printLeaderboard(result, io);
    const sample = data.take([0, 150, 300].filter((r) => r < data.nRows));
    const predicted = result.model.predict(sample);
    io.out("\nPredictions for three rows with the refitted best model:");
    predicted.predictions.forEach((p, i) => {
      const k = predicted.classes.length;
      const probability = predicted.probabilities
        ? ` (p=${Math.max(...predicted.probabilities.subarray(i * k, i * k + k)).toFixed(3)})`
        : "";
      const truth = sample.value(label, i);
      io.out(`  row ${i + 1}: predicted ${p}${probability}, actual ${truth}`);
    });
    return 0;
  },
};
