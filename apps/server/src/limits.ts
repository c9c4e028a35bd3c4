/**
 * The bounds on work a single request may ask for. Each has an environment variable; a request past one is a 400
 * whose message names the bound (`max_json_depth`, …), so a client knows which limit it met.
 */
export interface Limits {
  /** Deepest nesting of arrays and objects in a JSON body or an ingested JSON data file. */
  maxJsonDepth: number;
  /** Deepest nesting of a trainer filter (`and` / `or` / `not`). */
  maxFilterDepth: number;
  /** Most weight vectors a Pareto `grid_size` may produce. */
  maxGridPoints: number;
  /** Most trials one trainer job may run (trials per family × families). */
  maxTrialsPerJob: number;
  /** Most cells (rows × columns) in one dataset version. */
  maxDatasetCells: number;
  /** How long a stopping server waits for running requests before it closes their connections. */
  shutdownGraceMs: number;
}

/** The bounds used when no environment variable says otherwise. */
export const DEFAULT_LIMITS: Limits = {
  maxJsonDepth: 128,
  maxFilterDepth: 32,
  maxGridPoints: 10_000,
  maxTrialsPerJob: 2_000,
  maxDatasetCells: 200_000_000,
  shutdownGraceMs: 10_000,
};

/** Each bound's environment variable, for `docs/server.md` and `limitsFromEnv`. */
export const LIMIT_ENV: Record<keyof Limits, string> = {
  maxJsonDepth: "PARZEN_MAX_JSON_DEPTH",
  maxFilterDepth: "PARZEN_MAX_FILTER_DEPTH",
  maxGridPoints: "PARZEN_MAX_GRID_POINTS",
  maxTrialsPerJob: "PARZEN_MAX_TRIALS_PER_JOB",
  maxDatasetCells: "PARZEN_MAX_DATASET_CELLS",
  shutdownGraceMs: "PARZEN_SHUTDOWN_GRACE_MS",
};

/** The bounds from the environment, each a positive integer, with the defaults for those not set. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [field, name] of Object.entries(LIMIT_ENV) as [keyof Limits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`${name} must be a positive integer, got "${raw}".`);
    limits[field] = value;
  }
  return limits;
}
