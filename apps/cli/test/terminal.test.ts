import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProgress } from "../src/index.js";
import { runInTerminal } from "./terminal.js";

const examples = new URL("../../../examples/", import.meta.url).pathname;
const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasScript)("parzen in a terminal", () => {
  it("lists every flag of a command with its default under --help", async () => {
    const { output, code } = await runInTerminal(["train", "--help"], { columns: 120 });
    expect(code).toBe(0);
    for (const flag of [
      "--data",
      "--label",
      "--strategy",
      "--trials",
      "--folds",
      "--resume",
      "--json",
      "--ensemble",
    ])
      expect(output).toContain(flag);
    expect(output).toMatch(/--trials <n>.*\(default: 1\)/);
    const strategy = output.slice(output.indexOf("--strategy"), output.indexOf("--trials"));
    expect(strategy.replace(/\s+/g, " ")).toContain(
      '(choices: "optuna", "tpe", "random", default: "optuna")',
    );
    expect(output).toMatch(/--seed <n>.*\(default: 42\)/);
  });

  it("suggests the nearest command and flag, exit code 2", async () => {
    const command = await runInTerminal(["trian"]);
    expect(command.code).toBe(2);
    expect(command.output).toMatch(/unknown command 'trian'\s+\(Did you mean train\?\)/);
    const flag = await runInTerminal(["train", "--data", "x.csv", "--label", "y", "--trails", "3"]);
    expect(flag.code).toBe(2);
    expect(flag.output).toMatch(/unknown option '--trails'\s+\(Did you mean --trials\?\)/);
  });

  it("stops on Ctrl-C with exit code 130, the bar cleared and a --resume hint", async () => {
    const journal = join(mkdtempSync(join(tmpdir(), "parzen-sigint-")), "run");
    const run = await runInTerminal(
      [
        "train",
        "--data",
        join(examples, "seattle_weather.csv"),
        "--label",
        "weather",
        "--models",
        "gbdt",
        "--trials",
        "200",
        "--workers",
        "1",
        "--resume",
        journal,
      ],
      { columns: 50, interact: { when: /█|░/, type: "\x03" } },
    );
    expect(run.code).toBe(130);
    expect(run.output).toContain(
      `parzen: interrupted. Run the same command again to resume from ${journal}.`,
    );
    // The message starts on a cleared line: log-update erased the bar (ESC[2K) just before it.
    const lastBar = run.output.lastIndexOf("░");
    const message = run.output.indexOf("parzen: interrupted");
    expect(run.output.slice(lastBar, message)).toContain("\u001b[2K");
  });
});

describe("the progress bar", () => {
  it("fits the terminal's width, shrinking the bar and cutting the message", () => {
    const state = {
      fraction: 0.5,
      message: "gbdt trial 3/20 on fold 2 of 5, a long message",
      best: 0.91,
      elapsedMs: 1234,
    };
    for (const columns of [30, 40, 60, 80, 120]) {
      const line = formatProgress(state, columns);
      expect(line.length).toBeLessThan(columns);
      expect(line).toContain(" 50%");
    }
    expect(formatProgress(state, 120)).toContain(state.message);
    expect(formatProgress(state, 40)).toMatch(/…/);
    expect(formatProgress(state, 120)).toMatch(/^█{12}░{12} /);
  });
});
