import type { Job, TrainerRunResult } from "@parzen/client";
import { useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { VegaChart } from "../components/chart.js";
import { ErrorBox, num, ProgressBar, StatusBadge } from "../components/status.js";
import { useClient } from "../session/session-context.js";
import { ensembleChart, paretoChart, trialsOverTime } from "./training-charts.js";

interface Progress {
  fraction?: number;
  message?: string;
  phase?: string;
  trials_done?: number;
  trials_total?: number;
  best_score?: number | null;
}

/** A training job: live progress over Server-Sent Events, then the leaderboard and its charts. */
export function TrainingRunPage() {
  const { jobId = "" } = useParams();
  const client = useClient();
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      for await (const update of client.jobs.stream(jobId, { signal: controller.signal })) setJob(update);
      setJob(await client.jobs.retrieve(jobId, { signal: controller.signal }));
    })().catch((e) => !controller.signal.aborted && setError(e));
    return () => controller.abort();
  }, [client, jobId]);
  const progress = (job?.progress ?? {}) as Progress;
  const result = job?.status === "completed" ? (job.result as TrainerRunResult) : undefined;
  return (
    <>
      <h1>Training run</h1>
      <ErrorBox error={error} />
      {job && (
        <section aria-labelledby="progress-title" className="card">
          <h2 id="progress-title">Progress</h2>
          <p>
            <StatusBadge status={job.status} /> {progress.message}
          </p>
          <ProgressBar value={progress.fraction ?? 0} label="Training progress" />
          <p aria-live="polite" className="muted">
            {progress.trials_total ? `${progress.trials_done ?? 0} of ${progress.trials_total} trials` : ""}
            {progress.best_score != null ? ` · best so far ${num(progress.best_score)}` : ""}
          </p>
          {job.status === "failed" && <ErrorBox error={(job.error as { message?: string })?.message} />}
          {(job.status === "pending" || job.status === "running") && (
            <button
              type="button"
              className="secondary"
              onClick={() => client.jobs.cancel(jobId).catch(setError)}
            >
              Cancel
            </button>
          )}
        </section>
      )}
      {result && <RunResult result={result} />}
    </>
  );
}

function RunResult({ result }: { result: TrainerRunResult }) {
  const trials = useMemo(() => trialsOverTime(result), [result]);
  const pareto = useMemo(() => paretoChart(result), [result]);
  const ensemble = useMemo(() => ensembleChart(result), [result]);
  return (
    <>
      <p>
        Model: <Link to={`/models/${result.model_id}`}>open the trained model</Link> · task{" "}
        {String(result.task.kind)} on <code>{String(result.task.label_column)}</code>, metric {result.metric}
      </p>
      <section aria-labelledby="leaderboard-title">
        <h2 id="leaderboard-title">Leaderboard</h2>
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Leaderboard: each family's best trial</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Family</th>
                <th scope="col">{result.metric}</th>
                <th scope="col">Fold scores</th>
                <th scope="col">Fit seconds</th>
              </tr>
            </thead>
            <tbody>
              {result.leaderboard.map((entry, i) => (
                <tr key={entry.trial_id}>
                  <td>{i + 1}</td>
                  <th scope="row">{entry.model_type}</th>
                  <td>{num(entry.cv_score)}</td>
                  <td>{entry.fold_scores.map((s) => num(s)).join(" · ")}</td>
                  <td>{num(entry.fit_seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {result.ensemble && (
          <p>Ensemble: nested score {num((result.ensemble as { cv_score?: number }).cv_score)}</p>
        )}
      </section>
      <div className="charts">
        {trials && <VegaChart spec={trials} title="Trials over time" />}
        {pareto && <VegaChart spec={pareto} title="Pareto front" />}
        {ensemble && <VegaChart spec={ensemble} title="Ensemble weights" />}
      </div>
    </>
  );
}
