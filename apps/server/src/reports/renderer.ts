import { Worker } from "node:worker_threads";
import { workerScript } from "@parzen/trainer";

type Reply = { id: number; svgs?: string[]; error?: string };

let thread: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (svgs: string[]) => void; reject: (e: Error) => void }>();

/** The render thread, started on first use; it does not keep the process alive, and a crashed one is replaced. */
function renderThread(): Worker {
  if (thread) return thread;
  const worker = new Worker(workerScript(import.meta.url, "render-thread.js"));
  worker.on("message", (reply: Reply) => {
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.svgs) pending?.resolve(reply.svgs);
    else pending?.reject(new Error(`A report chart could not be drawn: ${reply.error}`));
  });
  worker.on("error", (error) => {
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
    thread = undefined;
  });
  worker.unref();
  thread = worker;
  return worker;
}

/** Draws Vega-Lite specs as SVG strings, in order, on the render thread. */
export function renderCharts(specs: Record<string, unknown>[]): Promise<string[]> {
  if (specs.length === 0) return Promise.resolve([]);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    renderThread().postMessage({ id, specs });
  });
}
