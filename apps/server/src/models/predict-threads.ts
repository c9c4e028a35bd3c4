import { Worker } from "node:worker_threads";
import { type Frame, type PredictionSet, TrainerInputError, workerScript } from "@parzen/trainer";

type Reply = { id: number; out?: Omit<PredictionSet, "raw">; error?: { name: string; message: string } };

/**
 * A few threads that predict large requests, so a 10,000-row prediction does not hold up every other request on the
 * event loop. Each thread loads a model file the first time it is asked for it and keeps it.
 */
export class PredictThreads {
  private readonly threads: { worker: Worker; busy: number; ids: Set<number> }[] = [];
  private readonly waiting = new Map<
    number,
    { resolve: (o: PredictionSet) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;

  constructor(private readonly size: number) {}

  predict(path: string, frame: Frame): Promise<PredictionSet> {
    const thread = this.thread();
    const id = this.nextId++;
    thread.busy++;
    thread.ids.add(id);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ id, path, columns: frame.columns });
    });
  }

  /** The least busy thread, starting one while there are fewer than `size`. */
  private thread() {
    const idle = this.threads.find((t) => t.busy === 0);
    if (idle || this.threads.length >= this.size)
      return idle ?? this.threads.reduce((a, b) => (b.busy < a.busy ? b : a));
    const worker = new Worker(workerScript(import.meta.url, "predict-thread.js"));
    const thread = { worker, busy: 0, ids: new Set<number>() };
    worker.on("message", (reply: Reply) => {
      thread.busy--;
      thread.ids.delete(reply.id);
      const pending = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.out) pending?.resolve({ ...reply.out, raw: new Float64Array(0) });
      else if (reply.error?.name === "TrainerInputError")
        pending?.reject(new TrainerInputError(reply.error.message));
      else pending?.reject(new Error(reply.error?.message ?? "The prediction failed."));
    });
    worker.on("error", (error) => {
      // A crashed thread fails what it held and is replaced on the next request.
      for (const id of thread.ids) this.waiting.get(id)?.reject(error);
      for (const id of thread.ids) this.waiting.delete(id);
      this.threads.splice(this.threads.indexOf(thread), 1);
    });
    worker.unref();
    this.threads.push(thread);
    return thread;
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
