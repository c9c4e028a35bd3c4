import type { ParseArgsConfig } from "node:util";

/** Where a command writes; tests capture it, the binary sends it to stdout/stderr. */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  interactive: boolean;
}

export interface CommandContext {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  io: CommandIO;
  signal: AbortSignal;
}

/** One `parzen <name>` sub-command. */
export interface Command {
  name: string;
  summary: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(context: CommandContext): Promise<number>;
}

/** A user mistake on the command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
