import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ErrorBox, when } from "../../components/status.js";
import { useLoad } from "../../components/use-load.js";
import { useClient, useSession } from "../../session/session-context.js";
import { recentRuns, rememberRun } from "./recent-runs.js";

const PHASES = [
  "data_preparation",
  "label_selection",
  "feature_engineering",
  "model_training",
  "model_deployment",
  "report_creation",
  "monitoring_creation",
];

/** Starts an agentic run: what to build, the data, and which phases ask a person. */
function StartForm() {
  const client = useClient();
  const { teamId } = useSession();
  const navigate = useNavigate();
  const datasets = useLoad((c, signal) => c.datasets.list({ page_size: 100 }, { signal }), []);
  const [form, setForm] = useState({
    name: "",
    description: "",
    query: "",
    datasetId: "",
    autoMode: false,
    safeFeatures: true,
    autoDeploy: false,
    timeout: "",
  });
  const [ask, setAsk] = useState(new Set(PHASES));
  const [error, setError] = useState<unknown>();
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const started = await client.agentic.startRun({
        model_name: form.name.trim(),
        model_description: form.description,
        user_query: form.query.trim() || null,
        dataset_id: form.datasetId || null,
        auto_mode: form.autoMode,
        auto_apply_safe_features: form.safeFeatures,
        auto_deploy: form.autoDeploy,
        require_approval: PHASES.filter((p) => ask.has(p)),
        decision_timeout_seconds: form.timeout ? Number(form.timeout) : null,
      });
      if (teamId)
        rememberRun(teamId, {
          id: started.run_id,
          name: form.name.trim(),
          startedAt: new Date().toISOString(),
        });
      navigate(`/runs/${started.run_id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="start-title">
      <h2 id="start-title">Start a run</h2>
      <div className="fields">
        <label>
          Model name
          <input required value={form.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          What to build, in words
          <input
            value={form.query}
            onChange={(e) => set({ query: e.target.value })}
            placeholder="predict the species of the penguins"
          />
        </label>
        <label>
          Dataset
          <select value={form.datasetId} onChange={(e) => set({ datasetId: e.target.value })}>
            <option value="">Let the run offer them</option>
            {datasets.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Description
          <input value={form.description} onChange={(e) => set({ description: e.target.value })} />
        </label>
        <label>
          Decision timeout (seconds, then the recommendation is taken and the run pauses)
          <input
            type="number"
            min={1}
            value={form.timeout}
            onChange={(e) => set({ timeout: e.target.value })}
          />
        </label>
      </div>
      <fieldset>
        <legend>Phases that ask you</legend>
        {PHASES.map((p) => (
          <label key={p} className="inline">
            <input
              type="checkbox"
              checked={ask.has(p)}
              onChange={(e) => {
                const next = new Set(ask);
                if (e.target.checked) next.add(p);
                else next.delete(p);
                setAsk(next);
              }}
            />
            {p.replaceAll("_", " ")}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Automation</legend>
        <label className="inline">
          <input
            type="checkbox"
            checked={form.autoMode}
            onChange={(e) => set({ autoMode: e.target.checked })}
          />
          Auto mode (take every recommendation)
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={form.safeFeatures}
            onChange={(e) => set({ safeFeatures: e.target.checked })}
          />
          Apply safe feature suggestions without asking
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={form.autoDeploy}
            onChange={(e) => set({ autoDeploy: e.target.checked })}
          />
          Deploy without asking
        </label>
      </fieldset>
      <button type="submit" disabled={!form.name.trim()}>
        Start run
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

/** Agentic runs: start one, or go back to one this browser started. */
export function RunsPage() {
  const { teamId } = useSession();
  const runs = teamId ? recentRuns(teamId) : [];
  return (
    <>
      <h1>Agentic runs</h1>
      <StartForm />
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">Runs started here</h2>
        {runs.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ul className="list">
            {runs.map((r) => (
              <li key={r.id}>
                <Link to={`/runs/${r.id}`}>{r.name}</Link> <span className="muted">{when(r.startedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
