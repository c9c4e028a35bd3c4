import { Worker } from "node:worker_threads";
import { workerScript } from "@parzen/trainer";
import { AgentFailure } from "./definition.js";

/**
 * Runs one of `threads/` with `input` and resolves with the first message it posts. The thread is stopped when
 * `signal` fires (the execution was cancelled) and whenever this returns.
 */
export async function runThread<R>(script: string, input: unknown, signal: AbortSignal): Promise<R> {
  signal.throwIfAborted();
  const worker = new Worker(workerScript(import.meta.url, `threads/${script}`), { workerData: input });
  try {
    return await new Promise<R>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", (error) => reject(new AgentFailure("runtime_error", error.message)));
      worker.once("exit", (code) =>
        reject(new AgentFailure("runtime_error", `The ${script} thread exited (${code}) without an answer.`)),
      );
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  } finally {
    await worker.terminate();
  }
}
