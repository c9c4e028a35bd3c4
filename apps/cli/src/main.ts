import { parseArgs } from "node:util";
import { APIError, ParzenError } from "@parzen/client";
import { TrainerInputError, TrainingCancelledError } from "@parzen/trainer";
import { type Command, type CommandIO, UsageError } from "./command.js";
import { demoCommand } from "./commands/demo.js";
import { distillCommand } from "./commands/distill.js";
import { exportCommand } from "./commands/export.js";
import { healthCommand } from "./commands/health.js";
import { predictCommand } from "./commands/predict.js";
import { trainCommand } from "./commands/train.js";
import { workerCommand } from "./commands/worker.js";

export const commands: Command[] = [
  trainCommand,
  predictCommand,
  exportCommand,
  distillCommand,
  demoCommand,
  healthCommand,
  workerCommand,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "Usage: parzen <command> [options]",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join("\n");
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CommandIO, signal: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`parzen: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(", ")}.`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
    });
    return await command.run({ values, positionals, io, signal });
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`parzen ${name}: ${(error as Error).message}`);
      return 2;
    }
    if (error instanceof APIError) {
      io.err(
        `parzen ${name}: ${error.message} (HTTP ${error.status} ${error.code}, request ${error.requestId})`,
      );
      return 1;
    }
    if (error instanceof TrainerInputError || error instanceof TrainingCancelledError) {
      io.err(`parzen ${name}: ${error.message}`);
      return 1;
    }
    if (error instanceof ParzenError) {
      io.err(`parzen ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
