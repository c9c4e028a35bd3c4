import { APIError, APIUserAbortError, ParzenError } from "@parzen/client";
import { TrainerInputError, TrainingCancelledError } from "@parzen/trainer";
import { Command, CommanderError } from "commander";
import { type CommandContext, type CommandFactory, type CommandIO, UsageError } from "./command.js";
import { demoCommand } from "./commands/demo.js";
import { distillCommand } from "./commands/distill.js";
import { exportCommand } from "./commands/export.js";
import { healthCommand } from "./commands/health.js";
import { pipelineCommand } from "./commands/pipeline.js";
import { predictCommand } from "./commands/predict.js";
import { runCommand } from "./commands/run.js";
import { trainCommand } from "./commands/train.js";
import { workerCommand } from "./commands/worker.js";

/** Every `parzen` sub-command, one file each under `commands/`; a new command adds its line here. */
export const commands: CommandFactory[] = [
  trainCommand,
  predictCommand,
  exportCommand,
  distillCommand,
  demoCommand,
  healthCommand,
  workerCommand,
  pipelineCommand,
  runCommand,
];

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = 130;

/** The `parzen` program: its sub-commands, with help, nearest-match suggestions and errors sent to `io`. */
export function program(context: CommandContext): Command {
  const root = new Command("parzen")
    .description("Train, predict and talk to a Parzen server from the shell.")
    .usage("<command> [options]")
    .showSuggestionAfterError(true)
    .showHelpAfterError("(add --help for every command, option and default)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.out(text.replace(/\n$/, "")),
      writeErr: (text) => context.io.err(text.replace(/\n$/, "")),
    });
  // Each sub-command reports its errors the same way: through `io`, with suggestions, without exiting the process.
  for (const make of commands) root.addCommand(make(context).copyInheritedSettings(root));
  return root;
}

function interrupted(context: CommandContext): number {
  context.onInterrupt?.();
  context.io.err(`parzen: interrupted.${context.resumeHint ? ` ${context.resumeHint}` : ""}`);
  return INTERRUPTED;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CommandIO, signal: AbortSignal): Promise<number> {
  let code = 0;
  const context: CommandContext = { io, signal, exit: (c) => (code = c) };
  const root = program(context);
  if (argv.length === 0) {
    io.err(root.helpInformation().replace(/\n$/, ""));
    return 2;
  }
  const name = argv[0];
  try {
    await root.parseAsync(argv, { from: "user" });
    return signal.aborted ? interrupted(context) : code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are answers, not errors; everything else commander reports is a usage mistake.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (signal.aborted && (error instanceof TrainingCancelledError || error instanceof APIUserAbortError))
      return interrupted(context);
    if (signal.aborted) return interrupted(context);
    if (error instanceof UsageError) {
      io.err(`parzen ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof APIError) {
      io.err(
        `parzen ${name}: ${error.message} (HTTP ${error.status} ${error.code}, request ${error.requestId})`,
      );
      return 1;
    }
    if (
      error instanceof TrainerInputError ||
      error instanceof TrainingCancelledError ||
      error instanceof ParzenError
    ) {
      io.err(`parzen ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
