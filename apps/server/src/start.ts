import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { startDecisionTimer } from "./agentic/decisions.js";
import { type AppOptions, buildApp } from "./app.js";
import { bootstrapAdmin } from "./auth/keys.js";
import { BlobStore } from "./blobs/blob-store.js";
import type { ServerContext } from "./context.js";
import { UploadSigner } from "./files/signing.js";
import { type JobWorkersOptions, startJobs } from "./jobs/workers.js";
import { DEFAULT_LIMITS, type Limits } from "./limits.js";
import { chatModel, type LlmConfig } from "./llm/index.js";
import { PredictThreads } from "./models/predict-threads.js";
import { PredictorCache } from "./models/predictor-cache.js";
import type { Database } from "./store/database.js";
import { openStore, type StoreOptions } from "./store/open.js";
import { serverSecret } from "./store/secrets.js";

export interface RunningServer {
  app: FastifyInstance;
  /** Root URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Where the web console is served (`<url>/`), when the server has one. */
  consoleUrl?: string;
  db: Database;
  context: ServerContext;
  /** The admin key created on first start of a new store (shown once), unless one was given. */
  adminKey?: string;
  close(): Promise<void>;
  /**
   * Stops gracefully: no new connections, running requests get up to `graceMs` (then their connections are
   * closed), running jobs are handed back to the queue (leases released), then the stores close.
   */
  shutdown(graceMs?: number): Promise<void>;
}

export interface StartOptions
  extends Omit<AppOptions, "context">,
    StoreOptions,
    Omit<JobWorkersOptions, "db" | "blobs"> {
  host?: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Use this store instead of opening one. */
  db?: Database;
  /** Admin API key for a new store (e.g. `PARZEN_API_KEY`); generated when absent. */
  apiKey?: string;
  /** Where uploads, dataset versions and models are kept; a temporary directory (removed on close) when absent. */
  artifactsDir?: string;
  /** Largest upload in bytes. Default 1 GiB. */
  uploadLimit?: number;
  /** Where clients reach this server (behind a proxy: its public origin), for signed URLs. */
  publicUrl?: string;
  /** Bounds on the work one request may ask for; `DEFAULT_LIMITS` for those not given. */
  limits?: Partial<Limits>;
  /** An OpenAI-compatible language model for assistants to phrase answers with (optional). */
  llm?: LlmConfig;
}

/**
 * Opens the store (PostgreSQL with `databaseUrl`, else embedded), the artifact directory and the job queue
 * (BullMQ with `redisUrl`, else in-process), bootstraps the admin key, and listens.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const db = options.db ?? (await openStore(options));
  const scratch = options.artifactsDir ? undefined : await mkdtemp(join(tmpdir(), "parzen-artifacts-"));
  const blobs = new BlobStore(options.artifactsDir ?? (scratch as string));
  const { key } = await bootstrapAdmin(db, options.apiKey);
  const queue = await startJobs({ ...options, db, blobs });
  const context: ServerContext = {
    db,
    blobs,
    queue,
    signer: new UploadSigner(await serverSecret(db, "upload-url")),
    predictors: new PredictorCache(blobs),
    predictThreads: new PredictThreads(2),
    uploadLimit: options.uploadLimit ?? 1024 ** 3,
    allowPrivateTeacherUrls: options.allowPrivateTeacherUrls ?? false,
    allowedPrivateOrigins: options.allowedPrivateOrigins ?? [],
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    publicUrl: options.publicUrl,
    llm: options.llm && chatModel(options.llm),
  };
  const app = await buildApp({ ...options, context });
  const decisionTimer = startDecisionTimer(db);
  await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 8080 });
  const { port } = app.server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  const url = `http://${host}:${port}`;
  /** Stops accepting, lets requests in flight finish for up to `graceMs`, then cuts the connections left. */
  const closeHttp = async (graceMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      app.close(),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          app.server.closeAllConnections();
          resolve();
        }, graceMs);
      }),
    ]);
    clearTimeout(timer);
  };
  return {
    app,
    url,
    consoleUrl: app.hasRoute({ method: "GET", url: "/*" }) ? `${url}/` : undefined,
    db,
    context,
    adminKey: key,
    async shutdown(graceMs = context.limits.shutdownGraceMs) {
      decisionTimer.stop();
      await closeHttp(graceMs);
      await (queue.handBack ? queue.handBack() : queue.close());
      await context.predictThreads.close();
      if (!options.db) await db.close();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    },
    async close() {
      decisionTimer.stop();
      // Bounded like a shutdown: a client that never finishes its request must not hold the close forever.
      await closeHttp(context.limits.shutdownGraceMs);
      await queue.close();
      await context.predictThreads.close();
      if (!options.db) await db.close();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    },
  };
}
