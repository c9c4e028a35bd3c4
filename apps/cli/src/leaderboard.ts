import type { TrainResult } from "@parzen/trainer";
import type { CommandIO } from "./command.js";
import { formatTable } from "./table.js";

/** Prints the task, the ranked models with their CV scores, and the winner. */
export function printLeaderboard(result: TrainResult, io: CommandIO): void {
  const inferred = result.task.inferred ? ` (inferred: ${result.task.reason})` : "";
  io.out(`Task: ${result.task.kind}${inferred}; label "${result.task.labelColumn}"; ${result.nRows} rows.`);
  if (result.modelTypesReason !== "given")
    io.out(`Models: ${result.modelTypes.join(", ")} (${result.modelTypesReason}).`);
  const direction = result.higherIsBetter ? "higher is better" : "lower is better";
  io.out(`\nLeaderboard — ${result.metric} over out-of-fold predictions (${direction}):\n`);
  io.out(
    formatTable(
      ["rank", "model", result.metric, "fold mean ± sd", "trials", "fit s"],
      result.leaderboard.map((e, i) => {
        const mean = e.foldScores.reduce((a, b) => a + b, 0) / e.foldScores.length;
        const sd = Math.sqrt(e.foldScores.reduce((a, b) => a + (b - mean) ** 2, 0) / e.foldScores.length);
        return [
          String(i + 1),
          e.modelType,
          e.cvScore.toFixed(5),
          `${mean.toFixed(4)} ± ${sd.toFixed(4)}`,
          String(e.trials),
          e.fitSeconds.toFixed(2),
        ];
      }),
    ),
  );
  const best = result.leaderboard[0];
  io.out(
    `\nBest single: ${result.bestTrial}, ${result.metric} ${best.cvScore.toFixed(5)}; ${result.seconds.toFixed(1)}s in all.`,
  );
  if (result.ensemble) {
    const e = result.ensemble;
    io.out(
      `Ensemble (Caruana, ${e.weights.length} members): ${result.metric} ${e.cvScore.toFixed(5)} nested out-of-fold ` +
        `(${e.inSampleScore.toFixed(5)} with weights chosen on the scored rows themselves).`,
    );
    for (const w of e.weights) io.out(`  ${w.weight.toFixed(2)}  ${w.trialId}`);
    io.out(
      e.kept
        ? "The ensemble is the saved model: its nested score beats the best single trial's."
        : `The ensemble is not kept (its nested score does not beat ${e.bestSingleScore.toFixed(5)}): the best single trial is the saved model.`,
    );
  }
  if (result.pareto) {
    const metrics = result.pareto.metrics;
    io.out(`\nPareto front over ${metrics.join(", ")}:`);
    for (const p of result.pareto.front) {
      io.out(`  ${p.trialId}  ${metrics.map((m) => `${m} ${p.scores[m].toFixed(5)}`).join("  ")}`);
    }
    for (const sel of result.pareto.selections ?? []) {
      const weights = Object.entries(sel.weights)
        .map(([m, v]) => `${m}×${v.toFixed(2)}`)
        .join(" + ");
      io.out(`  ${weights}: ${sel.trialId ?? `ensemble of ${sel.ensemble?.length ?? 0}`}`);
    }
  }
}
