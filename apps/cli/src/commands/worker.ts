import { configFromEnv, startWorker } from "@parzen/server";
import { type Command, UsageError } from "../command.js";

/** `parzen worker`: runs Parzen jobs from BullMQ on this machine until interrupted. */
export const workerCommand: Command = {
  name: "worker",
  summary: "Run jobs from the shared queue (needs DATABASE_URL and REDIS_URL); scale out with more of these.",
  options: { concurrency: { type: "string" } },
  async run({ values, io, signal }) {
    const config = configFromEnv();
    if (values.concurrency !== undefined) config.concurrency = Number(values.concurrency);
    if (!config.databaseUrl || !config.redisUrl) {
      throw new UsageError(
        "set DATABASE_URL (PostgreSQL) and REDIS_URL (Redis) shared with the servers; the embedded store serves one process only.",
      );
    }
    const worker = await startWorker(config);
    io.out(
      `Parzen worker ${worker.workerId} waiting for jobs (Ctrl-C stops it after its running jobs finish).`,
    );
    await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    await worker.close();
    return 0;
  },
};
