#!/usr/bin/env node
import { createInterface, type Interface } from "node:readline/promises";
import { INTERRUPTED, main } from "./main.js";

// Ctrl-C asks the running command to stop at its next safe point (it then prints how to resume and exits 130);
// a second Ctrl-C exits at once.
const controller = new AbortController();
process.on("SIGINT", () => {
  if (controller.signal.aborted) process.exit(INTERRUPTED);
  controller.abort(new Error("interrupted"));
});
const terminal = process.stderr.isTTY ? process.stderr : undefined;
// One reader for every question, opened on the first (so commands that never ask leave stdin alone).
let reader: Interface | undefined;
const ask = (question: string) => {
  reader ??= createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: Boolean(process.stdin.isTTY),
  });
  return reader.question(question);
};
const code = await main(
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(terminal),
    terminal,
    ask,
  },
  controller.signal,
);
reader?.close();
process.exitCode = code;
