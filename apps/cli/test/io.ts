import type { CommandIO } from "../src/index.js";

/** Captures what a command prints. */
export function captureIO(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), interactive: false };
}
