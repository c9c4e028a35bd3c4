import type { JobRunner } from "./runner.js";

/** Hands stored jobs to whatever runs them: this process's runner, or BullMQ workers anywhere. */
export interface JobQueue {
  /** Called after the job's row is committed, so a worker always finds what it is given. */
  enqueue(job: { id: string; kind: string }): Promise<void>;
  close(): Promise<void>;
  /** Stops this process's workers handing their running jobs back (for shutdown), then closes. */
  handBack?(): Promise<void>;
}

/** The embedded default: a runner in this process polls the store; enqueueing just wakes it. */
export class LocalQueue implements JobQueue {
  constructor(private readonly runner: JobRunner) {}

  async enqueue(): Promise<void> {
    this.runner.poke();
  }

  close(): Promise<void> {
    return this.runner.stop();
  }

  async handBack(): Promise<void> {
    await this.runner.handBack();
    await this.runner.stop();
  }
}
