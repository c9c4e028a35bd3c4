import { Command } from "commander";
import { type CommandFactory, UsageError } from "../command.js";
import { integer } from "../options.js";

/** `parzen worker`: runs Parzen jobs from BullMQ on this machine until interrupted. */
export const workerCommand: CommandFactory = ({ io, signal, exit }) =>
  new Command("worker")
    .summary(
      "Run jobs from the shared queue (needs DATABASE_URL and REDIS_URL); scale out with more of these.",
    )
    .option("--concurrency <n>", "jobs run at once (default: PARZEN_WORKERS, else 1)", integer(1))
    .action(async (flags: { concurrency?: number }) => {
      const { configFromEnv, startWorker } = await import("@parzen/server");
      const config = configFromEnv();
      if (flags.concurrency !== undefined) config.concurrency = flags.concurrency;
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
      exit(0);
    });
