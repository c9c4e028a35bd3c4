import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, beforeAll } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { temporaryPostgres } from "./databases.js";

const REDIS_URL = process.env.PARZEN_TEST_REDIS ?? "redis://127.0.0.1:6379";

/**
 * A server on a fresh PostgreSQL database and on BullMQ under a key prefix of its own, running jobs on this process's
 * own BullMQ worker; closed, and its queues obliterated, after the calling file's tests.
 */
export function bullmqServer(options: { concurrency: number }) {
  const prefix = `parzen-test-${randomUUID().slice(0, 8)}`;
  const postgres = temporaryPostgres();
  const cluster = { prefix, server: undefined as unknown as RunningServer };
  beforeAll(async () => {
    cluster.server = await startServer({
      port: 0,
      databaseUrl: postgres.url,
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      concurrency: options.concurrency,
      trialWorkers: 1,
    });
  });
  afterAll(async () => {
    await cluster.server?.close();
    for (const name of ["parzen-jobs", "parzen-trials"]) {
      const queue = new Queue(name, { connection: { url: REDIS_URL }, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
  return cluster;
}

/** Records the ids of the jobs BullMQ's workers complete on each named queue, from the moment it resolves. */
export async function completedJobs(prefix: string, names: string[]) {
  const completed: Record<string, string[]> = Object.fromEntries(names.map((name) => [name, []]));
  const listeners = names.map((name) => {
    const events = new QueueEvents(name, { connection: { url: REDIS_URL }, prefix });
    events.on("completed", ({ jobId }) => completed[name].push(jobId));
    return events;
  });
  await Promise.all(listeners.map((l) => l.waitUntilReady()));
  return { completed, close: () => Promise.all(listeners.map((l) => l.close())) };
}
