import type { TrainerRunResult } from "@parzen/client";
import type { CommandIO } from "./command.js";
import { formatTable } from "./table.js";

/** Prints a finished `trainer.run` job's leaderboard as the server reported it. */
export function printJobLeaderboard(result: TrainerRunResult, io: CommandIO): void {
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
        String(e.trials ?? 1),
        (e.fit_seconds ?? 0).toFixed(2),
      ]),
    ),
  );
  io.out(
    `\nBest: ${result.best_trial}, refitted on all rows as model ${result.model_id} (${(result.seconds ?? 0).toFixed(1)}s).`,
  );
}
