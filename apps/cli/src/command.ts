import type { Command } from "commander";

/** Where a command writes; tests capture it, the binary sends it to stdout/stderr. */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  interactive: boolean;
  /** The terminal stream progress bars draw on (stderr); absent when not interactive. */
  terminal?: NodeJS.WriteStream;
  /** Asks a question and reads one line of answer (a terminal, or answers piped to stdin); absent: nobody to ask. */
  ask?(question: string): Promise<string>;
}

/** What every command's action gets besides its options. */
export interface CommandContext {
  io: CommandIO;
  /** Fires on Ctrl-C: commands stop at the next safe point. */
  signal: AbortSignal;
  /** The command's exit code, set by its action. */
  exit(code: number): void;
  /** A sentence telling how to pick up an interrupted run (printed on Ctrl-C), set by commands that can resume. */
  resumeHint?: string;
  /** Clears what the command draws (its progress bar) before the interruption message; set by the command. */
  onInterrupt?: () => void;
}

/** One `parzen <name>` sub-command: builds its commander `Command` (flags, defaults, help) around its action. */
export type CommandFactory = (context: CommandContext) => Command;

/** A user mistake on the command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
