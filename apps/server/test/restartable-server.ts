import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { http } from "./agents-http.js";
import { kill, type Spawned, startServerProcess } from "./processes.js";

/**
 * Starts `dist/main.js` processes on embedded defaults that share one data directory, so that a server started after
 * another was killed finds its work; a short lease lets a dead server's jobs move on quickly. Every process is killed
 * and the directory removed after the calling file's tests.
 */
export function restartableServers(name: string, key: string) {
  let dir: string | undefined;
  const running: Spawned[] = [];
  afterAll(async () => {
    await Promise.all(running.map(kill));
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return async function server() {
    dir ??= await mkdtemp(join(tmpdir(), `parzen-${name}-`));
    const started = await startServerProcess(dir, key, {
      PARZEN_JOB_LEASE_MS: "2000",
      PARZEN_TRIAL_WORKERS: "1",
    });
    running.push(started.process);
    return { process: started.process, call: http(started.url, key) };
  };
}
