import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ParzenClient } from "@parzen/client";

export interface Spawned {
  child: ChildProcess;
  /** The first stdout match of the pattern waited for. */
  match: RegExpMatchArray;
  output(): string;
}

const ENTRY = (file: string) => new URL(`../dist/${file}`, import.meta.url).pathname;

/** Starts `dist/<file>` in its own Node process and waits until its stdout matches `ready`. */
export function startProcess(
  file: "main.js" | "worker-main.js",
  env: Record<string, string>,
  ready: RegExp,
): Promise<Spawned> {
  const child = spawn(process.execPath, [ENTRY(file)], {
    env: { ...process.env, PARZEN_LOG: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    // Generous: CI runs every suite at once on two cores. A process that never got ready is killed, not left behind.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} did not start:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => output });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${code}):\n${output}`));
    });
  });
}

/** Kills the process with SIGKILL — no cleanup, as a crash or an OOM kill would — and waits until it is gone. */
export function kill(spawned: Spawned): Promise<void> {
  return new Promise((resolve) => {
    if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) return resolve();
    spawned.child.once("exit", () => resolve());
    spawned.child.kill("SIGKILL");
  });
}

/** A repeatable source of numbers in [0, 1) for test data (a linear congruential generator). */
export function seededRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** A regression data set with a nonlinear target, big enough that each trial takes a noticeable moment. */
export function syntheticCsv(rows: number, seed = 1): string {
  const rand = seededRandom(seed);
  const lines = ["x0,x1,x2,x3,x4,x5,y"];
  for (let i = 0; i < rows; i++) {
    const x = Array.from({ length: 6 }, rand);
    const y = Math.sin(6 * x[0]) + x[1] * x[2] + (x[3] > 0.5 ? 1 : 0) + 0.1 * rand();
    lines.push(`${x.map((v) => v.toFixed(4)).join(",")},${y.toFixed(4)}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `dist/main.js` on embedded defaults with its store and artifacts in `dir` (as `pnpm start` runs it, on a free
 * port), the admin key `apiKey`, and a client for it. `env` adds or overrides settings.
 */
export async function startServerProcess(
  dir: string,
  apiKey: string,
  env: Record<string, string> = {},
): Promise<{ process: Spawned; url: string; client: ParzenClient }> {
  const process = await startProcess(
    "main.js",
    {
      PORT: "0",
      PARZEN_DATA_DIR: join(dir, "data"),
      PARZEN_ARTIFACTS_DIR: join(dir, "artifacts"),
      PARZEN_API_KEY: apiKey,
      DATABASE_URL: "",
      REDIS_URL: "",
      ...env,
    },
    /listening on (http:\/\/\S+)/,
  );
  const url = process.match[1];
  return { process, url, client: new ParzenClient({ baseUrl: url, apiKey }) };
}
