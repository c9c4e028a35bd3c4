import type { Job } from "@parzen/client";
import type { CommandIO } from "./command.js";
import { formatTable } from "./table.js";

interface JobLeaderboardEntry {
  model_type: string;
  cv_score: number;
  fold_scores: number[];
  trials: number;
  fit_seconds: number;
}

interface TrainerJobResult {
  task: { kind: string; label_column: string };
  metric: string;
  higher_is_better: boolean;
  leaderboard: JobLeaderboardEntry[];
  best_trial: string;
  model_id: string;
  n_rows: number;
  seconds: number;
}

/** Prints a finished `trainer.run` job's leaderboard as the server reported it. */
export function printJobLeaderboard(job: Job, io: CommandIO): void {
  const result = job.result as unknown as TrainerJobResult;
  const direction = result.higher_is_better ? "higher is better" : "lower is better";
  io.out(`Task: ${result.task.kind}; label "${result.task.label_column}"; ${result.n_rows} rows.`);
  io.out(`\nLeaderboard — ${result.metric} over out-of-fold predictions (${direction}):\n`);
  io.out(
    formatTable(
      ["rank", "model", result.metric, "folds", "trials", "fit s"],
      result.leaderboard.map((e, i) => [
        String(i + 1),
        e.model_type,
        e.cv_score.toFixed(5),
        String(e.fold_scores.length),
        String(e.trials),
        e.fit_seconds.toFixed(2),
      ]),
    ),
  );
  io.out(
    `\nBest: ${result.best_trial}, refitted on all rows as model ${result.model_id} (${result.seconds.toFixed(1)}s).`,
  );
}

/** Draws a job's progress on a terminal's stderr; prints nothing when not interactive. */
export function jobProgressBar(write: (text: string) => void, interactive: boolean): (job: Job) => void {
  if (!interactive) return () => {};
  return (job) => {
    const p = job.progress as { fraction?: number; message?: string; best_score?: number | null };
    const width = 24;
    const fraction = p.fraction ?? 0;
    const filled = Math.round(fraction * width);
    const best = p.best_score == null ? "" : `  best ${p.best_score.toFixed(5)}`;
    write(
      `\r\x1b[2K${"█".repeat(filled)}${"░".repeat(width - filled)} ${Math.round(fraction * 100)}%  ${p.message ?? job.status}${best}`,
    );
    if (job.status !== "pending" && job.status !== "running") write("\n");
  };
}
