import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { frameFromRecords, TrainerInputError, train } from "../src/index.js";

const records = Array.from({ length: 60 }, (_, i) => ({
  x: i,
  z: (i * 7) % 11,
  a: i % 2 === 0 ? "p" : "q",
  b: (i * 5) % 3 === 0 ? "u" : "v",
}));
const data = frameFromRecords(records);
const options = { data, modelTypes: ["linear"], nTrials: 2, nSplits: 2, workers: 1 };

describe("a journal directory belongs to one run", () => {
  it("refuses a rerun with another label instead of replaying the earlier run", async () => {
    const journal = mkdtempSync(join(tmpdir(), "parzen-fingerprint-"));
    const first = await train({ ...options, task: { labelColumn: "a" }, journal });
    expect(existsSync(join(journal, "fingerprint.json"))).toBe(true);
    const trialsFile = join(journal, "trials.jsonl");
    const journaled = readFileSync(trialsFile, "utf8");

    const other = train({ ...options, task: { labelColumn: "b" }, journal });
    await expect(other).rejects.toBeInstanceOf(TrainerInputError);
    await expect(train({ ...options, task: { labelColumn: "b" }, journal })).rejects.toThrow(
      /belongs to another run/,
    );
    // The same request resumes: nothing is trained again, and the result is the first one's.
    const again = await train({ ...options, task: { labelColumn: "a" }, journal });
    expect(readFileSync(trialsFile, "utf8")).toBe(journaled);
    expect(again.leaderboard[0].cvScore).toBe(first.leaderboard[0].cvScore);
  });

  it("refuses a rerun on changed data", async () => {
    const journal = mkdtempSync(join(tmpdir(), "parzen-fingerprint-"));
    await train({ ...options, task: { labelColumn: "a" }, journal });
    const changed = frameFromRecords(records.map((r, i) => (i === 7 ? { ...r, x: 1000 } : r)));
    await expect(train({ ...options, data: changed, task: { labelColumn: "a" }, journal })).rejects.toThrow(
      /belongs to another run/,
    );
  });
});
