import { isBetter, type Metric } from "../metrics/metrics.js";
import type { ModelFamily } from "../models/family.js";
import type { LibraryEntry } from "../search/matrix.js";
import type { LeaderboardEntry } from "./result.js";

/** Orders trials best first on the selection metric; ties go to the smaller trial id, so the order is stable. */
export function trialRanking(primary: Metric): (a: LibraryEntry, b: LibraryEntry) => number {
  return (a, b) =>
    isBetter(primary, a.value, b.value)
      ? -1
      : isBetter(primary, b.value, a.value)
        ? 1
        : a.id.localeCompare(b.id);
}

/** One row per family — its best complete trial, with the time spent on all its trials — best family first. */
export function buildLeaderboard(
  families: ModelFamily[],
  library: LibraryEntry[],
  primary: Metric,
): LeaderboardEntry[] {
  const rank = trialRanking(primary);
  return families
    .map((family) => {
      const own = library.filter((e) => e.modelType === family.name);
      const top = own.filter((e) => e.state === "complete").sort(rank)[0];
      return (
        top && {
          modelType: family.name,
          trialId: top.id,
          params: top.params,
          cvScore: top.value,
          scores: top.scores,
          foldScores: top.foldScores,
          fitSeconds: own.reduce((a, e) => a + e.seconds, 0),
          trials: own.length,
        }
      );
    })
    .filter((e): e is LeaderboardEntry => Boolean(e))
    .sort((a, b) =>
      isBetter(primary, a.cvScore, b.cvScore) ? -1 : isBetter(primary, b.cvScore, a.cvScore) ? 1 : 0,
    );
}
