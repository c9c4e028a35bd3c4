#!/usr/bin/env node
import { main } from "./main.js";

const controller = new AbortController();
process.once("SIGINT", () => controller.abort(new Error("interrupted")));
const code = await main(
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stderr.isTTY),
  },
  controller.signal,
);
process.exitCode = code;
