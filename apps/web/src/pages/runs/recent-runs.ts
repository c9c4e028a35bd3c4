/** Runs started from this browser, per team (the API has no list of runs): newest first, at most 30. */
const key = (teamId: string) => `parzen.console.runs.${teamId}`;

export interface RecentRun {
  id: string;
  name: string;
  startedAt: string;
}

/** The runs this browser started for the team. */
export function recentRuns(teamId: string): RecentRun[] {
  try {
    return JSON.parse(window.localStorage.getItem(key(teamId)) ?? "[]") as RecentRun[];
  } catch {
    return [];
  }
}

/** Remembers a run this browser started or opened. */
export function rememberRun(teamId: string, run: RecentRun): void {
  const others = recentRuns(teamId).filter((r) => r.id !== run.id);
  window.localStorage.setItem(key(teamId), JSON.stringify([run, ...others].slice(0, 30)));
}
