import type { AgenticPhaseList, AgenticRun } from "@parzen/client";
import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { ErrorBox, ProgressBar, StatusBadge } from "../../components/status.js";
import { useClient, useSession } from "../../session/session-context.js";
import { ChatPanel } from "./chat-panel.js";
import { DecisionForm } from "./decision-form.js";
import { rememberRun } from "./recent-runs.js";
import { Timeline } from "./timeline.js";

const FINAL = new Set(["completed", "failed", "cancelled"]);

/** What the run made, as links. */
function Outcome({ run }: { run: AgenticRun }) {
  const links: [string | null, string, string][] = [
    [run.dataset_id, "/datasets/", "Dataset"],
    [run.model_id, "/models/", "Model"],
    [run.deployment_id, "/deployments/", "Deployment"],
    [run.report_id, "/reports/", "Report"],
    [run.monitor_id, "/monitors/", "Monitor"],
  ];
  const made = links.filter(([id]) => id);
  if (made.length === 0) return null;
  return (
    <nav aria-label="What the run made" className="outcome">
      {made.map(([id, base, label]) => (
        <Link key={label} to={`${base}${id}`}>
          {label}
        </Link>
      ))}
    </nav>
  );
}

/**
 * An agentic run: its timeline, the pending decision as a form (the recommendation and its reason shown), the chat
 * beside it, progress, and cancel, skip and resume. The state is polled while the run works.
 */
export function RunPage() {
  const { id = "" } = useParams();
  const client = useClient();
  const { teamId } = useSession();
  const [run, setRun] = useState<AgenticRun>();
  const [phases, setPhases] = useState<AgenticPhaseList["items"]>([]);
  const [error, setError] = useState<unknown>();
  const refresh = useCallback(async () => {
    try {
      const [state, list] = await Promise.all([client.agentic.getRunState(id), client.agentic.getPhases(id)]);
      setRun(state);
      setPhases(list.items);
    } catch (e) {
      setError(e);
    }
  }, [client, id]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // While a phase works the state changes every moment; while a decision waits it may time out (the run pauses).
  const every = run?.status === "running" ? 1000 : run?.status === "waiting_for_decision" ? 2000 : 0;
  useEffect(() => {
    if (!every) return;
    const timer = window.setInterval(() => void refresh(), every);
    return () => window.clearInterval(timer);
  }, [every, refresh]);
  useEffect(() => {
    if (run && teamId)
      rememberRun(teamId, { id: run.run_id, name: run.model_name, startedAt: run.created_at });
  }, [run, teamId]);

  const act = (call: () => Promise<unknown>) => () => {
    setError(undefined);
    call().then(refresh, setError);
  };
  if (!run) return error ? <ErrorBox error={error} /> : <p className="muted">Loading…</p>;
  const decision = run.pending_decision;
  return (
    <>
      <h1>{run.model_name}</h1>
      <p data-testid="run-status">
        <StatusBadge status={run.status} /> {run.progress.message}
      </p>
      <ProgressBar value={run.progress.fraction} label="Run progress" />
      <div className="actions">
        {!FINAL.has(run.status) && (
          <>
            <button type="button" className="secondary" onClick={act(() => client.agentic.skipPhase(id))}>
              Skip this phase
            </button>
            <button type="button" className="secondary" onClick={act(() => client.agentic.cancelRun(id))}>
              Cancel run
            </button>
          </>
        )}
        {run.status === "paused" && (
          <button type="button" onClick={act(() => client.agentic.resumeRun(id))}>
            Resume
          </button>
        )}
      </div>
      <ErrorBox error={error ?? run.error?.message} />
      <Outcome run={run} />
      <div className="run-layout">
        <div>
          {decision && run.status === "waiting_for_decision" && (
            <DecisionForm
              key={`${decision.id}-${decision.round}`}
              decision={decision}
              submit={(body) => client.agentic.submitDecision(id, body).then(refresh)}
            />
          )}
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            <Timeline phases={phases} current={run.current_phase} />
          </section>
        </div>
        <ChatPanel
          runId={id}
          version={`${run.status}-${run.current_phase}-${decision?.id ?? ""}`}
          onAction={refresh}
        />
      </div>
    </>
  );
}
