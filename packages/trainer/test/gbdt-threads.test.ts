import { describe, expect, it } from "vitest";
import { getFamily } from "../src/index.js";
import { synthetic } from "./synthetic.js";

describe("gbdt histogram threads", () => {
  it("builds the same model with helper threads as on one thread", () => {
    const gbdt = getFamily("gbdt");
    const data = synthetic(60_000, 6, (x, rng) =>
      x[0] * x[1] + 0.3 * x[2] + 0.2 * rng.normal() > 0 ? 1 : 0,
    );
    const fit = (threads: number) =>
      gbdt.fit({
        ...data,
        kind: "binary",
        nClasses: 2,
        params: { n_estimators: 15, n_threads: threads },
        seed: 4,
      });
    const one = fit(1).predict(data.x);
    const two = fit(2).predict(data.x);
    let worst = 0;
    for (let i = 0; i < one.length; i++) worst = Math.max(worst, Math.abs(one[i] - two[i]));
    // Only the order of floating-point sums differs between the two.
    expect(worst).toBeLessThan(1e-9);
  });
});
