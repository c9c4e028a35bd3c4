import { createLogUpdate } from "log-update";

/** What one progress line shows. */
export interface ProgressState {
  /** From 0 to 1. */
  fraction: number;
  message: string;
  best?: number | null;
  elapsedMs?: number;
}

/** A progress line on a terminal: redrawn in place, never wider than the terminal, cleared on demand. */
export interface ProgressLine {
  update(state: ProgressState): void;
  /** Removes the line (on Ctrl-C, before printing anything else). */
  clear(): void;
  /** Keeps the last line and moves below it. */
  done(): void;
}

const SILENT: ProgressLine = { update() {}, clear() {}, done() {} };

/** Fits a progress line into `columns`: the bar shrinks first, then the message is cut with an ellipsis. */
export function formatProgress(state: ProgressState, columns: number): string {
  const fraction = Math.min(1, Math.max(0, state.fraction));
  const percent = `${String(Math.round(fraction * 100)).padStart(3)}%`;
  const best = state.best == null ? "" : `  best ${state.best.toFixed(5)}`;
  const seconds = state.elapsedMs === undefined ? "" : `  ${(state.elapsedMs / 1000).toFixed(1)}s`;
  const tail = `${best}${seconds}`;
  const room = columns - 1;
  const barWidth = Math.max(0, Math.min(24, room - percent.length - tail.length - 12));
  const filled = Math.round(fraction * barWidth);
  const bar = barWidth > 0 ? `${"█".repeat(filled)}${"░".repeat(barWidth - filled)} ` : "";
  const head = `${bar}${percent}  `;
  let message = state.message;
  const left = room - head.length - tail.length;
  if (message.length > left) message = left > 1 ? `${message.slice(0, left - 1)}…` : "";
  return `${head}${message}${tail}`.slice(0, room);
}

/** A progress line on `terminal` (stderr), or one that prints nothing when the output is not a terminal. */
export function progressLine(terminal: NodeJS.WriteStream | undefined): ProgressLine {
  if (!terminal) return SILENT;
  const draw = createLogUpdate(terminal);
  return {
    update: (state) => draw(formatProgress(state, terminal.columns || 80)),
    clear: () => draw.clear(),
    done: () => draw.done(),
  };
}
