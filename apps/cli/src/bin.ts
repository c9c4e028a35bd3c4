#!/usr/bin/env node
import { INTERRUPTED, main } from "./main.js";

// Ctrl-C asks the running command to stop at its next safe point (it then prints how to resume and exits 130);
// a second Ctrl-C exits at once.
const controller = new AbortController();
process.on("SIGINT", () => {
  if (controller.signal.aborted) process.exit(INTERRUPTED);
  controller.abort(new Error("interrupted"));
});
const terminal = process.stderr.isTTY ? process.stderr : undefined;
const code = await main(
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(terminal),
    terminal,
  },
  controller.signal,
);
process.exitCode = code;
