import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/** How much lower than the event loop's thread background threads run (a Linux nice value, 0..19). */
const BACKGROUND_NICE = 10;

/**
 * Lowers the CPU priority of the calling worker thread — and of the threads it starts, which inherit it — so that
 * on a busy machine the kernel runs the event loop's thread first: requests stay quick while a job trains, and the
 * job still gets every cycle the requests leave. Linux only (a thread's id names it to `setpriority`); elsewhere,
 * or where it is not allowed, nothing changes.
 */
export function runInBackground(): void {
  if (process.platform !== "linux") return;
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (threadId > 0 && threadId !== process.pid) setPriority(threadId, BACKGROUND_NICE);
  } catch {
    // Without /proc or the right to renice, the thread keeps the normal priority.
  }
}
