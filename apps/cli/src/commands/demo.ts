import { fileURLToPath } from "node:url";
import { createClient } from "@parzen/client";
import { startServer } from "@parzen/server";
import { readFrame } from "@parzen/trainer";
import type { Command } from "../command.js";
import { jobProgressBar, printJobLeaderboard } from "../job-leaderboard.js";

const EXAMPLE = fileURLToPath(new URL("../../../../examples/penguins.csv", import.meta.url));

/** `parzen demo`: the README's main job — a server on embedded defaults, driven through the typed client. */
export const demoCommand: Command = {
  name: "demo",
  summary:
    "Start a server on embedded defaults, upload the penguins example, train through the API, predict.",
  options: { data: { type: "string" }, label: { type: "string" } },
  async run({ values, io, signal }) {
    const dataPath = (values.data as string | undefined) ?? EXAMPLE;
    const label = (values.label as string | undefined) ?? "Species";
    const server = await startServer({ port: 0 });
    try {
      io.out(`Started a Parzen server on ${server.url} (embedded PostgreSQL, in-process job queue)`);
      const client = createClient({ baseUrl: server.url, apiKey: server.adminKey });
      const health = await client.health({ signal });
      io.out(`GET /v1/health -> ${health.status} (server ${health.version})`);

      const file = await client.files.upload(dataPath, { signal });
      io.out(
        `Uploaded ${file.name}: ${file.file_size} bytes, ${file.mime_type}, sha256 ${file.sha256?.slice(0, 12)}…`,
      );
      const dataset = await client.datasets.create({ name: file.name, file_id: file.id }, { signal });
      io.out(
        `Dataset ${dataset.id}: ${dataset.record_count} rows (version ${dataset.current_version_no}, stored as Parquet)`,
      );

      const accepted = await client.trainer.run(
        { dataset_id: dataset.id, task: { label_column: label }, n_splits: 5 },
        { signal },
      );
      io.out(`POST /v1/trainer/run -> 202, job ${accepted.job_id}\n`);
      const draw = jobProgressBar((t) => process.stderr.write(t), io.interactive);
      let job = await client.jobs.retrieve(accepted.job_id, { signal });
      for await (const update of client.jobs.stream(accepted.job_id, { signal })) {
        job = update;
        draw(job);
      }
      if (job.status !== "completed") {
        io.err(`The job ended ${job.status}: ${job.error?.message ?? ""}`);
        return 1;
      }
      printJobLeaderboard(job, io);

      const data = await readFrame(dataPath);
      const rows = [0, 150, 300].filter((r) => r < data.nRows);
      const records = rows.map((r) => Object.fromEntries(data.names.map((n) => [n, data.value(n, r)])));
      const modelId = String(job.result?.model_id);
      const predicted = await client.models.predict(modelId, records, { signal });
      io.out(`\nPOST /v1/models/${modelId}/predict for three rows:`);
      predicted.predictions.forEach((p, i) => {
        const probability = predicted.probabilities
          ? ` (p=${Math.max(...predicted.probabilities[i]).toFixed(3)})`
          : "";
        io.out(`  row ${rows[i] + 1}: predicted ${p}${probability}, actual ${records[i][label]}`);
      });
      return 0;
    } finally {
      await server.close();
    }
  },
};
