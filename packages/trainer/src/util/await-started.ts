/**
 * How long helper threads may take to start. One that cannot load never reports, and a caller blocked in
 * Atomics.wait cannot hear its error event, so the caller gives up after this long instead of waiting for ever.
 */
export const STARTUP_MS = 60_000;

/**
 * Blocks until `control[index]` counts `expected` started threads (each adds 1 and notifies once it runs),
 * throwing if they have not all started `STARTUP_MS` after `since` (a `performance.now()` time).
 */
export function awaitStarted(
  control: Int32Array,
  index: number,
  expected: number,
  since: number,
  what: string,
) {
  for (;;) {
    const started = Atomics.load(control, index);
    if (started >= expected) return;
    const left = since + STARTUP_MS - performance.now();
    if (left <= 0) {
      throw new Error(
        `${what}: ${expected - started} of ${expected} threads did not start within ${STARTUP_MS / 1000} s.`,
      );
    }
    Atomics.wait(control, index, started, Math.min(left, 1000));
  }
}
