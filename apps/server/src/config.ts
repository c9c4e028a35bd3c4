import { limitsFromEnv } from "./limits.js";
import { llmConfigFromEnv } from "./llm/index.js";
import { allowedOriginsFromEnv } from "./outbound/address-policy.js";
import type { StartOptions } from "./start.js";

function number(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got "${raw}".`);
  return value;
}

/**
 * Server and worker settings from the environment. Embedded defaults: PGlite in `.parzen/data`, artifacts in
 * `.parzen/artifacts`, jobs in this process. `DATABASE_URL` selects PostgreSQL, `REDIS_URL` selects BullMQ.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): StartOptions {
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    host: env.HOST ?? "127.0.0.1",
    port: number(env, "PORT") ?? 8080,
    logger: env.PARZEN_LOG !== "off",
    databaseUrl,
    dataDir: databaseUrl ? undefined : (env.PARZEN_DATA_DIR ?? ".parzen/data"),
    artifactsDir: env.PARZEN_ARTIFACTS_DIR ?? ".parzen/artifacts",
    apiKey: env.PARZEN_API_KEY || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.PARZEN_REDIS_PREFIX || undefined,
    concurrency: number(env, "PARZEN_WORKERS"),
    trialWorkers: number(env, "PARZEN_TRIAL_WORKERS"),
    trialFanout: number(env, "PARZEN_TRIAL_FANOUT"),
    leaseMs: number(env, "PARZEN_JOB_LEASE_MS"),
    uploadLimit: number(env, "PARZEN_UPLOAD_LIMIT"),
    allowPrivateTeacherUrls: ["1", "true", "yes"].includes(
      String(env.PARZEN_ALLOW_PRIVATE_TEACHER_URLS).toLowerCase(),
    ),
    allowedPrivateOrigins: allowedOriginsFromEnv(env),
    limits: limitsFromEnv(env),
    publicUrl: env.PARZEN_PUBLIC_URL || undefined,
    llm: llmConfigFromEnv(env),
    consoleDir: env.PARZEN_CONSOLE === "off" ? false : env.PARZEN_CONSOLE_DIR || undefined,
  };
}
