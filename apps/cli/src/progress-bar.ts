import type { ProgressEvent } from "@parzen/trainer";

/** Draws a one-line progress bar on a terminal's stderr; prints nothing when not interactive. */
export function progressBar(
  write: (text: string) => void,
  interactive: boolean,
): (event: ProgressEvent) => void {
  if (!interactive) return () => {};
  return (event) => {
    const width = 24;
    const fraction = event.totalSteps > 0 ? Math.min(1, event.step / event.totalSteps) : 0;
    const filled = Math.round(fraction * width);
    const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
    const best = event.bestScore === undefined ? "" : `  best ${event.bestScore.toFixed(5)}`;
    const seconds = (event.elapsedMs / 1000).toFixed(1);
    write(`\r\x1b[2K${bar} ${Math.round(fraction * 100)}%  ${event.message}${best}  ${seconds}s`);
    if (event.phase === "done") write("\n");
  };
}
