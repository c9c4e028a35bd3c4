import { spawn } from "node:child_process";

const BIN = new URL("../dist/bin.js", import.meta.url).pathname;

/** What a command printed on a terminal, and how it exited. */
export interface TerminalRun {
  output: string;
  code: number | null;
}

/**
 * Runs `parzen ...args` in a real pseudo-terminal of `columns` columns (util-linux `script`, which forwards our
 * input to the terminal, so "\x03" is a real Ctrl-C delivered by the line discipline). `interact` may type into it
 * once the output so far matches.
 */
export function runInTerminal(
  args: string[],
  options: { columns?: number; cwd?: string; interact?: { when: RegExp; type: string } } = {},
): Promise<TerminalRun> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const inner = `stty cols ${options.columns ?? 80} rows 24; exec ${quoted}`;
  const child = spawn("script", ["-qfec", inner, "/dev/null"], {
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, TERM: "xterm", FORCE_COLOR: "0" },
  });
  let output = "";
  let typed = false;
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (options.interact && !typed && options.interact.when.test(output)) {
      typed = true;
      child.stdin.write(options.interact.type);
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      child.stdin.destroy();
      resolve({ output, code });
    });
  });
}
