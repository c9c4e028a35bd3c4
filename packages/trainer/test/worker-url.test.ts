import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { workerScript } from "../src/util/worker-url.js";

describe("workerScript", () => {
  const caller = new URL("../src/models/gbdt/histogram-pool.ts", import.meta.url);

  it("takes a source module's worker from the build", () => {
    const url = workerScript(caller.href, "histogram-worker.js");
    expect(fileURLToPath(url)).toMatch(/\/dist\/models\/gbdt\/histogram-worker\.js$/);
    expect(existsSync(url)).toBe(true);
  });

  it("names the missing script rather than handing back a worker that would never start", () => {
    expect(() => workerScript(caller.href, "no-such-worker.js")).toThrow(
      /dist\/models\/gbdt\/no-such-worker\.js does not exist: build the package/,
    );
  });
});
