import { fileURLToPath } from "node:url";
import { createClient } from "@parzen/client";
import { readFrame } from "@parzen/trainer";
import { Command } from "commander";
import type { CommandFactory } from "../command.js";
import { printJobLeaderboard } from "../job-leaderboard.js";
import { progressLine } from "../progress-bar.js";

const EXAMPLE = fileURLToPath(new URL("../../../../examples/penguins.csv", import.meta.url));

/** `parzen demo`: the README's main job — a server on embedded defaults, driven through the typed client. */
export const demoCommand: CommandFactory = (context) =>
  new Command("demo")
    .summary(
      "Start a server on embedded defaults, upload the penguins example, train through the API, predict.",
    )
    .option("--data <file>", "the table to upload", EXAMPLE)
    .option("--label <column>", "the column to predict", "Species")
    .option(
      "--serve",
      "keep the server running afterwards, to look at the run in the console (Ctrl-C stops it)",
    )
    .action(async (flags: { data: string; label: string; serve?: boolean }) => {
      const { io, signal } = context;
      // Loaded on use: the server's modules are the slowest part of the CLI to start.
      const { startServer } = await import("@parzen/server");
      const server = await startServer({ port: 0 });
      try {
        io.out(`Started a Parzen server on ${server.url} (embedded PostgreSQL, in-process job queue)`);
        if (server.consoleUrl)
          io.out(
            `Console: ${server.consoleUrl}${flags.serve ? "" : " (add --serve to keep it open after the demo)"}`,
          );
        const parzen = createClient({ baseUrl: server.url, apiKey: server.adminKey });
        const health = await parzen.health({ signal });
        io.out(`GET /v1/health -> ${health.status} (server ${health.version})`);

        const file = await parzen.files.upload(flags.data, { signal });
        io.out(
          `Uploaded ${file.name}: ${file.file_size} bytes, ${file.mime_type}, sha256 ${file.sha256?.slice(0, 12)}…`,
        );
        const dataset = await parzen.datasets.create({ name: file.name, file_id: file.id }, { signal });
        io.out(
          `Dataset ${dataset.id}: ${dataset.record_count} rows (version ${dataset.current_version_no}, stored as Parquet)`,
        );

        const accepted = await parzen.trainer.run(
          { dataset_id: dataset.id, task: { label_column: flags.label }, n_splits: 5 },
          { signal },
        );
        io.out(`POST /v1/trainer/run -> 202, job ${accepted.job_id}\n`);
        const bar = progressLine(io.terminal);
        context.onInterrupt = () => bar.clear();
        for await (const update of parzen.jobs.stream<"trainer.run">(accepted.job_id, { signal })) {
          const p = update.progress as { fraction?: number; message?: string; best_score?: number | null };
          bar.update({ fraction: p.fraction ?? 0, message: p.message ?? update.status, best: p.best_score });
        }
        bar.done();
        const job = await parzen.jobs.retrieve<"trainer.run">(accepted.job_id, { signal });
        if (job.status !== "completed") {
          io.err(`The job ended ${job.status}: ${job.error?.message ?? ""}`);
          return context.exit(1);
        }
        printJobLeaderboard(job.result, io);

        const data = await readFrame(flags.data);
        const rows = [0, 150, 300].filter((r) => r < data.nRows);
        const records = rows.map((r) => Object.fromEntries(data.names.map((n) => [n, data.value(n, r)])));
        const modelId = job.result.model_id;
        const predicted = await parzen.models.predict(modelId, records, { signal });
        io.out(`\nPOST /v1/models/${modelId}/predict for three rows:`);
        predicted.predictions.forEach((p, i) => {
          const probability = predicted.probabilities
            ? ` (p=${Math.max(...predicted.probabilities[i]).toFixed(3)})`
            : "";
          io.out(`  row ${rows[i] + 1}: predicted ${p}${probability}, actual ${records[i][flags.label]}`);
        });
        if (flags.serve && server.consoleUrl) {
          io.out(
            `\nOpen the console at ${server.consoleUrl} and sign in with the API key ${server.adminKey}`,
          );
          io.out("Ctrl-C stops the server.");
          await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        }
        context.exit(0);
      } finally {
        await server.close();
      }
    });
