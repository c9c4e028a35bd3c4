import { describe, expect, it } from "vitest";
import { awaitStarted, STARTUP_MS } from "../src/util/await-started.js";

describe("awaitStarted", () => {
  it("returns once the expected threads have reported", () => {
    const control = new Int32Array(new SharedArrayBuffer(8));
    Atomics.store(control, 1, 2);
    expect(() => awaitStarted(control, 1, 2, performance.now(), "pool")).not.toThrow();
  });

  it("gives up, naming how many never started, once the start-up time has passed", () => {
    const control = new Int32Array(new SharedArrayBuffer(8));
    Atomics.store(control, 1, 1);
    const longAgo = performance.now() - STARTUP_MS - 1;
    expect(() => awaitStarted(control, 1, 3, longAgo, "gbdt histogram pool")).toThrow(
      "gbdt histogram pool: 2 of 3 threads did not start within 60 s.",
    );
  });
});
